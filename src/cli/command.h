// The `vafa` command line: each group of subcommands registers itself on the
// CLI11 app and runs through a CommandContext that knows the store location
// and workspace the user chose. Commands print results on stdout, problems
// on stderr, and return the process exit code (0 ok, 1 failed, 2 usage).
#ifndef VAFA_CLI_COMMAND_H_
#define VAFA_CLI_COMMAND_H_

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/database.h"
#include "store/read_replicas.h"
#include "store/workspace_repository.h"

namespace vafa::cli {

struct CommandContext {
  std::string db_location;  // --db, else $VAFA_DB, else vafa.db
  std::string workspace;    // --workspace, else $VAFA_WORKSPACE, else demo
  // Whether --workspace or $VAFA_WORKSPACE named it (commands that can run
  // over every workspace do so when it was not).
  bool workspace_chosen = false;
  // What the chosen subcommand runs; set by its callback.
  std::function<int()> run;

  // --read-db (each a URI or a comma-separated list) and
  // --read-db-max-lag: the streaming replicas for analytics loads, report
  // reads and large exports (docs/scale.md).
  std::vector<std::string> read_db;
  int read_db_max_lag = 30;

  Result<std::unique_ptr<store::Database>> Open() const;
  // The replicas --read-db names, or nullptr when it names none; `log`
  // hears each change of a replica's state. InvalidArgument for a
  // location that is not PostgreSQL's, an SQLite --db, or a bound below 1.
  Result<std::shared_ptr<store::ReadReplicas>> OpenReadReplicas(
      store::ReadReplicas::LogLine log) const;
  // The chosen workspace, created on first use when `create` is true.
  Result<store::Workspace> Workspace(store::Database& db, bool create) const;
};

// Prints each change of a read replica's state on stderr, for commands.
store::ReadReplicas::LogLine ReplicaLogToStderr();

// True when $VAFA_TEST_FAST_PASSWORD_HASHING is 1: passwords are hashed at
// libsodium's minimum cost, so test suites can create and sign in many users
// quickly. Never set it for a real server.
bool FastPasswordHashingForTests();

// Who runs the command, as the audit log names it: "cli:<login>".
std::string CliActor();

// Prints "vafa: <message>" on stderr and returns 1.
int Fail(const Status& status);

void AddStoreCommands(CLI::App& app, CommandContext& context);
void AddImportCommands(CLI::App& app, CommandContext& context);
void AddCustomerCommands(CLI::App& app, CommandContext& context);
void AddDemoCommand(CLI::App& app, CommandContext& context);
void AddServeCommand(CLI::App& app, CommandContext& context);
void AddUserCommands(CLI::App& app, CommandContext& context);
void AddAuditCommand(CLI::App& app, CommandContext& context);
void AddAnalysisCommand(CLI::App& app, CommandContext& context);
void AddClvCommand(CLI::App& app, CommandContext& context);
void AddBasketCommand(CLI::App& app, CommandContext& context);
void AddChurnCommand(CLI::App& app, CommandContext& context);
void AddLoyaltyCommand(CLI::App& app, CommandContext& context);
void AddBackupCommands(CLI::App& app, CommandContext& context);
void AddExportCommand(CLI::App& app, CommandContext& context);
void AddDuplicatesCommand(CLI::App& app, CommandContext& context);
void AddResponseCommand(CLI::App& app, CommandContext& context);
void AddMessagingCommands(CLI::App& app, CommandContext& context);
void AddQualityCommand(CLI::App& app, CommandContext& context);
void AddRetentionCommand(CLI::App& app, CommandContext& context);

}  // namespace vafa::cli

#endif  // VAFA_CLI_COMMAND_H_
