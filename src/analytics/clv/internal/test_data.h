// Test-only readers for the CDNOW reference files in tests/data/cdnow/
// (see /work/shared/data/README.md for their provenance): the published
// 39-week calibration summary and the 2,357-customer purchase log.
#ifndef VAFA_ANALYTICS_CLV_TEST_DATA_H_
#define VAFA_ANALYTICS_CLV_TEST_DATA_H_

#include <vector>

#include "analytics/clv/repeat_purchase_data.h"

namespace vafa::analytics::clv::testing {

// cdnow_customers_summary.csv: frequency, recency and T in weeks.
RepeatPurchaseData ReadCdnowSummary();

// CDNOW_sample.txt as columns; customer = sample id - 1, day = days since
// 1997-01-01.
struct CdnowLog {
  std::vector<int> customer;
  std::vector<int> day;
  std::vector<double> amount;
};
CdnowLog ReadCdnowSample();

// Days since 1997-01-01 of a Gregorian date (1997-09-30 is day 272, the last
// day of the 39-week calibration; 1998-06-30 is day 545).
int CdnowDay(int year, int month, int day);

}  // namespace vafa::analytics::clv::testing

#endif  // VAFA_ANALYTICS_CLV_TEST_DATA_H_
