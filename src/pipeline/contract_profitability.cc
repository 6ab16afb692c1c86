#include "pipeline/contract_profitability.h"

#include <soci/soci.h>

#include <algorithm>
#include <limits>
#include <numeric>
#include <unordered_map>

#include "analytics/pareto.h"
#include "analytics/profitability.h"
#include "analytics/report_tables.h"
#include "core/report_table_csv.h"
#include "services/customers/interactions.h"
#include "services/holdings/holdings.h"
#include "store/sql_values.h"
#include "store/workspace_repository.h"

namespace vafa::pipeline {
namespace {

using analytics::ContractBook;
using analytics::kNoDay;
using nlohmann::json;

constexpr char kCustomerKeys[] =
    "SELECT id, external_id FROM customers WHERE workspace_id = :w";

// A day of the store ("2024-01-05"); kNoDay for "" or a day that does not
// read.
DayNumber StoredDay(const std::string& text) {
  if (text.empty()) return kNoDay;
  auto at = ParseDateTime(text);
  return at.ok() ? DayOf(*at) : kNoDay;
}

// The book's index of a customer, added on first sight.
int32_t CustomerIndex(LoadedContracts& out,
                      std::unordered_map<int64_t, int32_t>& index,
                      int64_t customer_id) {
  auto [at, added] = index.try_emplace(
      customer_id, static_cast<int32_t>(out.customer_ids.size()));
  if (added) out.customer_ids.push_back(customer_id);
  return at->second;
}

Status ReadHoldings(store::Database& db, int64_t workspace_id,
                    LoadedContracts& out,
                    std::unordered_map<int64_t, int32_t>& customers) {
  VAFA_ASSIGN_OR_RETURN(std::vector<services::holdings::HoldingSpan> spans,
                        services::holdings::HoldingSpans(db, workspace_id));
  VAFA_ASSIGN_OR_RETURN(
      std::vector<services::holdings::HoldingBalance> balances,
      services::holdings::BalancesOfWorkspace(db, workspace_id));
  ContractBook& book = out.book;
  std::unordered_map<int64_t, int32_t> holding_index;
  std::unordered_map<std::string, int32_t> branch_index;
  for (const services::holdings::HoldingSpan& span : spans) {
    const DayNumber opened = StoredDay(span.opened_on);
    if (opened == kNoDay) continue;
    holding_index.emplace(span.holding_id,
                          static_cast<int32_t>(book.holding_type.size()));
    book.holding_customer.push_back(
        CustomerIndex(out, customers, span.customer_id));
    book.holding_type.push_back(span.product_type);
    book.holding_opened.push_back(opened);
    book.holding_closed.push_back(StoredDay(span.closed_on));
    int32_t branch = -1;
    if (!span.branch.empty()) {
      auto [at, added] = branch_index.try_emplace(
          span.branch, static_cast<int32_t>(book.branches.size()));
      if (added) book.branches.push_back(span.branch);
      branch = at->second;
    }
    book.holding_branch.push_back(branch);
    out.last_day = std::max({out.last_day, opened, book.holding_closed.back()});
    if (out.first_day == 0 || opened < out.first_day) out.first_day = opened;
  }
  DayNumber last_balance = 0;
  for (const services::holdings::HoldingBalance& balance : balances) {
    auto holding = holding_index.find(balance.holding_id);
    const DayNumber day = StoredDay(balance.as_of);
    if (holding == holding_index.end() || day == kNoDay) continue;
    book.balance_holding.push_back(holding->second);
    book.balance_day.push_back(day);
    book.balance_minor.push_back(balance.balance_minor);
    last_balance = std::max(last_balance, day);
  }
  if (last_balance > 0) out.last_day = last_balance;
  return Status::Ok();
}

Status ReadChannelUses(store::Database& db, int64_t workspace_id,
                       LoadedContracts& out,
                       std::unordered_map<int64_t, int32_t>& customers,
                       bool any_balance) {
  VAFA_ASSIGN_OR_RETURN(std::vector<services::customers::ChannelUse> uses,
                        services::customers::ChannelUsesOfWorkspace(
                            db, workspace_id, kChannelUseType));
  ContractBook& book = out.book;
  // The known channels first, in their order, then the others as found.
  std::unordered_map<std::string, int32_t> channel_index;
  for (std::string_view channel : services::holdings::ServiceChannels()) {
    channel_index.emplace(std::string(channel),
                          static_cast<int32_t>(book.channels.size()));
    book.channels.emplace_back(channel);
  }
  for (const services::customers::ChannelUse& use : uses) {
    auto [at, added] = channel_index.try_emplace(
        use.channel, static_cast<int32_t>(book.channels.size()));
    if (added) book.channels.push_back(use.channel);
    book.use_customer.push_back(CustomerIndex(out, customers, use.customer_id));
    book.use_day.push_back(DayOf(use.occurred_at));
    book.use_channel.push_back(at->second);
    if (!any_balance)
      out.last_day = std::max(out.last_day, book.use_day.back());
  }
  return Status::Ok();
}

Status ReadCustomerKeys(store::Database& db, int64_t workspace_id,
                        LoadedContracts& out) {
  std::unordered_map<int64_t, std::string> keys;
  try {
    long long w = workspace_id;
    soci::rowset<soci::row> rows =
        (db.sql().prepare << kCustomerKeys, soci::use(w));
    for (const soci::row& row : rows) {
      keys.emplace(store::RowInt(row, 0), store::RowText(row, 1));
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the customers' keys", error);
  }
  for (int64_t id : out.customer_ids) {
    auto found = keys.find(id);
    out.customer_keys.push_back(found == keys.end() || found->second.empty()
                                    ? std::to_string(id)
                                    : found->second);
  }
  return Status::Ok();
}

DayNumber AddMonths(DayNumber day, int months) {
  CivilDate date = GregorianFromDays(day);
  const int month = date.year * 12 + date.month - 1 + months;
  return DaysFromGregorian({month / 12, month % 12 + 1, 1});
}

// The customers who count, most profitable first (ties by index).
std::vector<int32_t> ByProfit(const analytics::ContractProfit& profit) {
  std::vector<int32_t> order;
  for (int32_t c = 0; c < static_cast<int32_t>(profit.profit.size()); ++c) {
    if (profit.counts(c)) order.push_back(c);
  }
  std::stable_sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
    return profit.profit[a] > profit.profit[b];
  });
  return order;
}

constexpr ColumnType kTextColumn = ColumnType::kText;
constexpr ColumnType kIntegerColumn = ColumnType::kInteger;
constexpr ColumnType kNumberColumn = ColumnType::kNumber;
constexpr ColumnType kMoneyColumn = ColumnType::kMoney;

ReportTable ContractProfitTable(const LoadedContracts& loaded,
                                const analytics::ContractProfit& profit) {
  ReportTable table =
      analytics::NewReportTable("profitability",
                                {{"customer", kTextColumn},
                                 {"margin", kMoneyColumn},
                                 {"fees", kMoneyColumn},
                                 {"cost_to_serve", kMoneyColumn},
                                 {"profit", kMoneyColumn},
                                 {"channel_uses", kIntegerColumn},
                                 {"holdings", kIntegerColumn}},
                                loaded.currency);
  for (int32_t c : ByProfit(profit)) {
    table.Text(loaded.customer_keys[c]);
    table.Integer(profit.margin[c]);
    table.Integer(profit.fees[c]);
    table.Integer(profit.cost_to_serve[c]);
    table.Integer(profit.profit[c]);
    table.Integer(profit.uses[c]);
    table.Integer(profit.holdings[c]);
    table.EndWrittenRow();
  }
  return table;
}

// The key-customer reports of analytics/report_tables.h over the profit.
Result<ReportTable> ContractKeyCustomerTable(
    const LoadedContracts& loaded, const analytics::ContractProfit& profit,
    const std::string& name) {
  const analytics::CustomerSummary summary =
      analytics::SummarizeContracts(loaded.book, profit);
  analytics::ParetoOptions options;
  options.classes_by_margin = true;
  const analytics::KeyCustomers key =
      analytics::AnalyzeKeyCustomers(summary, options);
  if (name == "pareto") {
    ReportTable table = analytics::ParetoTable(key);
    table.set_currency(loaded.currency);  // as every report's: no money in it
    return table;
  }
  VAFA_ASSIGN_OR_RETURN(analytics::Profitability matrix,
                        analytics::AnalyzeProfitability(summary, {}, {}));
  if (name == "value") {
    return analytics::CustomerValueTable(loaded.customer_keys, key, matrix,
                                         loaded.currency);
  }
  if (name == "abc") {
    return analytics::AbcTable(summary, key, matrix, loaded.currency);
  }
  return analytics::MatrixTable(matrix, loaded.currency);
}

std::string PeriodName(analytics::MigrationPeriod length) {
  return length == analytics::MigrationPeriod::kMonth ? "month" : "quarter";
}

Result<analytics::ChannelMigration> Migration(
    const LoadedContracts& loaded, const ContractPeriod& period,
    analytics::MigrationPeriod length) {
  return analytics::ComputeChannelMigration(
      loaded.book, loaded.rates, period.from, period.to, length,
      analytics::BranchOfFirstHolding(loaded.book), loaded.book.branches);
}

// The uses of each channel and their share per period (channel_mix), or
// the uses, their cost and the saving against the first period's mix
// (channel_savings): all customers first (no segment), then each branch.
ReportTable ChannelMigrationTable(const analytics::ChannelMigration& migration,
                                  bool savings, const std::string& currency) {
  ReportTable table =
      savings ? analytics::NewReportTable("channel_savings",
                                          {{"segment", kTextColumn},
                                           {"period", kTextColumn},
                                           {"uses", kIntegerColumn},
                                           {"cost", kMoneyColumn},
                                           {"cost_at_first_mix", kMoneyColumn},
                                           {"saved", kMoneyColumn}},
                                          currency)
              : analytics::NewReportTable("channel_mix",
                                          {{"segment", kTextColumn},
                                           {"period", kTextColumn},
                                           {"channel", kTextColumn},
                                           {"uses", kIntegerColumn},
                                           {"share", kNumberColumn}},
                                          currency);
  auto add = [&](const std::string& segment, const analytics::ChannelMix& mix) {
    for (const analytics::ChannelPeriod& p : mix.periods) {
      if (savings) {
        analytics::TextCell(table, segment);
        table.Text(p.label);
        table.Integer(p.total_uses);
        table.Integer(p.cost);
        table.Integer(p.cost_at_first_mix);
        table.Integer(p.saved);
        table.EndWrittenRow();
        continue;
      }
      for (size_t c = 0; c < migration.channels.size(); ++c) {
        analytics::TextCell(table, segment);
        table.Text(p.label);
        table.Text(migration.channels[c]);
        table.Integer(p.uses[c]);
        // No use in the period: no share (an empty cell).
        table.Number(p.total_uses > 0
                         ? static_cast<double>(p.uses[c]) /
                               static_cast<double>(p.total_uses)
                         : std::numeric_limits<double>::quiet_NaN());
        table.EndWrittenRow();
      }
    }
  };
  add("", migration.all);
  for (size_t s = 0; s < migration.segments.size(); ++s) {
    add(migration.segments[s], migration.by_segment[s]);
  }
  return table;
}

// Each customer's uses per period and channel, the uses that are not 0.
ReportTable ChannelCustomersTable(const LoadedContracts& loaded,
                                  const ContractPeriod& period,
                                  analytics::MigrationPeriod length) {
  const auto uses = analytics::ChannelUsesByCustomer(loaded.book, period.from,
                                                     period.to, length);
  const analytics::ChannelMix labels =
      analytics::ComputeChannelMigration({}, {}, period.from, period.to, length)
          ->all;
  ReportTable table = analytics::NewReportTable("channel_customers",
                                                {{"customer", kTextColumn},
                                                 {"period", kTextColumn},
                                                 {"channel", kTextColumn},
                                                 {"uses", kIntegerColumn}},
                                                loaded.currency);
  for (size_t c = 0; c < uses.size(); ++c) {
    for (size_t p = 0; p < uses[c].size(); ++p) {
      for (size_t k = 0; k < uses[c][p].size(); ++k) {
        if (uses[c][p][k] == 0) continue;
        table.Text(loaded.customer_keys[c]);
        table.Text(labels.periods[p].label);
        table.Text(loaded.book.channels[k]);
        table.Integer(uses[c][p][k]);
        table.EndWrittenRow();
      }
    }
  }
  return table;
}

json MixJson(const analytics::ChannelMix& mix, bool money) {
  json periods = json::array();
  for (const analytics::ChannelPeriod& p : mix.periods) {
    periods.push_back({{"label", p.label},
                       {"from", FormatGregorian(p.first_day)},
                       {"to", FormatGregorian(p.last_day)},
                       {"uses", p.uses},
                       {"total_uses", p.total_uses},
                       {"cost", money ? json(p.cost) : json(nullptr)},
                       {"cost_at_first_mix",
                        money ? json(p.cost_at_first_mix) : json(nullptr)},
                       {"saved", money ? json(p.saved) : json(nullptr)}});
  }
  return {{"periods", std::move(periods)},
          {"total_saved", money ? json(mix.total_saved) : json(nullptr)}};
}

}  // namespace

analytics::ContractRates ToContractRates(
    const std::vector<services::holdings::ProfitabilityRate>& rates) {
  analytics::ContractRates out;
  for (const services::holdings::ProfitabilityRate& rate : rates) {
    const DayNumber from = StoredDay(rate.valid_from);
    if (from == kNoDay) continue;
    analytics::DatedRate dated{rate.subject, from, rate.value};
    if (rate.kind == services::holdings::kSpreadRate) {
      out.spreads.push_back(std::move(dated));
    } else if (rate.kind == services::holdings::kFeeRate) {
      out.fees.push_back(std::move(dated));
    } else if (rate.kind == services::holdings::kChannelCostRate) {
      out.channel_costs.push_back(std::move(dated));
    }
  }
  return out;
}

Result<LoadedContracts> LoadContracts(store::Database& db,
                                      int64_t workspace_id) {
  LoadedContracts out;
  std::unordered_map<int64_t, int32_t> customers;
  VAFA_RETURN_IF_ERROR(ReadHoldings(db, workspace_id, out, customers));
  VAFA_RETURN_IF_ERROR(ReadChannelUses(db, workspace_id, out, customers,
                                       !out.book.balance_day.empty()));
  out.book.customers = static_cast<int32_t>(out.customer_ids.size());
  VAFA_RETURN_IF_ERROR(ReadCustomerKeys(db, workspace_id, out));
  VAFA_ASSIGN_OR_RETURN(store::Workspace workspace,
                        store::WorkspaceRepository(db).Get(workspace_id));
  out.currency = workspace.currency;
  VAFA_ASSIGN_OR_RETURN(
      services::holdings::StoredProfitabilityRates stored,
      services::holdings::ProfitabilityRatesOf(db, workspace_id));
  out.rates = ToContractRates(stored.rates);
  out.default_rates = stored.defaults;
  return out;
}

Result<ContractPeriod> PeriodOf(const LoadedContracts& loaded,
                                std::optional<DayNumber> from,
                                std::optional<DayNumber> to,
                                bool whole_history) {
  if (loaded.last_day == 0 && (!from || !to)) {
    return Status::Invalid(
        "the workspace holds no products and has no channel use: give "
        "from and to",
        "from");
  }
  ContractPeriod period;
  period.to = to.value_or(loaded.last_day);
  period.from = from.value_or(whole_history ? loaded.first_day
                                            : AddMonths(period.to, -11));
  if (period.from > period.to) {
    return Status::Invalid("from (" + FormatGregorian(period.from) +
                               ") is after to (" + FormatGregorian(period.to) +
                               ")",
                           "from");
  }
  return period;
}

const std::vector<std::string>& ContractReportNames() {
  static const std::vector<std::string> names = {
      "profitability",   "pareto",           "abc",
      "value",           "matrix",           "channel_mix",
      "channel_savings", "channel_customers"};
  return names;
}

bool IsContractKeyCustomerReport(const std::string& name) {
  return name == "pareto" || name == "abc" || name == "value" ||
         name == "matrix";
}

Result<ReportTable> ContractReportTable(const LoadedContracts& loaded,
                                        const ContractPeriod& period,
                                        analytics::MigrationPeriod length,
                                        const std::string& name) {
  const auto& names = ContractReportNames();
  if (std::find(names.begin(), names.end(), name) == names.end()) {
    return Status::NotFound("no contract report \"" + name + "\"");
  }
  if (name == "channel_mix" || name == "channel_savings") {
    VAFA_ASSIGN_OR_RETURN(analytics::ChannelMigration migration,
                          Migration(loaded, period, length));
    return ChannelMigrationTable(migration, name == "channel_savings",
                                 loaded.currency);
  }
  if (name == "channel_customers") {
    return ChannelCustomersTable(loaded, period, length);
  }
  VAFA_ASSIGN_OR_RETURN(analytics::ContractProfit profit,
                        analytics::ComputeContractProfit(
                            loaded.book, loaded.rates, period.from, period.to));
  if (name == "profitability") return ContractProfitTable(loaded, profit);
  return ContractKeyCustomerTable(loaded, profit, name);
}

Status WriteContractReport(const LoadedContracts& loaded,
                           const ContractPeriod& period,
                           analytics::MigrationPeriod length,
                           const std::string& name, std::ostream& out) {
  VAFA_ASSIGN_OR_RETURN(ReportTable table,
                        ContractReportTable(loaded, period, length, name));
  RenderReportCsv(table, out);
  return Status::Ok();
}

Result<json> ContractProfitJson(const LoadedContracts& loaded,
                                const ContractPeriod& period, int limit,
                                bool lowest) {
  VAFA_ASSIGN_OR_RETURN(analytics::ContractProfit profit,
                        analytics::ComputeContractProfit(
                            loaded.book, loaded.rates, period.from, period.to));
  std::vector<int32_t> order = ByProfit(profit);
  if (lowest) std::reverse(order.begin(), order.end());
  json items = json::array();
  for (size_t i = 0; i < order.size() && i < static_cast<size_t>(limit); ++i) {
    const int32_t c = order[i];
    items.push_back({{"customer_id", loaded.customer_ids[c]},
                     {"customer", loaded.customer_keys[c]},
                     {"margin", profit.margin[c]},
                     {"fees", profit.fees[c]},
                     {"cost_to_serve", profit.cost_to_serve[c]},
                     {"profit", profit.profit[c]},
                     {"channel_uses", profit.uses[c]},
                     {"holdings", profit.holdings[c]}});
  }
  return json{{"from", FormatGregorian(period.from)},
              {"to", FormatGregorian(period.to)},
              {"default_rates", loaded.default_rates},
              {"totals",
               {{"customers", static_cast<int64_t>(order.size())},
                {"margin", profit.total_margin},
                {"fees", profit.total_fees},
                {"cost_to_serve", profit.total_cost_to_serve},
                {"profit", profit.total_profit}}},
              {"items", std::move(items)}};
}

Result<json> ChannelMigrationJson(const LoadedContracts& loaded,
                                  const ContractPeriod& period,
                                  analytics::MigrationPeriod length,
                                  bool money) {
  VAFA_ASSIGN_OR_RETURN(analytics::ChannelMigration migration,
                        Migration(loaded, period, length));
  json segments = json::array();
  for (size_t s = 0; s < migration.segments.size(); ++s) {
    json segment = MixJson(migration.by_segment[s], money);
    segment["name"] = migration.segments[s];
    segments.push_back(std::move(segment));
  }
  json out = MixJson(migration.all, money);
  out["from"] = FormatGregorian(period.from);
  out["to"] = FormatGregorian(period.to);
  out["period"] = PeriodName(length);
  out["channels"] = migration.channels;
  out["default_rates"] = loaded.default_rates;
  out["segments"] = std::move(segments);
  return out;
}

}  // namespace vafa::pipeline
