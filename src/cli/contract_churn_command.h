// vafa churn --contracts: churn where customers leave by closing what they
// hold (docs/holdings.md, "Contractual churn"). Reads the workspace's
// holdings, balances and complaints, learns P(close within N months) on past
// cutoffs, judges it on a holdout and scores every holder now; the scores
// are stored as contract_close_risk (value: the risk; label: the band),
// contract_close_reasons (value: the rule risk; label: the reason codes)
// and contract_close_stage (label), with a run of kind "contract_churn".
#ifndef VAFA_CLI_CONTRACT_CHURN_COMMAND_H_
#define VAFA_CLI_CONTRACT_CHURN_COMMAND_H_

#include <cstdint>
#include <string>

#include "cli/command.h"

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
};

int RunContractChurn(CommandContext& context, const ContractChurnFlags& flags);

}  // namespace vafa::cli

#endif  // VAFA_CLI_CONTRACT_CHURN_COMMAND_H_
