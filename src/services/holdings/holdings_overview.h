// What a contractual business's manager reads first (docs/holdings.md,
// "The bank dashboard"): the workspace's kind, how many customers hold
// something, the products held and their balances by type, and the
// holdings opened and closed each month. Reads only the tables of the
// holdings domain; throws nothing.
#ifndef VAFA_SERVICES_HOLDINGS_HOLDINGS_OVERVIEW_H_
#define VAFA_SERVICES_HOLDINGS_HOLDINGS_OVERVIEW_H_

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "services/holdings/holdings.h"
#include "store/database.h"

namespace vafa::services::holdings {

// "contractual" when the workspace holds at least one holding (a bank's,
// an insurer's, a subscription business's customers hold products and
// leave by closing them), "retail" otherwise. Nothing is stored: the kind
// follows the data, so a retail workspace that imports holdings becomes
// contractual.
Result<std::string> WorkspaceKind(store::Database& db, int64_t workspace_id);

// One product type's figures: open holdings, the customers holding one,
// and the sum of each open holding's latest balance (minor units).
struct HoldingTypeFigures {
  std::string type;
  int64_t open_holdings = 0;
  int64_t customers = 0;
  int64_t balance_minor = 0;
};

// The holdings opened and closed in a month ("YYYY-MM").
struct HoldingMonth {
  std::string month;  // "YYYY-MM" on the calendar asked for
  int64_t opened = 0;
  int64_t closed = 0;
};

struct HoldingsOverview {
  int64_t customers_holding = 0;  // with at least one open holding
  int64_t customers_closed = 0;   // who held something and closed it all
  std::vector<HoldingTypeFigures> by_type;  // in ProductTypes() order
  std::vector<HoldingMonth> by_month;       // oldest first, no gaps
  std::string balances_as_of;  // the latest balance day; "" when none
};

// The figures above from the spans and (holding id, latest balance) pairs
// of the workspace's holdings, months on the Jalali calendar when `jalali`
// (1403-01 is Farvardin 1403), else the Gregorian. A holding is open when
// it has no closing day.
HoldingsOverview SummarizeHoldings(
    const std::vector<HoldingSpan>& spans,
    const std::vector<std::pair<int64_t, int64_t>>& latest_balances,
    bool jalali = false);

// SummarizeHoldings over the workspace's holdings, with balances_as_of.
Result<HoldingsOverview> OverviewOfHoldings(store::Database& db,
                                            int64_t workspace_id,
                                            bool jalali = false);

}  // namespace vafa::services::holdings

#endif  // VAFA_SERVICES_HOLDINGS_HOLDINGS_OVERVIEW_H_
