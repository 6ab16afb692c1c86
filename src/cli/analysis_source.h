// What the analysis commands (analyze, clv, basket) read: a workspace of the
// store, or a transactions CSV given with --csv, and the day of the
// analysis. One place for the options and the loading they share.
#ifndef VAFA_CLI_ANALYSIS_SOURCE_H_
#define VAFA_CLI_ANALYSIS_SOURCE_H_

#include <memory>
#include <string>

#include "cli/command.h"
#include "pipeline/transaction_source.h"

namespace vafa::cli {

struct SourceFlags {
  std::string csv;
  std::string currency = "IRR";
  std::string as_of;
  int threads = 0;  // reading a CSV: 0 for every core (the command's --threads)
  // The per-customer summary computed by PostgreSQL
  // (pipeline/database_summary.h; vafa analyze --aggregate-in-db).
  bool aggregate_in_db = false;
};

// Adds --csv, --currency and --as-of.
void AddSourceOptions(CLI::App& command, SourceFlags& flags);

struct AnalysisSource {
  std::unique_ptr<store::Database> db;  // null for a CSV
  int64_t workspace_id = 0;
  pipeline::LoadedLog loaded;
  DayNumber as_of = 0;  // --as-of, else the day after the last order
  // The amounts' currency (--currency for a CSV, the workspace's
  // otherwise) and its minor digits, to print money in major units.
  std::string currency;
  int minor_digits = 0;
};

// Fails when the source cannot be read or holds no orders.
Result<AnalysisSource> LoadAnalysisSource(CommandContext& context,
                                          const SourceFlags& flags);

}  // namespace vafa::cli

#endif  // VAFA_CLI_ANALYSIS_SOURCE_H_
