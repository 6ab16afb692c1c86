#include "cli/analysis_source.h"

#include "core/money.h"
#include "pipeline/database_summary.h"

namespace vafa::cli {

void AddSourceOptions(CLI::App& command, SourceFlags& flags) {
  command.add_option("--csv", flags.csv,
                     "Read this transactions CSV instead of the workspace");
  command.add_option("--currency", flags.currency, "Unit of the CSV's amounts")
      ->capture_default_str();
  command.add_option(
      "--as-of", flags.as_of,
      "Day of the analysis (default: the day after the last order)");
}

namespace {

// --as-of as a day; 0 when it is not given.
Result<DayNumber> AsOfDay(const SourceFlags& flags) {
  if (flags.as_of.empty()) return DayNumber{0};
  auto parsed = ParseDateTime(flags.as_of);
  if (!parsed.ok()) {
    return Status::Invalid("--as-of: " + parsed.status().message(), "as_of");
  }
  return DayOf(*parsed);
}

}  // namespace

Result<AnalysisSource> LoadAnalysisSource(CommandContext& context,
                                          const SourceFlags& flags) {
  AnalysisSource source;
  VAFA_ASSIGN_OR_RETURN(DayNumber as_of, AsOfDay(flags));
  if (flags.aggregate_in_db && !flags.csv.empty()) {
    return Status::Invalid(
        "--aggregate-in-db has the database summarise a workspace; it does "
        "not read --csv",
        "aggregate_in_db");
  }
  if (!flags.csv.empty()) {
    VAFA_ASSIGN_OR_RETURN(
        source.loaded, pipeline::LoadTransactionsCsv(flags.csv, flags.currency,
                                                     0, flags.threads));
    source.currency = flags.currency;
  } else {
    VAFA_ASSIGN_OR_RETURN(source.db, context.Open());
    VAFA_ASSIGN_OR_RETURN(store::Workspace workspace,
                          context.Workspace(*source.db, false));
    source.workspace_id = workspace.id;
    source.currency = workspace.currency;
    VAFA_ASSIGN_OR_RETURN(auto replicas,
                          context.OpenReadReplicas(ReplicaLogToStderr()));
    store::ReadConnection orders(replicas.get(), *source.db);
    VAFA_ASSIGN_OR_RETURN(source.loaded,
                          flags.aggregate_in_db
                              ? pipeline::SummarizeWorkspaceInDatabase(
                                    orders.db(), source.workspace_id, as_of)
                              : pipeline::LoadTransactionsFromStore(
                                    orders.db(), source.workspace_id));
  }
  if (source.loaded.order_count() == 0) {
    return Status::Invalid("there are no orders to analyse");
  }
  VAFA_ASSIGN_OR_RETURN(source.minor_digits,
                        CurrencyMinorDigits(source.currency));
  source.as_of = as_of != 0 ? as_of : source.loaded.last_day + 1;
  return source;
}

}  // namespace vafa::cli
