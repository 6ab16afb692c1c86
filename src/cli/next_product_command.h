// vafa next-product: which product each customer is most likely to open
// next (docs/holdings.md, "Next product"). Reads the workspace's holdings,
// judges the sequential model against the popularity baseline on a holdout
// (hit at 1 and 3 of the first product opened after a cutoff), then learns
// from every opening up to the day of the analysis and suggests three
// products to each customer who holds something. The suggestions are
// stored as the scores next_product_1, next_product_2 and next_product_3
// (label: the product's code; value: its chance of being next), with a run
// of kind "next_product" whose summary is the JSON report; the API's
// GET …/customers/{id}/next-product reads them.
#ifndef VAFA_CLI_NEXT_PRODUCT_COMMAND_H_
#define VAFA_CLI_NEXT_PRODUCT_COMMAND_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "cli/command.h"
#include "core/result.h"
#include "store/database.h"

namespace vafa::cli {

struct NextProductFlags {
  std::string as_of;  // "": the day after the latest opening or closing
  int horizon_months = 12;
  double holdout = 0.25;
  uint64_t seed = 1;
  int top = 10;  // customers listed in the report
  std::string format = "text";
  bool no_scores = false;
  // With holdings_file: the holdings read from the files, no store (and
  // nothing stored); customers are named by the files' keys.
  std::string holdings_file, customers_file;
};

// Runs the evaluation and the suggestions on the workspace and, unless
// flags.no_scores, stores them; returns the JSON report.
Result<nlohmann::json> ComputeNextProducts(store::Database& db,
                                           int64_t workspace_id,
                                           const NextProductFlags& flags);

// The same report from a bank's files (flags.holdings_file, and
// flags.customers_file for the customers' order), read as `vafa churn
// --contracts` reads them (pipeline/contract_files.h): what the files
// imported into a fresh store would give, nothing stored.
Result<nlohmann::json> ComputeNextProductsOfFiles(
    const NextProductFlags& flags);

void AddNextProductCommand(CLI::App& app, CommandContext& context);

}  // namespace vafa::cli

#endif  // VAFA_CLI_NEXT_PRODUCT_COMMAND_H_
