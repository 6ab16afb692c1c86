// The messaging commands that fill the outbox (message_queue_commands.cc):
// vafa template add, vafa queue campaign | satisfaction, vafa
// messaging-rules. Registered by AddMessagingCommands.
#ifndef VAFA_CLI_MESSAGE_QUEUE_COMMANDS_H_
#define VAFA_CLI_MESSAGE_QUEUE_COMMANDS_H_

#include "cli/command.h"

namespace vafa::cli {

void AddMessageQueueCommands(CLI::App& app, CommandContext& context);

}  // namespace vafa::cli

#endif  // VAFA_CLI_MESSAGE_QUEUE_COMMANDS_H_
