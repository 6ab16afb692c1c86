#include "services/holdings/holdings_overview.h"

#include <soci/soci.h>

#include <map>
#include <set>
#include <unordered_map>
#include <utility>

#include "core/dates.h"
#include "store/sql_values.h"

namespace vafa::services::holdings {
namespace {

constexpr char kAnyHolding[] =
    "SELECT COUNT(*) FROM (SELECT 1 FROM holdings WHERE workspace_id = :w "
    "LIMIT 1) AS one";

// Each holding's balance on its latest day.
constexpr char kLatestBalances[] =
    "SELECT b.holding_id, b.balance_minor FROM holding_balances b JOIN "
    "(SELECT holding_id, MAX(as_of) AS last_day FROM holding_balances WHERE "
    "workspace_id = :w1 GROUP BY holding_id) l ON l.holding_id = b.holding_id "
    "AND l.last_day = b.as_of WHERE b.workspace_id = :w2";

constexpr char kLatestBalanceDay[] =
    "SELECT MAX(as_of) FROM holding_balances WHERE workspace_id = :w";

// The month of an ISO day ("YYYY-MM-DD") on the calendar, as year * 12 +
// month - 1; -1 for no day.
int MonthNumber(const std::string& day, bool jalali) {
  if (day.size() < 10) return -1;
  try {
    CivilDate date{.year = std::stoi(day.substr(0, 4)),
                   .month = std::stoi(day.substr(5, 2)),
                   .day = std::stoi(day.substr(8, 2))};
    if (jalali) date = JalaliFromDays(DaysFromGregorian(date));
    return date.year * 12 + date.month - 1;
  } catch (const std::exception&) {
    return -1;
  }
}

std::string MonthText(int month) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d", month / 12, month % 12 + 1);
  return text;
}

std::vector<HoldingMonth> OpeningsAndClosings(
    const std::vector<HoldingSpan>& spans, bool jalali) {
  std::map<int, std::pair<int64_t, int64_t>> counts;
  for (const HoldingSpan& span : spans) {
    if (int m = MonthNumber(span.opened_on, jalali); m >= 0) ++counts[m].first;
    if (int m = MonthNumber(span.closed_on, jalali); m >= 0) ++counts[m].second;
  }
  std::vector<HoldingMonth> out;
  if (counts.empty()) return out;
  for (int m = counts.begin()->first; m <= counts.rbegin()->first; ++m) {
    auto found = counts.find(m);
    out.push_back({.month = MonthText(m),
                   .opened = found == counts.end() ? 0 : found->second.first,
                   .closed = found == counts.end() ? 0 : found->second.second});
  }
  return out;
}

}  // namespace

Result<std::string> WorkspaceKind(store::Database& db, int64_t workspace_id) {
  try {
    long long w = workspace_id, count = 0;
    db.sql() << kAnyHolding, soci::use(w), soci::into(count);
    return std::string(count > 0 ? "contractual" : "retail");
  } catch (const std::exception& error) {
    return store::DatabaseError("reading whether the workspace holds products",
                                error);
  }
}

HoldingsOverview SummarizeHoldings(
    const std::vector<HoldingSpan>& spans,
    const std::vector<std::pair<int64_t, int64_t>>& latest_balances,
    bool jalali) {
  std::unordered_map<int64_t, int64_t> balance_of(latest_balances.begin(),
                                                  latest_balances.end());
  std::map<std::string, HoldingTypeFigures> by_type;
  std::map<std::string, std::set<int64_t>> holders_of_type;
  std::set<int64_t> held, holding;
  for (const HoldingSpan& span : spans) {
    held.insert(span.customer_id);
    if (!span.closed_on.empty()) continue;
    holding.insert(span.customer_id);
    HoldingTypeFigures& figures = by_type[span.product_type];
    ++figures.open_holdings;
    holders_of_type[span.product_type].insert(span.customer_id);
    auto balance = balance_of.find(span.holding_id);
    if (balance != balance_of.end()) figures.balance_minor += balance->second;
  }
  HoldingsOverview out;
  out.customers_holding = static_cast<int64_t>(holding.size());
  out.customers_closed = static_cast<int64_t>(held.size() - holding.size());
  for (std::string_view type : ProductTypes()) {
    auto found = by_type.find(std::string(type));
    if (found == by_type.end()) continue;
    found->second.type = found->first;
    found->second.customers =
        static_cast<int64_t>(holders_of_type[found->first].size());
    out.by_type.push_back(found->second);
  }
  out.by_month = OpeningsAndClosings(spans, jalali);
  return out;
}

Result<HoldingsOverview> OverviewOfHoldings(store::Database& db,
                                            int64_t workspace_id, bool jalali) {
  VAFA_ASSIGN_OR_RETURN(std::vector<HoldingSpan> spans,
                        HoldingSpans(db, workspace_id));
  std::vector<std::pair<int64_t, int64_t>> balances;
  std::string as_of;
  try {
    long long w = workspace_id;
    soci::rowset<soci::row> rows =
        (db.sql().prepare << kLatestBalances, soci::use(w), soci::use(w));
    for (const soci::row& row : rows) {
      balances.emplace_back(store::RowInt(row, 0), store::RowInt(row, 1));
    }
    soci::indicator known = soci::i_null;
    db.sql() << kLatestBalanceDay, soci::use(w), soci::into(as_of, known);
    if (known != soci::i_ok) as_of.clear();
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the latest balances of the workspace",
                                error);
  }
  HoldingsOverview out = SummarizeHoldings(spans, balances, jalali);
  out.balances_as_of = std::move(as_of);
  return out;
}

}  // namespace vafa::services::holdings
