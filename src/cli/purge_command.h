// vafa purge --before DAY: retention of old transactional history. Deletes
// the orders (with their lines) and interactions dated before DAY, of one
// workspace or of every one, in one transaction per workspace with its
// audit entry (services/customers/history_purge.h says what goes and what
// stays). --dry-run only counts; without it, --yes is required, so a
// script must say so. On SQLite, --vacuum gives the space back to the file
// system afterwards.
#ifndef VAFA_CLI_PURGE_COMMAND_H_
#define VAFA_CLI_PURGE_COMMAND_H_

#include "cli/command.h"

namespace vafa::cli {

void AddPurgeCommand(CLI::App& app, CommandContext& context);

}  // namespace vafa::cli

#endif  // VAFA_CLI_PURGE_COMMAND_H_
