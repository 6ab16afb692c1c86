#include "cli/purge_command.h"

#include <soci/soci.h>

#include <ctime>
#include <iomanip>
#include <iostream>
#include <memory>

#include "auth/audit_log.h"
#include "core/dates.h"
#include "services/customers/history_purge.h"

namespace vafa::cli {
namespace {

struct PurgeFlags {
  std::string before;
  std::string workspace;  // this command's own --workspace
  bool all_workspaces = false;
  bool dry_run = false;
  bool yes = false;
  bool vacuum = false;
};

// The day --before names (ISO or Jalali, as the other date flags read
// them): a whole day, not in the future.
Result<DayNumber> BeforeDay(const std::string& text) {
  auto at = ParseDateTime(text);
  if (!at.ok()) {
    return Status::Invalid(
        "--before \"" + text + "\": " + at.status().message(), "before");
  }
  const DayNumber day = DayOf(*at);
  if (static_cast<int64_t>(day) * 86400 != *at) {
    return Status::Invalid("--before \"" + text +
                               "\": give a day (2024-01-01 or 1402/10/11), "
                               "not a time of day",
                           "before");
  }
  if (day > DayOf(store::NowSeconds())) {
    return Status::Invalid("--before " + text +
                               ": is in the future (only history that has "
                               "happened can be purged)",
                           "before");
  }
  return day;
}

Result<std::vector<store::Workspace>> ChosenWorkspaces(
    store::Database& db, const CommandContext& context,
    const PurgeFlags& flags) {
  const bool one = context.workspace_chosen || !flags.workspace.empty();
  if (flags.all_workspaces && !flags.workspace.empty()) {
    return Status::Invalid(
        "--all-workspaces and --workspace: choose one of them", "workspace");
  }
  if (flags.all_workspaces) return store::WorkspaceRepository(db).List();
  if (!one) {
    return Status::Invalid(
        "choose the workspace to purge: --workspace W, or --all-workspaces",
        "workspace");
  }
  CommandContext chosen = context;
  if (!flags.workspace.empty()) chosen.workspace = flags.workspace;
  VAFA_ASSIGN_OR_RETURN(store::Workspace workspace,
                        chosen.Workspace(db, /*create=*/false));
  return std::vector<store::Workspace>{workspace};
}

std::string KeptDays(const services::customers::PurgedTable& table) {
  if (!table.oldest_kept) return "";
  std::string out = " (" + FormatGregorian(*table.oldest_kept) + " to " +
                    FormatGregorian(*table.newest_kept);
  if (table.kept_for_id > 0) {
    out +=
        "; 1 older row kept: the table's highest id, which SQLite would "
        "give again";
  }
  return out + ")";
}

void PrintPurge(const store::Workspace& workspace,
                const services::customers::HistoryPurge& purge,
                const char* going) {
  std::cout << "workspace " << workspace.slug << ", history before "
            << FormatGregorian(purge.before) << " ("
            << FormatJalali(purge.before) << "):\n";
  for (const services::customers::PurgedTable& table : purge.tables) {
    std::cout << "  " << std::left << std::setw(13) << table.table << std::right
              << " " << table.going << " " << going << ", " << table.staying
              << " stay" << KeptDays(table) << "\n";
  }
}

bool NothingGoes(const services::customers::HistoryPurge& purge) {
  for (const services::customers::PurgedTable& table : purge.tables) {
    if (table.going != 0) return false;
  }
  return true;
}

// Purges one workspace and writes its audit entry, in one transaction.
Status PurgeWorkspace(store::Database& db, const store::Workspace& workspace,
                      DayNumber before) {
  services::customers::HistoryPurge purged;
  Status done = store::InTransaction(db, [&]() -> Status {
    VAFA_ASSIGN_OR_RETURN(purged, services::customers::PurgeHistoryBefore(
                                      db, workspace.id, before));
    auth::AuditEntry entry;
    entry.workspace_id = workspace.id;
    entry.actor = CliActor();
    entry.at = store::NowSeconds();
    entry.action = "purge";
    entry.entity = "history";
    entry.entity_id = workspace.id;
    entry.after_json = services::customers::HistoryPurgeJson(purged);
    return auth::RecordAudit(db, std::move(entry));
  });
  if (!done.ok()) {
    return Status(done.code(),
                  "workspace " + workspace.slug +
                      " (nothing purged in it): " + done.message());
  }
  PrintPurge(workspace, purged, "purged");
  return Status::Ok();
}

long long SqliteBytes(store::Database& db) {
  long long pages = 0, page_size = 0;
  db.sql() << "PRAGMA page_count", soci::into(pages);
  db.sql() << "PRAGMA page_size", soci::into(page_size);
  return pages * page_size;
}

// VACUUM with its temporary copy on disk (the store keeps temporary
// tables in memory, which would hold the whole copy), then a checkpoint
// that truncates the write-ahead log, so the file shrinks now.
Status VacuumSqlite(store::Database& db, long long bytes_before) {
  try {
    db.sql() << "PRAGMA temp_store = FILE";
    db.sql() << "VACUUM";
    db.sql() << "PRAGMA wal_checkpoint(TRUNCATE)";
    db.sql() << "PRAGMA temp_store = MEMORY";
    const long long after = SqliteBytes(db);
    std::cout << "vacuum: the store file went from " << bytes_before << " to "
              << after << " bytes (" << (bytes_before - after)
              << " bytes given back)\n";
  } catch (const std::exception& error) {
    return store::DatabaseError("vacuuming the store", error);
  }
  return Status::Ok();
}

// Loyalty tiers follow the spend of the year before each day
// (services/loyalty): a purge into the last year lowers it.
void NoteLoyaltyYear(DayNumber before) {
  if (before > DayOf(store::NowSeconds()) - 365) {
    std::cout << "note: orders of the last year set loyalty tiers (the "
                 "year's spend); purging some of them can lower a "
                 "customer's tier (balances do not change)\n";
  }
}

// Counts every chosen workspace; deletes only with --yes and not
// --dry-run; vacuums SQLite when asked.
int RunPurge(const CommandContext& context, const PurgeFlags& flags) {
  auto before = BeforeDay(flags.before);
  if (!before.ok()) return Fail(before.status());
  auto db = context.Open();
  if (!db.ok()) return Fail(db.status());
  auto workspaces = ChosenWorkspaces(**db, context, flags);
  if (!workspaces.ok()) return Fail(workspaces.status());
  std::vector<store::Workspace> to_purge;
  for (const store::Workspace& workspace : *workspaces) {
    auto counted =
        services::customers::CountHistoryBefore(**db, workspace.id, *before);
    if (!counted.ok()) return Fail(counted.status());
    PrintPurge(workspace, *counted, "go");
    if (!NothingGoes(*counted)) to_purge.push_back(workspace);
  }
  NoteLoyaltyYear(*before);
  if (flags.dry_run) {
    std::cout << "dry run: nothing changed\n";
    return 0;
  }
  if (!flags.yes) {
    return Fail(Status::Invalid(
        "nothing purged: purging deletes for good; run again with --yes to "
        "delete what is listed above (or --dry-run only to count)",
        "yes"));
  }
  const bool sqlite = (*db)->backend() == store::Backend::kSqlite;
  const long long bytes_before = sqlite ? SqliteBytes(**db) : 0;
  for (const store::Workspace& workspace : to_purge) {
    Status done = PurgeWorkspace(**db, workspace, *before);
    if (!done.ok()) return Fail(done);
  }
  if (to_purge.empty()) std::cout << "nothing to purge\n";
  if (sqlite && flags.vacuum) {
    Status vacuumed = VacuumSqlite(**db, bytes_before);
    if (!vacuumed.ok()) return Fail(vacuumed);
  } else if (sqlite) {
    std::cout << "the freed pages are reused by new rows; --vacuum gives "
                 "them back to the file system\n";
  } else {
    std::cout << "PostgreSQL: autovacuum makes the freed space reusable; "
                 "the files shrink only with VACUUM FULL\n";
  }
  return 0;
}

}  // namespace

void AddPurgeCommand(CLI::App& app, CommandContext& context) {
  auto flags = std::make_shared<PurgeFlags>();
  CLI::App* purge = app.add_subcommand(
      "purge",
      "Delete old transactional history: orders with their lines and "
      "interactions dated before a day. Customers, holdings, tickets, deals, "
      "the loyalty ledger (balances do not change), the audit log and stored "
      "analysis runs and reports are kept; one transaction and one audit "
      "entry per workspace");
  purge
      ->add_option("--before", flags->before,
                   "Purge what is dated before this day (YYYY-MM-DD, or "
                   "Jalali 1402/10/11); not in the future")
      ->required();
  purge->add_option("-w,--workspace", flags->workspace, "Only this workspace");
  purge->add_flag("--all-workspaces", flags->all_workspaces,
                  "Every workspace of the store, each in its own transaction");
  purge->add_flag("--dry-run", flags->dry_run,
                  "Only print, per workspace and table, the rows that would "
                  "go and the days of those that stay");
  purge->add_flag("--yes", flags->yes,
                  "Delete for good (required unless --dry-run)");
  purge->add_flag("--vacuum", flags->vacuum,
                  "SQLite: run VACUUM afterwards and print how much the file "
                  "shrank (it rewrites the whole file)");
  purge->callback([&context, flags] {
    context.run = [&context, flags] { return RunPurge(context, *flags); };
  });
}

}  // namespace vafa::cli
