// vafa: customer relationship management with customer analytics.
#include <cstdlib>
#include <iostream>

#include "cli/command.h"
#include "cli/next_product_command.h"
#include "cli/openmp_wait.h"
#include "cli/profitability_command.h"
#include "cli/purge_command.h"
#include "core/build_info.h"
#include "store/migrations.h"

int main(int argc, char** argv) {
  vafa::cli::RestartWithPassiveOpenMpWait(argc, argv);
  CLI::App app{
      "vafa: customers, purchases and interactions, and what they tell.\n"
      "The store is an SQLite file (default ./vafa.db, or $VAFA_DB) or a\n"
      "PostgreSQL server (--db postgresql://...)."};
  app.name("vafa");
  app.set_version_flag(
      "--version",
      "vafa " + std::string(vafa::VafaVersion()) + "\nschema version " +
          std::to_string(vafa::store::LatestSchemaVersion()) + "\ncommit " +
          std::string(vafa::BuildCommit()),
      "Print the version, the store schema version and the build's commit");
  app.require_subcommand(1);
  vafa::cli::CommandContext context;
  const char* db = std::getenv("VAFA_DB");
  const char* workspace = std::getenv("VAFA_WORKSPACE");
  context.db_location = db != nullptr && *db != '\0' ? db : "vafa.db";
  context.workspace =
      workspace != nullptr && *workspace != '\0' ? workspace : "demo";
  app.add_option("--db", context.db_location,
                 "Store location: a file path, sqlite:PATH or postgresql://...")
      ->capture_default_str();
  app.add_option("--read-db", context.read_db,
                 "A streaming replica (postgresql://...) for analytics loads, "
                 "report reads and large exports; repeat it or give a comma "
                 "list (docs/scale.md)");
  app.add_option("--read-db-max-lag", context.read_db_max_lag,
                 "Seconds a replica may be behind the primary and still be "
                 "read from")
      ->capture_default_str();
  CLI::Option* workspace_option =
      app.add_option("-w,--workspace", context.workspace, "Workspace slug")
          ->capture_default_str();

  vafa::cli::AddStoreCommands(app, context);
  vafa::cli::AddImportCommands(app, context);
  vafa::cli::AddCustomerCommands(app, context);
  vafa::cli::AddDemoCommand(app, context);
  vafa::cli::AddServeCommand(app, context);
  vafa::cli::AddUserCommands(app, context);
  vafa::cli::AddAuditCommand(app, context);
  vafa::cli::AddAnalysisCommand(app, context);
  vafa::cli::AddClvCommand(app, context);
  vafa::cli::AddBasketCommand(app, context);
  vafa::cli::AddChurnCommand(app, context);
  vafa::cli::AddLoyaltyCommand(app, context);
  vafa::cli::AddBackupCommands(app, context);
  vafa::cli::AddExportCommand(app, context);
  vafa::cli::AddDuplicatesCommand(app, context);
  vafa::cli::AddResponseCommand(app, context);
  vafa::cli::AddMessagingCommands(app, context);
  vafa::cli::AddQualityCommand(app, context);
  vafa::cli::AddRetentionCommand(app, context);
  vafa::cli::AddNextProductCommand(app, context);
  vafa::cli::AddProfitabilityCommand(app, context);
  vafa::cli::AddPurgeCommand(app, context);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : 2;
  }
  context.workspace_chosen = context.workspace_chosen ||
                             workspace_option->count() > 0 ||
                             (workspace != nullptr && *workspace != '\0');
  if (!context.run) return 2;
  try {
    return context.run();
  } catch (const std::exception& error) {
    std::cerr << "vafa: " << error.what() << "\n";
    return 1;
  }
}
