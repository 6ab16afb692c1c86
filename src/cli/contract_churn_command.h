// vafa churn --contracts: churn where customers leave by closing what they
// hold (docs/holdings.md, "Contractual churn"). Reads the workspace's
// holdings, balances and complaints, learns P(close within N months) on past
// cutoffs, judges it on a holdout and scores every holder now.
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
};

int RunContractChurn(CommandContext& context, const ContractChurnFlags& flags);

}  // namespace vafa::cli

#endif  // VAFA_CLI_CONTRACT_CHURN_COMMAND_H_
