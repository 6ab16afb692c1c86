// The I/O around analytics/contract_profitability.h and
// channel_migration.h: a contractual workspace's holdings, month-end
// balances, channel uses (interactions of type banking) and rates read
// through the holdings and customers domains, and the reports the CLI
// (`vafa profitability --contracts`) and the API share: typed tables
// (core/report_table.h), money in minor units of the workspace's currency,
// rendered to CSV by core/report_table_csv.h and to the API's JSON by
// pipeline/report_rendering.h, and the JSON summaries below.
// docs/holdings.md, "Profitability per customer" and "Channel migration".
#ifndef VAFA_PIPELINE_CONTRACT_PROFITABILITY_H_
#define VAFA_PIPELINE_CONTRACT_PROFITABILITY_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "analytics/channel_migration.h"
#include "analytics/contract_profitability.h"
#include "core/report_table.h"
#include "core/result.h"
#include "services/holdings/profitability_rates.h"
#include "store/database.h"

namespace vafa::pipeline {

// The interaction type whose channel is a use of a service channel.
inline constexpr char kChannelUseType[] = "banking";

struct LoadedContracts {
  analytics::ContractBook book;
  std::vector<int64_t> customer_ids;       // store id per book customer
  std::vector<std::string> customer_keys;  // external id per book customer
  std::string currency;  // the workspace's (ISO 4217): of every amount
  analytics::ContractRates rates;
  bool default_rates = false;  // the workspace stored none
  // The latest balance day, else the latest day of the data; 0 when the
  // workspace holds nothing.
  DayNumber last_day = 0;
  DayNumber first_day = 0;  // the earliest opening or channel use
};
Result<LoadedContracts> LoadContracts(store::Database& db,
                                      int64_t workspace_id);

// The services' rates as the analytics read them.
analytics::ContractRates ToContractRates(
    const std::vector<services::holdings::ProfitabilityRate>& rates);

struct ContractPeriod {
  DayNumber from = 0, to = 0;
};
// The period asked for, each end defaulting to the data: `to` the last
// day, `from` the first day of the twelfth month back from `to`'s month
// (the last twelve months), or with `whole_history` the first day of the
// data (channel migration reads the whole move). Fails on from > to or no
// data.
Result<ContractPeriod> PeriodOf(const LoadedContracts& loaded,
                                std::optional<DayNumber> from,
                                std::optional<DayNumber> to,
                                bool whole_history = false);

// profitability (per customer), pareto, abc, value, matrix (the key
// customer reports of docs/analytics.md over profit), channel_mix,
// channel_savings and channel_customers.
const std::vector<std::string>& ContractReportNames();
// Whether `name` is one of the key-customer reports over orders that a
// contractual workspace reads from its profit instead.
bool IsContractKeyCustomerReport(const std::string& name);

// Report `name` of ContractReportNames() as its table, named after it:
//   profitability: customer, margin, fees, cost_to_serve, profit (money),
//     channel_uses, holdings; the customers who count, most profitable
//     first;
//   pareto, abc, value, matrix: analytics/report_tables.h's tables over the
//     profit (classes by margin);
//   channel_mix: segment, period, channel, uses, share (6 decimals; empty
//     when the period has no use); channel_savings: segment, period, uses,
//     cost, cost_at_first_mix, saved (money): all customers first (an empty
//     segment), then each branch; periods are labels ("2024-01",
//     "2024-Q1"), text;
//   channel_customers: customer, period, channel, uses (uses that are not
//     0).
// NotFound for another name.
Result<ReportTable> ContractReportTable(const LoadedContracts& loaded,
                                        const ContractPeriod& period,
                                        analytics::MigrationPeriod length,
                                        const std::string& name);
// The table's CSV (core/report_table_csv.h) on `out`.
Status WriteContractReport(const LoadedContracts& loaded,
                           const ContractPeriod& period,
                           analytics::MigrationPeriod length,
                           const std::string& name, std::ostream& out);

// {from, to, default_rates, totals, items: the `limit` most (or, with
// `lowest`, least) profitable customers}.
Result<nlohmann::json> ContractProfitJson(const LoadedContracts& loaded,
                                          const ContractPeriod& period,
                                          int limit, bool lowest);
// {from, to, period, channels, periods, total_saved, segments (by
// branch)}; with `money` false the costs and savings are null.
Result<nlohmann::json> ChannelMigrationJson(const LoadedContracts& loaded,
                                            const ContractPeriod& period,
                                            analytics::MigrationPeriod length,
                                            bool money);

}  // namespace vafa::pipeline

#endif  // VAFA_PIPELINE_CONTRACT_PROFITABILITY_H_
