#include "cli/profitability_command.h"

#include <ctime>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "auth/audit_log.h"
#include "cli/analysis_json.h"
#include "core/json_depth.h"
#include "core/report_table_csv.h"
#include "pipeline/contract_profitability.h"
#include "services/holdings/profitability_rates_json.h"
#include "store/database.h"

namespace vafa::cli {
namespace {

using nlohmann::json;

struct ProfitabilityFlags {
  bool contracts = false;
  std::string from, to;  // "": from the data
  std::string report;    // "": the customers by profit (text or JSON)
  std::string by = "quarter";
  int top = 20;
  std::string format = "text";
  bool rates = false;     // print the rates instead
  std::string set_rates;  // a JSON file of rates to store
};

constexpr size_t kMaxRatesFile = 1 << 20;

// The rates file as JSON: at most 1 MiB, nested at most kMaxJsonDepth.
Result<json> ReadRatesFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return Status::Invalid(path + ": cannot be read", "set-rates");
  }
  std::ostringstream text;
  text << in.rdbuf();
  const std::string body = text.str();
  if (body.size() > kMaxRatesFile) {
    return Status::Invalid(path + ": larger than 1 MiB", "set-rates");
  }
  if (!JsonDepthWithin(body)) {
    return Status::Invalid(
        path + ": nested deeper than " + std::to_string(kMaxJsonDepth),
        "set-rates");
  }
  json parsed = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) {
    return Status::Invalid(path + ": not JSON", "set-rates");
  }
  return parsed;
}

// Replaces the workspace's rates with the file's (the API's PUT body) in
// one transaction with its audit entry, then prints what is stored. A bad
// entry names its list, index and field and changes nothing.
int SetRates(store::Database& db, int64_t workspace_id,
             const std::string& path) {
  auto body = ReadRatesFile(path);
  if (!body.ok()) return Fail(body.status());
  auto rates = services::holdings::ParseProfitabilityRates(*body);
  if (!rates.ok()) {
    return Fail(Status::Invalid(path + ": " + rates.status().message(),
                                rates.status().field()));
  }
  services::holdings::StoredProfitabilityRates after;
  Status stored = store::InTransaction(db, [&]() -> Status {
    VAFA_ASSIGN_OR_RETURN(
        services::holdings::StoredProfitabilityRates before,
        services::holdings::ProfitabilityRatesOf(db, workspace_id));
    const int64_t now = std::time(nullptr);
    VAFA_RETURN_IF_ERROR(services::holdings::ReplaceProfitabilityRates(
        db, workspace_id, *rates, now));
    VAFA_ASSIGN_OR_RETURN(
        after, services::holdings::ProfitabilityRatesOf(db, workspace_id));
    auth::AuditEntry entry;
    entry.workspace_id = workspace_id;
    entry.actor = CliActor();
    entry.at = now;
    entry.action = "update";
    entry.entity = "profitability_rates";
    entry.entity_id = workspace_id;
    entry.before_json =
        services::holdings::ProfitabilityRatesJson(before).dump();
    entry.after_json = services::holdings::ProfitabilityRatesJson(after).dump();
    return auth::RecordAudit(db, std::move(entry));
  });
  if (!stored.ok()) return Fail(stored);
  PrintJson(services::holdings::ProfitabilityRatesJson(after));
  return 0;
}

Result<std::optional<DayNumber>> DayFlag(const std::string& text,
                                         const std::string& name) {
  if (text.empty()) return std::optional<DayNumber>();
  auto at = ParseDateTime(text);
  if (!at.ok()) {
    return Status::Invalid(
        "--" + name + " \"" + text + "\": " + at.status().message(), name);
  }
  return std::optional<DayNumber>(DayOf(*at));
}

// The totals, then the `top` most profitable customers as the start of
// the profitability report's CSV (its header and first rows).
void PrintProfitText(const json& report, const ReportTable& customers,
                     int top) {
  const json& totals = report["totals"];
  std::cout << "Profitability per customer, "
            << report["from"].get<std::string>() << " to "
            << report["to"].get<std::string>() << " ("
            << (report["default_rates"].get<bool>() ? "default rates"
                                                    : "the workspace's rates")
            << "): " << totals["customers"] << " customers, margin "
            << totals["margin"] << ", fees " << totals["fees"]
            << ", cost to serve " << totals["cost_to_serve"] << ", profit "
            << totals["profit"] << " (minor units)\n";
  std::istringstream lines(RenderReportCsv(customers));
  std::string line;
  for (int n = 0; n <= top && std::getline(lines, line); ++n) {
    std::cout << line << '\n';
  }
}

int RunProfitability(CommandContext& context, const ProfitabilityFlags& flags) {
  if (!flags.contracts) {
    return Fail(Status::Invalid(
        "vafa profitability reads a contractual workspace: give --contracts "
        "(a retail workspace's profit per customer is vafa analyze's value "
        "report)",
        "contracts"));
  }
  auto db = context.Open();
  if (!db.ok()) return Fail(db.status());
  auto workspace = context.Workspace(**db, /*create=*/false);
  if (!workspace.ok()) return Fail(workspace.status());
  if (!flags.set_rates.empty())
    return SetRates(**db, workspace->id, flags.set_rates);
  if (flags.rates) {
    auto stored = services::holdings::ProfitabilityRatesOf(**db, workspace->id);
    if (!stored.ok()) return Fail(stored.status());
    PrintJson(services::holdings::ProfitabilityRatesJson(*stored));
    return 0;
  }
  auto from = DayFlag(flags.from, "from");
  if (!from.ok()) return Fail(from.status());
  auto to = DayFlag(flags.to, "to");
  if (!to.ok()) return Fail(to.status());
  auto loaded = pipeline::LoadContracts(**db, workspace->id);
  if (!loaded.ok()) return Fail(loaded.status());
  const bool channels = flags.report.starts_with("channel_");
  auto period = pipeline::PeriodOf(*loaded, *from, *to, channels);
  if (!period.ok()) return Fail(period.status());
  const auto length = flags.by == "month"
                          ? analytics::MigrationPeriod::kMonth
                          : analytics::MigrationPeriod::kQuarter;
  if (!flags.report.empty()) {
    if (flags.format == "json" && channels) {
      auto report =
          pipeline::ChannelMigrationJson(*loaded, *period, length, true);
      if (!report.ok()) return Fail(report.status());
      PrintJson(*report);
      return 0;
    }
    Status written = pipeline::WriteContractReport(*loaded, *period, length,
                                                   flags.report, std::cout);
    return written.ok() ? 0 : Fail(written);
  }
  auto report = pipeline::ContractProfitJson(*loaded, *period, flags.top,
                                             /*lowest=*/false);
  if (!report.ok()) return Fail(report.status());
  if (flags.format == "json") {
    PrintJson(*report);
    return 0;
  }
  auto customers =
      pipeline::ContractReportTable(*loaded, *period, length, "profitability");
  if (!customers.ok()) return Fail(customers.status());
  PrintProfitText(*report, *customers, flags.top);
  return 0;
}

}  // namespace

void AddProfitabilityCommand(CLI::App& app, CommandContext& context) {
  auto flags = std::make_shared<ProfitabilityFlags>();
  CLI::App* command = app.add_subcommand(
      "profitability",
      "What a contractual workspace earns on each customer (interest margin "
      "on balances, fees, less the cost to serve by channel) and the channel "
      "migration report (docs/holdings.md)");
  command->add_flag("--contracts", flags->contracts,
                    "Read the workspace's holdings, balances and channel use");
  command->add_option("--from", flags->from,
                      "First day of the period (default: twelve months "
                      "back from --to; for channel_* reports the first day "
                      "of the data)");
  command->add_option("--to", flags->to,
                      "Last day of the period (default: the latest balance "
                      "day)");
  command
      ->add_option("--report", flags->report,
                   "Print one report as CSV instead: profitability, pareto, "
                   "abc, value, matrix, channel_mix, channel_savings or "
                   "channel_customers (channel_* also as --format json)")
      ->check(CLI::IsMember(pipeline::ContractReportNames()));
  command->add_option("--by", flags->by, "Channel periods: month or quarter")
      ->check(CLI::IsMember({"month", "quarter"}))
      ->capture_default_str();
  command->add_option("--top", flags->top, "Customers listed, by profit")
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str();
  AddFormatOption(*command, flags->format);
  command->add_flag("--rates", flags->rates,
                    "Print the rates profit is computed from (spreads, fees, "
                    "channel costs) as JSON, and whether they are the "
                    "defaults");
  command
      ->add_option("--set-rates", flags->set_rates,
                   "Replace the rates with a JSON file's (the form "
                   "--rates prints, without defaults and updated_at; "
                   "three empty lists go back to the defaults)")
      ->excludes("--rates");
  command->callback([&context, flags] {
    context.run = [&context, flags] {
      return RunProfitability(context, *flags);
    };
  });
}

}  // namespace vafa::cli
