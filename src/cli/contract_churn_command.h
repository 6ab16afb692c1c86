// vafa churn --contracts: churn where customers leave by closing what they
// hold (docs/holdings.md, "Contractual churn"). Reads the workspace's
// holdings, balances and complaints, learns P(close within N months) on past
// cutoffs, judges it on a holdout and scores every holder now; the scores
// are stored as contract_close_risk (value: the risk; label: the band),
// contract_close_reasons (value: the rule risk; label: the reason codes)
// and contract_close_stage (label), with a run of kind "contract_churn".
// Given the bank's files instead (--holdings, --balances, --interactions,
// --customers), it reads them directly (pipeline/contract_files.h) and
// reports what the same files imported into a store would give.
#ifndef VAFA_CLI_CONTRACT_CHURN_COMMAND_H_
#define VAFA_CLI_CONTRACT_CHURN_COMMAND_H_

#include <cstdint>
#include <string>

#include "cli/command.h"
#include "pipeline/contract_files.h"

namespace vafa::cli {

struct ContractChurnFlags {
  std::string as_of;  // "": the day after the book's last day
  int horizon_months = 6;
  int snapshots = 3;
  double holdout = 0.25;
  uint64_t seed = 1;
  std::string model = "auto";
  int top = 10;
  int threads = 0;
  std::string out;  // folder for contract_churn.csv
  std::string format = "text";
  bool no_scores = false;
  // With files.holdings: the book read from the files, no store (and no
  // scores stored); customers are named by the files' keys.
  pipeline::ContractFiles files;
  std::string currency = "IRR";  // of the balances file
};

int RunContractChurn(CommandContext& context, const ContractChurnFlags& flags);

}  // namespace vafa::cli

#endif  // VAFA_CLI_CONTRACT_CHURN_COMMAND_H_
