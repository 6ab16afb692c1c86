// vafa profitability --contracts: what a bank (or an insurer, or a
// subscription business) earns on each customer who holds its products,
// from the workspace's rates (docs/holdings.md, "Profitability per
// customer"), and how the customers' use of service channels moved and
// what that saved ("Channel migration"). Prints the customers ranked by
// profit (text or JSON), or any of the contract reports as CSV
// (--report), the same tables the API serves.
#ifndef VAFA_CLI_PROFITABILITY_COMMAND_H_
#define VAFA_CLI_PROFITABILITY_COMMAND_H_

#include "cli/command.h"

namespace vafa::cli {

void AddProfitabilityCommand(CLI::App& app, CommandContext& context);

}  // namespace vafa::cli

#endif  // VAFA_CLI_PROFITABILITY_COMMAND_H_
