// vafa import customers|transactions|interactions FILE, vafa import list,
// vafa import revert BATCH
#include <iostream>

#include "auth/audit_log.h"
#include "cli/command.h"
#include "core/dates.h"
#include "import/importer.h"
#include "store/import_batch_repository.h"

namespace vafa::cli {
namespace {

using ImportFunction = Result<import::ImportReport> (*)(
    store::Database&, int64_t, const import::ImportOptions&);

struct ImportFlags {
  std::string path;
  std::string mode = "upsert";
  std::string key = "external_id";
  std::string currency = "IRR";
  std::string delimiter;
  std::string encoding;
  std::string sheet;
  bool create_missing = false;
  bool dry_run = false;
};

void PrintReport(const std::string& kind, const import::ImportReport& r) {
  std::cout << (r.dry_run ? "dry run, nothing written: " : "imported ") << kind
            << ": " << r.rows << " rows, " << r.created << " created, "
            << r.updated << " updated, " << r.unchanged << " unchanged";
  if (r.orders_created > 0) std::cout << ", " << r.orders_created << " orders";
  if (r.products_created > 0) {
    std::cout << ", " << r.products_created << " new products";
  }
  if (r.customers_created > 0) {
    std::cout << ", " << r.customers_created << " new customers";
  }
  if (!r.dry_run) std::cout << " (batch " << r.batch_id << ")";
  std::cout << "\n";
}

void AddImport(CLI::App& parent, CommandContext& context,
               const std::string& kind, const std::string& help,
               ImportFunction function) {
  auto flags = std::make_shared<ImportFlags>();
  CLI::App* command = parent.add_subcommand(kind, help);
  command
      ->add_option(
          "file", flags->path,
          "CSV file (- reads stdin), Excel .xlsx workbook" +
              std::string(kind == "customers" ? " or .vcf contacts" : ""))
      ->required();
  if (kind == "customers") {
    command
        ->add_option("--mode", flags->mode,
                     "create (skip existing), update (existing only) or "
                     "upsert")
        ->capture_default_str()
        ->check(CLI::IsMember({"create", "update", "upsert"}));
  } else {
    command->add_flag("--create-missing-customers", flags->create_missing,
                      "Create a bare customer for an unknown customer key");
  }
  command
      ->add_option("--key", flags->key,
                   "Customer key: external_id, national_id, phone, email")
      ->capture_default_str()
      ->check(CLI::IsMember({"external_id", "national_id", "phone", "email"}));
  command
      ->add_option("--currency", flags->currency,
                   "Unit of amounts: IRR, toman (converted to IRR), USD, ...")
      ->capture_default_str();
  command->add_option("--delimiter", flags->delimiter,
                      "Field delimiter (default: detected from the header)");
  command->add_option("--encoding", flags->encoding,
                      "Text encoding: utf-8 (default; UTF-16 with a BOM is "
                      "read too), windows-1256, windows-1252, latin1, "
                      "utf-16le, utf-16be, or auto to guess");
  command->add_option("--sheet", flags->sheet,
                      "The sheet of an .xlsx file (default: the first)");
  command->add_flag("--dry-run", flags->dry_run,
                    "Validate and count, write nothing");
  command->callback([&context, flags, kind, function] {
    context.run = [&context, flags, kind, function] {
      import::ImportOptions options;
      options.path = flags->path;
      auto mode = import::ParseImportMode(flags->mode);
      if (!mode.ok()) return Fail(mode.status());
      options.mode = *mode;
      auto key = store::ParseCustomerKey(flags->key);
      if (!key.ok()) return Fail(key.status());
      options.key = *key;
      options.currency = flags->currency;
      options.create_missing_customers = flags->create_missing;
      options.dry_run = flags->dry_run;
      options.encoding = flags->encoding;
      options.sheet = flags->sheet;
      options.on_reading = [](const std::string& how) {
        std::cout << how << "\n";
      };
      if (flags->delimiter == "\\t" || flags->delimiter == "tab") {
        options.delimiter = '\t';
      } else if (flags->delimiter.size() == 1) {
        options.delimiter = flags->delimiter[0];
      } else if (!flags->delimiter.empty()) {
        return Fail(Status::Invalid("--delimiter must be one character"));
      }
      const char* user = std::getenv("USER");
      options.created_by = user != nullptr ? user : "";
      auth::AuditEntry who;
      who.actor = CliActor();
      options.before_commit = [who](store::Database& db,
                                    const store::ImportBatch& batch) {
        return auth::RecordImportAudit(db, batch, who);
      };
      auto db = context.Open();
      if (!db.ok()) return Fail(db.status());
      auto workspace = context.Workspace(**db, /*create=*/true);
      if (!workspace.ok()) return Fail(workspace.status());
      auto report = function(**db, workspace->id, options);
      if (!report.ok()) return Fail(report.status());
      PrintReport(kind, *report);
      return 0;
    };
  });
}

}  // namespace

void AddImportCommands(CLI::App& app, CommandContext& context) {
  CLI::App* imports = app.add_subcommand(
      "import",
      "Import CSV, Excel or vCard files, list import batches, revert a "
      "batch");
  imports->require_subcommand(1);
  AddImport(*imports, context, "customers",
            "Import customers (one per row; see docs/import.md)",
            &import::ImportCustomers);
  AddImport(*imports, context, "transactions",
            "Import order lines (customer, date, order, product, amount)",
            &import::ImportTransactions);
  AddImport(*imports, context, "interactions",
            "Import interactions (customer, date, type, ...)",
            &import::ImportInteractions);

  CLI::App* list = imports->add_subcommand("list", "List import batches");
  auto limit = std::make_shared<int>(50);
  list->add_option("--limit", *limit, "How many, newest first")
      ->capture_default_str();
  list->callback([&context, limit] {
    context.run = [&context, limit] {
      auto db = context.Open();
      if (!db.ok()) return Fail(db.status());
      auto workspace = context.Workspace(**db, false);
      if (!workspace.ok()) return Fail(workspace.status());
      store::ImportBatchRepository batches(**db);
      auto all = batches.List(workspace->id, *limit);
      if (!all.ok()) return Fail(all.status());
      std::cout << "batch\tkind\tstatus\trows\tcreated\tupdated\tunchanged\t"
                   "started\tfile\n";
      for (const store::ImportBatch& b : *all) {
        std::cout << b.id << "\t" << b.kind << "\t" << b.status << "\t"
                  << b.rows_total << "\t" << b.rows_created << "\t"
                  << b.rows_updated << "\t" << b.rows_unchanged << "\t"
                  << FormatIsoDateTime(b.started_at) << "\t" << b.file_name
                  << "\n";
      }
      return 0;
    };
  });

  CLI::App* revert = imports->add_subcommand(
      "revert", "Undo an import batch (refused if later data depends on it)");
  auto batch = std::make_shared<int64_t>(0);
  revert->add_option("batch", *batch, "Batch id (see vafa import list)")
      ->required();
  revert->callback([&context, batch] {
    context.run = [&context, batch] {
      auto db = context.Open();
      if (!db.ok()) return Fail(db.status());
      auto workspace = context.Workspace(**db, false);
      if (!workspace.ok()) return Fail(workspace.status());
      Status status = import::RevertBatch(**db, workspace->id, *batch);
      if (!status.ok()) return Fail(status);
      std::cout << "reverted import batch " << *batch << "\n";
      return 0;
    };
  });
}

}  // namespace vafa::cli
