// vafa migrate | vafa workspace create|list
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <span>

#include "cli/command.h"
#include "store/migrations.h"

namespace vafa::cli {

namespace {

// vafa migrate --dry-run: the migrations that would run, one a line. A
// missing SQLite file is not created.
int ListPendingMigrations(const CommandContext& context) {
  std::vector<int> pending;
  const std::string& location = context.db_location;
  const bool server = location.starts_with("postgresql://") ||
                      location.starts_with("postgres://");
  const std::string path =
      location.starts_with("sqlite:") ? location.substr(7) : location;
  if (!server && !std::filesystem::exists(path)) {
    for (const store::Migration& migration : store::AllMigrations()) {
      pending.push_back(migration.version);
    }
    std::cout << "no store at " << path << " yet: it would be created\n";
  } else {
    auto db = store::Database::Open(location, /*migrate=*/false);
    if (!db.ok()) return Fail(db.status());
    auto listed = (*db)->PendingMigrations();
    if (!listed.ok()) return Fail(listed.status());
    pending = std::move(listed).value();
  }
  for (const store::Migration& migration : store::AllMigrations()) {
    if (std::find(pending.begin(), pending.end(), migration.version) !=
        pending.end()) {
      std::cout << "would apply " << migration.version << " (" << migration.name
                << ")\n";
    }
  }
  std::cout << pending.size() << " migration(s) to apply; schema version "
            << store::LatestSchemaVersion() << " after them\n";
  return 0;
}

// vafa migrate --to V (hidden, for the upgrade tests): applies the
// migrations up to schema version V only, so a test can fill a store as a
// past release left it. A store already past V is refused: migrations are
// never undone.
int MigrateTo(const CommandContext& context, int target) {
  const std::span<const store::Migration> all = store::AllMigrations();
  auto known = std::find_if(
      all.begin(), all.end(),
      [target](const store::Migration& m) { return m.version == target; });
  if (known == all.end()) {
    return Fail(Status::Invalid("migrate --to " + std::to_string(target) +
                                ": no migration has that version (1 to " +
                                std::to_string(store::LatestSchemaVersion()) +
                                ")"));
  }
  auto db = store::Database::Open(context.db_location, /*migrate=*/false);
  if (!db.ok()) return Fail(db.status());
  // A PostgreSQL location can hold a password: not printed.
  const std::string where = (*db)->backend() == store::Backend::kSqlite
                                ? context.db_location
                                : "(the PostgreSQL database)";
  auto before = (*db)->AppliedMigrations();
  if (!before.ok()) return Fail(before.status());
  if (!before->empty() && before->back() > target) {
    return Fail(Status(StatusCode::kFailedPrecondition,
                       "store " + where + " has schema version " +
                           std::to_string(before->back()) +
                           ", past migrate --to " + std::to_string(target) +
                           ": migrations are never undone"));
  }
  auto applied = store::ApplyMigrations(
      **db, all.first(static_cast<size_t>(known - all.begin()) + 1));
  if (!applied.ok()) return Fail(applied.status());
  std::cout << "applied " << *applied << " migration(s); schema version "
            << target << "\n";
  return 0;
}

}  // namespace

void AddStoreCommands(CLI::App& app, CommandContext& context) {
  CLI::App* migrate = app.add_subcommand(
      "migrate", "Create or upgrade the store's schema and list migrations");
  auto dry_run = std::make_shared<bool>(false);
  CLI::Option* dry_run_flag =
      migrate->add_flag("--dry-run", *dry_run,
                        "List the migrations that would run, change nothing");
  auto to_version = std::make_shared<int>(0);
  // Hidden: a test-only way to make a store of a past schema version.
  migrate->add_option("--to", *to_version, "Stop at this schema version")
      ->group("")
      ->excludes(dry_run_flag);
  migrate->callback([&context, dry_run, to_version] {
    context.run = [&context, dry_run, to_version] {
      if (*dry_run) return ListPendingMigrations(context);
      if (*to_version != 0) return MigrateTo(context, *to_version);
      auto db = store::Database::Open(context.db_location, /*migrate=*/false);
      if (!db.ok()) return Fail(db.status());
      auto applied = (*db)->Migrate();
      if (!applied.ok()) return Fail(applied.status());
      auto versions = (*db)->AppliedMigrations();
      if (!versions.ok()) return Fail(versions.status());
      std::cout << "applied " << *applied << " migration(s); schema version "
                << (versions->empty() ? 0 : versions->back()) << "\n";
      return 0;
    };
  });

  CLI::App* workspace = app.add_subcommand("workspace", "Manage workspaces");
  workspace->require_subcommand(1);
  auto* create = workspace->add_subcommand("create", "Create a workspace");
  auto slug = std::make_shared<std::string>();
  auto name = std::make_shared<std::string>();
  auto currency = std::make_shared<std::string>("IRR");
  create->add_option("slug", *slug, "Short name: a-z, 0-9 and -")->required();
  create->add_option("--name", *name, "Display name (default: the slug)");
  create->add_option("--currency", *currency, "ISO currency of amounts")
      ->capture_default_str();
  create->callback([&context, slug, name, currency] {
    context.run = [&context, slug, name, currency] {
      auto db = context.Open();
      if (!db.ok()) return Fail(db.status());
      store::WorkspaceRepository workspaces(**db);
      auto created =
          workspaces.Create(*slug, name->empty() ? *slug : *name, *currency);
      if (!created.ok()) return Fail(created.status());
      std::cout << "created workspace " << created->slug << " (id "
                << created->id << ")\n";
      return 0;
    };
  });
  auto* list = workspace->add_subcommand("list", "List workspaces");
  list->callback([&context] {
    context.run = [&context] {
      auto db = context.Open();
      if (!db.ok()) return Fail(db.status());
      store::WorkspaceRepository workspaces(**db);
      auto all = workspaces.List();
      if (!all.ok()) return Fail(all.status());
      for (const store::Workspace& w : *all) {
        std::cout << w.slug << "\t" << w.name << "\t" << w.currency << "\n";
      }
      return 0;
    };
  });
}

}  // namespace vafa::cli
