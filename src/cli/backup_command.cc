// vafa backup FILE | vafa restore FILE (store/backup.h, docs/backup.md)
#include <iostream>

#include "cli/command.h"
#include "store/backup.h"

namespace vafa::cli {
namespace {

void PrintTables(const std::vector<store::TableDigest>& tables) {
  for (const store::TableDigest& table : tables) {
    std::cout << table.table << "\t" << table.rows << "\t"
              << store::ChecksumText(table.checksum) << "\n";
  }
}

int64_t TotalRows(const std::vector<store::TableDigest>& tables) {
  int64_t rows = 0;
  for (const store::TableDigest& table : tables) rows += table.rows;
  return rows;
}

}  // namespace

void AddBackupCommands(CLI::App& app, CommandContext& context) {
  auto file = std::make_shared<std::string>();
  CLI::App* backup = app.add_subcommand(
      "backup",
      "Copy the whole store, while it is in use, into FILE (an SQLite file "
      "holding one committed state; see docs/backup.md)");
  backup->add_option("file", *file, "The backup file to write (must not exist)")
      ->required();
  backup->callback([&context, file] {
    context.run = [&context, file] {
      // Opened as it is: a backup never changes the store's schema.
      auto db = store::Database::Open(context.db_location, /*migrate=*/false);
      if (!db.ok()) return Fail(db.status());
      auto report = store::WriteBackup(**db, *file);
      if (!report.ok()) return Fail(report.status());
      std::cout << "wrote " << report->file << " (" << report->method
                << "): schema version " << report->schema_version << ", "
                << report->tables.size() << " tables, "
                << TotalRows(report->tables) << " rows, " << report->bytes
                << " bytes\n";
      PrintTables(report->tables);
      return 0;
    };
  });

  auto source = std::make_shared<std::string>();
  CLI::App* restore = app.add_subcommand(
      "restore",
      "Load a backup FILE into an empty store (--db), in one transaction");
  restore->add_option("file", *source, "A file written by vafa backup")
      ->required();
  restore->callback([&context, source] {
    context.run = [&context, source] {
      auto db = store::Database::Open(context.db_location, /*migrate=*/false);
      if (!db.ok()) return Fail(db.status());
      auto report = store::RestoreBackup(**db, *source);
      if (!report.ok()) return Fail(report.status());
      std::cout << "restored " << *source << " into " << context.db_location
                << ": schema version " << report->schema_version << ", "
                << report->tables.size() << " tables, "
                << TotalRows(report->tables) << " rows; "
                << report->migrations_applied
                << " later migration(s) applied\n";
      PrintTables(report->tables);
      return 0;
    };
  });
}

}  // namespace vafa::cli
