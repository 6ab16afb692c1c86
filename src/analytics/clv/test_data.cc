#include "analytics/clv/internal/test_data.h"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace vafa::analytics::clv::testing {
namespace {

// Days since 1970-01-01 (Hinnant's days_from_civil).
int DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::ifstream Open(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  return in;
}

}  // namespace

int CdnowDay(int year, int month, int day) {
  return DaysFromCivil(year, month, day) - DaysFromCivil(1997, 1, 1);
}

RepeatPurchaseData ReadCdnowSummary() {
  std::ifstream in = Open("tests/data/cdnow/cdnow_customers_summary.csv");
  RepeatPurchaseData data;
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    int id = 0;
    double x = 0, t_x = 0, age = 0;
    if (std::sscanf(line.c_str(), "%d,%lf,%lf,%lf", &id, &x, &t_x, &age) != 4) {
      throw std::runtime_error("bad summary line: " + line);
    }
    data.frequency.push_back(x);
    data.recency.push_back(t_x);
    data.age.push_back(age);
  }
  return data;
}

CdnowLog ReadCdnowSample() {
  std::ifstream in = Open("tests/data/cdnow/CDNOW_sample.txt");
  CdnowLog log;
  long id = 0, sample_id = 0, date = 0, cds = 0;
  double dollars = 0;
  while (in >> id >> sample_id >> date >> cds >> dollars) {
    log.customer.push_back(static_cast<int>(sample_id) - 1);
    log.day.push_back(CdnowDay(static_cast<int>(date / 10000),
                               static_cast<int>(date / 100 % 100),
                               static_cast<int>(date % 100)));
    log.amount.push_back(dollars);
  }
  return log;
}

}  // namespace vafa::analytics::clv::testing
