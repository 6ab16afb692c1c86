// vafa import customers|transactions|interactions|holdings|balances FILE, vafa
// import list, vafa import revert BATCH, vafa import profiles
#include <cstdio>
#include <fstream>
#include <iostream>

#include "auth/audit_log.h"
#include "cli/analysis_json.h"
#include "cli/command.h"
#include "core/dates.h"
#include "import/import_preview.h"
#include "import/importer.h"
#include "services/holdings/holdings_import.h"
#include "store/import_batch_repository.h"
#include "store/import_profile_repository.h"

namespace vafa::cli {
namespace {

using import::ImportFunction;

struct ImportFlags {
  std::string path;
  std::string mode = "upsert";
  std::string key = "external_id";
  std::string currency;
  std::string delimiter;
  std::string encoding;
  std::string sheet;
  bool create_missing = false;
  bool dry_run = false;
  bool preview = false;
  std::string format = "text";
  std::string map;
  std::string profile;
  std::string save_profile;
  std::string date_format;
  bool strict_amounts = false;
  std::string on_error = "reject";
  std::string rejects;
  std::string anonymous = "reject";
  size_t examples = 5;
  std::string report;
};

std::string Percent(double part, double whole) {
  if (whole <= 0) return "0%";
  char text[32];
  std::snprintf(text, sizeof text, "%.1f%%", 100.0 * part / whole);
  return text;
}

// "line 12: phone +989121110000 as customer 345 (C-9)", or "as line 3".
std::string DescribeLikelyDuplicate(const import::LikelyDuplicate& found) {
  std::string text = "line " + std::to_string(found.line) + ": " + found.field +
                     " " + found.value + " as ";
  if (found.customer_id == 0) {
    return text + "line " + std::to_string(found.first_line);
  }
  text += "customer " + std::to_string(found.customer_id);
  if (!found.customer_external_id.empty()) {
    text += " (" + found.customer_external_id + ")";
  }
  return text;
}

void PrintLikelyDuplicates(const import::ImportReport& r) {
  if (r.likely_duplicates == 0) return;
  std::cout << r.likely_duplicates
            << " new rows look like an existing customer or an earlier row "
               "(created all the same; vafa duplicates scan can merge them):\n";
  for (const import::LikelyDuplicate& found : r.likely_duplicate_examples) {
    std::cout << "  " << DescribeLikelyDuplicate(found) << "\n";
  }
}

// The warnings as JSON: {"count", "examples": [{line, field, value,
// customer_id, customer_external_id, first_line}]} (null for the side that
// does not apply).
std::string LikelyDuplicatesJson(const import::ImportReport& r) {
  std::string json =
      "{\"count\":" + std::to_string(r.likely_duplicates) + ",\"examples\":[";
  for (const import::LikelyDuplicate& found : r.likely_duplicate_examples) {
    if (json.back() != '[') json += ",";
    const bool stored = found.customer_id != 0;
    json += "{\"line\":" + std::to_string(found.line) +
            ",\"field\":" + import::JsonString(found.field) +
            ",\"value\":" + import::JsonString(found.value) +
            ",\"customer_id\":" +
            (stored ? std::to_string(found.customer_id) : "null") +
            ",\"customer_external_id\":" +
            (stored && !found.customer_external_id.empty()
                 ? import::JsonString(found.customer_external_id)
                 : "null") +
            ",\"first_line\":" +
            (stored ? "null" : std::to_string(found.first_line)) + "}";
  }
  return json + "]}";
}

// The whole report as JSON (--report): counts, and the errors by column and
// reason with their examples.
std::string ReportJson(const import::ImportReport* r, const Status& status,
                       const import::ImportErrors& errors,
                       const std::string& file) {
  std::string json = "{\"ok\":" + std::string(status.ok() ? "true" : "false");
  if (!status.ok())
    json += ",\"message\":" + import::JsonString(status.message());
  if (r != nullptr) {
    auto number = [&json](const char* name, int64_t value) {
      json += ",\"" + std::string(name) + "\":" + std::to_string(value);
    };
    number("batch", r->batch_id);
    number("rows", r->rows);
    number("created", r->created);
    number("updated", r->updated);
    number("unchanged", r->unchanged);
    number("orders_created", r->orders_created);
    number("skipped", r->skipped);
    number("rounded", r->rounded);
    number("anonymous_lines", r->anonymous_lines);
    json += ",\"anonymous_kept\":" +
            std::string(r->anonymous_kept ? "true" : "false");
    json += ",\"currency\":" + import::JsonString(r->currency);
    json += ",\"date_format\":" + import::JsonString(r->date_format);
    json += ",\"rejects\":" + import::JsonString(r->rejects_path);
    json += ",\"likely_duplicates\":" + LikelyDuplicatesJson(*r);
  }
  return json + ",\"errors\":" + errors.ToJson(file) + "}\n";
}

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
  if (!r.date_format.empty()) {
    std::cout << "dates read as " << r.date_format << "\n";
  }
  if (r.rounded > 0) {
    std::cout << r.rounded << " lines had amounts rounded to the " << r.currency
              << " minor unit\n";
  }
  if (r.anonymous_lines > 0) {
    std::cout << r.anonymous_lines << " lines without a customer "
              << (r.anonymous_kept ? "kept as anonymous sales" : "left out")
              << " ("
              << Percent(r.anonymous_revenue,
                         r.anonymous_revenue + r.imported_revenue)
              << " of revenue)\n";
  }
  if (r.skipped > 0) {
    std::cout << r.skipped << " bad rows skipped";
    if (!r.rejects_path.empty()) std::cout << ", written to " << r.rejects_path;
    std::cout << "\n";
  }
  PrintLikelyDuplicates(r);
}

// --preview: what the import would do, as text or JSON on standard output;
// 0 when the import would go through, 1 when it would be refused.
int ShowPreview(store::Database& db, int64_t workspace_id,
                const std::string& kind, ImportFunction function,
                const import::ImportOptions& options,
                const ImportFlags& flags) {
  auto preview = import::PreviewImport(function, kind, db, workspace_id,
                                       options, flags.examples);
  if (!preview.ok()) return Fail(preview.status());
  if (flags.format == "json") {
    std::cout << preview->ToJson() << "\n";
  } else {
    std::cout << preview->Format();
  }
  return preview->accepted ? 0 : 1;
}

// The options that say what to read and how: the file, what a row does to
// an existing customer, the customer key, the currency, the file's shape and
// its column mapping.
void AddReadingOptions(CLI::App& command, ImportFlags& flags,
                       const std::string& kind) {
  command
      .add_option(
          "file", flags.path,
          "CSV file (- reads stdin), Excel .xlsx workbook" +
              std::string(kind == "customers" ? " or .vcf contacts" : ""))
      ->required();
  if (kind == "customers") {
    command
        .add_option("--mode", flags.mode,
                    "create (skip existing), update (existing only) or "
                    "upsert")
        ->capture_default_str()
        ->check(CLI::IsMember({"create", "update", "upsert"}));
  } else {
    command.add_flag("--create-missing-customers", flags.create_missing,
                     "Create a bare customer for an unknown customer key");
  }
  command
      .add_option("--key", flags.key,
                  "Customer key: external_id, national_id, phone, email")
      ->capture_default_str()
      ->check(CLI::IsMember({"external_id", "national_id", "phone", "email"}));
  command.add_option("--currency", flags.currency,
                     "Unit of amounts: IRR, toman (converted to IRR), USD, ... "
                     "(default: the workspace's currency)");
  command.add_option("--delimiter", flags.delimiter,
                     "Field delimiter (default: detected from the header)");
  command.add_option("--encoding", flags.encoding,
                     "Text encoding: utf-8 (default; UTF-16 with a BOM is "
                     "read too), windows-1256, windows-1252, latin1, "
                     "utf-16le, utf-16be, or auto to guess");
  command.add_option("--sheet", flags.sheet,
                     "The sheet of an .xlsx file (default: the first)");
  command.add_option("--map", flags.map,
                     "Column mapping: \"Source Column=field,...\" "
                     "(Column= ignores a column)");
  command.add_option("--profile", flags.profile,
                     "Use the column mapping saved under this name");
  command.add_option("--save-profile", flags.save_profile,
                     "Save the column mapping under this name after a "
                     "successful import");
}

// The options that say how rows are checked and what comes out: errors
// shown and reported, dates, bad rows, amounts, anonymous lines, dry runs
// and previews.
void AddCheckingOptions(CLI::App& command, ImportFlags& flags,
                        const std::string& kind) {
  command
      .add_option("--examples", flags.examples,
                  "Errors shown for each column and reason")
      ->capture_default_str();
  command.add_option("--report", flags.report,
                     "Write the whole report (counts, errors) as JSON here");
  command.add_option(
      "--date-format", flags.date_format,
      "How dates are written: %d/%m/%Y, %m/%d/%y %H:%M, "
      "jalali:%Y/%m/%d ... (default: ISO or Jalali" +
          std::string(kind == "transactions" ? ", or day/month order decided "
                                               "from the file)"
                                             : ")"));
  command
      .add_option("--on-error", flags.on_error,
                  "reject: any bad row rejects the file; skip: import "
                  "the good rows, write the bad ones to --rejects")
      ->capture_default_str()
      ->check(CLI::IsMember({"reject", "skip"}));
  command.add_option("--rejects", flags.rejects,
                     "Rejects file (default: NAME.rejects.csv beside the "
                     "input)");
  if (kind == "transactions") {
    command.add_flag("--strict-amounts", flags.strict_amounts,
                     "Refuse amounts with more decimals than the currency "
                     "instead of rounding them");
    command
        .add_option("--anonymous", flags.anonymous,
                    "Lines without a customer: reject (an error), skip "
                    "(left out, counted) or keep (stored as anonymous "
                    "sales for basket analysis, counted)")
        ->capture_default_str()
        ->check(CLI::IsMember({"reject", "skip", "keep"}));
  }
  command.add_flag("--dry-run", flags.dry_run,
                   "Validate and count, write nothing");
  command.add_flag("--preview", flags.preview,
                   "Show the column mapping, how text and dates are read, "
                   "the first 20 rows as they would be stored and the "
                   "errors; write nothing");
}

// The import's options as the flags give them; the column mapping, which
// needs the store, is added later. Errors go to `errors`.
Result<import::ImportOptions> OptionsFromFlags(const ImportFlags& flags,
                                               import::ImportErrors& errors) {
  import::ImportOptions options;
  options.path = flags.path;
  auto mode = import::ParseImportMode(flags.mode);
  if (!mode.ok()) return mode.status();
  options.mode = *mode;
  auto key = store::ParseCustomerKey(flags.key);
  if (!key.ok()) return key.status();
  options.key = *key;
  options.currency = flags.currency;
  options.create_missing_customers = flags.create_missing;
  options.dry_run = flags.dry_run;
  options.encoding = flags.encoding;
  options.sheet = flags.sheet;
  options.on_reading = [](const std::string& how) { std::cout << how << "\n"; };
  options.date_format = flags.date_format;
  options.strict_amounts = flags.strict_amounts;
  options.on_error = flags.on_error == "skip" ? import::OnError::kSkip
                                              : import::OnError::kReject;
  options.rejects_path = flags.rejects;
  auto anonymous = import::ParseAnonymousSales(flags.anonymous);
  if (!anonymous.ok()) return anonymous.status();
  options.anonymous = *anonymous;
  options.error_report = &errors;
  if (flags.delimiter == "\\t" || flags.delimiter == "tab") {
    options.delimiter = '\t';
  } else if (flags.delimiter.size() == 1) {
    options.delimiter = flags.delimiter[0];
  } else if (!flags.delimiter.empty()) {
    return Status::Invalid("--delimiter must be one character");
  }
  const char* user = std::getenv("USER");
  options.created_by = user != nullptr ? user : "";
  auth::AuditEntry who;
  who.actor = CliActor();
  options.before_commit = [who](store::Database& db,
                                const store::ImportBatch& batch) {
    return auth::RecordImportAudit(db, batch, who);
  };
  return options;
}

// --report FILE: the whole report, or the error that stopped the import, as
// JSON.
Status WriteReportFile(const ImportFlags& flags,
                       const Result<import::ImportReport>& report,
                       const import::ImportErrors& errors) {
  std::ofstream out(flags.report, std::ios::binary);
  out << ReportJson(report.ok() ? &*report : nullptr, report.status(), errors,
                    flags.path == "-" ? "<stdin>" : flags.path);
  if (!out) return Status::Invalid(flags.report + ": cannot write");
  return Status::Ok();
}

// --save-profile NAME: keeps the import's column mapping under NAME.
Status SaveMappingProfile(store::Database& db, int64_t workspace_id,
                          const std::string& kind, const ImportFlags& flags,
                          const import::ImportOptions& options) {
  if (options.column_mapping.empty()) {
    return Status::Invalid(
        "--save-profile: there is no mapping to save (give --map)");
  }
  store::ImportProfile profile;
  profile.workspace_id = workspace_id;
  profile.name = flags.save_profile;
  profile.kind = kind;
  profile.mapping = import::FormatColumnMapping(options.column_mapping);
  profile.created_by = options.created_by;
  store::ImportProfileRepository profiles(db);
  Status saved = profiles.Save(profile);
  if (!saved.ok()) return saved;
  std::cout << "saved the column mapping as profile \"" << profile.name
            << "\"\n";
  return Status::Ok();
}

int RunImport(CommandContext& context, const ImportFlags& flags,
              const std::string& kind, ImportFunction function) {
  if (flags.format == "json" && !flags.preview) {
    return Fail(Status::Invalid(
        "--format json is for --preview; an import writes its report as "
        "JSON with --report FILE"));
  }
  import::ImportErrors errors(flags.examples);
  auto options = OptionsFromFlags(flags, errors);
  if (!options.ok()) return Fail(options.status());
  auto db = context.Open();
  if (!db.ok()) return Fail(db.status());
  // A preview leaves the store as it is: it reads an existing workspace.
  auto workspace = context.Workspace(**db, /*create=*/!flags.preview);
  if (!workspace.ok()) return Fail(workspace.status());
  auto mapping = import::ResolveColumnMapping(**db, workspace->id, kind,
                                              flags.profile, flags.map);
  if (!mapping.ok()) return Fail(mapping.status());
  options->column_mapping = *mapping;
  if (flags.preview) {
    options->on_reading = nullptr;  // the preview says how it read
    return ShowPreview(**db, workspace->id, kind, function, *options, flags);
  }
  auto report = function(**db, workspace->id, *options);
  if (!flags.report.empty()) {
    Status written = WriteReportFile(flags, report, errors);
    if (!written.ok()) return Fail(written);
  }
  if (!report.ok()) return Fail(report.status());
  PrintReport(kind, *report);
  if (report->skipped > 0) {
    std::cout << errors.Format(flags.path, "rows skipped");
  }
  if (!flags.save_profile.empty()) {
    Status saved =
        SaveMappingProfile(**db, workspace->id, kind, flags, *options);
    if (!saved.ok()) return Fail(saved);
  }
  return 0;
}

void AddImport(CLI::App& parent, CommandContext& context,
               const std::string& kind, const std::string& help,
               ImportFunction function) {
  auto flags = std::make_shared<ImportFlags>();
  CLI::App* command = parent.add_subcommand(kind, help);
  AddReadingOptions(*command, *flags, kind);
  AddCheckingOptions(*command, *flags, kind);
  AddFormatOption(*command, flags->format);
  command->callback([&context, flags, kind, function] {
    context.run = [&context, flags, kind, function] {
      return RunImport(context, *flags, kind, function);
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
  AddImport(*imports, context, "holdings",
            "Import holdings (account number, customer, product, open date, "
            "...; see docs/holdings.md)",
            &services::holdings::ImportHoldings);
  AddImport(*imports, context, "balances",
            "Import balances of holdings (account number, date, balance, "
            "...)",
            &services::holdings::ImportBalances);

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
                   "skipped\tanonymous\tstarted\tfile\n";
      for (const store::ImportBatch& b : *all) {
        std::cout << b.id << "\t" << b.kind << "\t" << b.status << "\t"
                  << b.rows_total << "\t" << b.rows_created << "\t"
                  << b.rows_updated << "\t" << b.rows_unchanged << "\t"
                  << b.rows_skipped << "\t" << b.rows_anonymous << "\t"
                  << FormatIsoDateTime(b.started_at) << "\t" << b.file_name
                  << "\n";
      }
      return 0;
    };
  });

  CLI::App* profiles = imports->add_subcommand(
      "profiles", "List the saved column mappings, or delete one");
  auto remove = std::make_shared<std::string>();
  profiles->add_option("--delete", *remove, "Delete the profile of this name");
  profiles->callback([&context, remove] {
    context.run = [&context, remove] {
      auto db = context.Open();
      if (!db.ok()) return Fail(db.status());
      auto workspace = context.Workspace(**db, false);
      if (!workspace.ok()) return Fail(workspace.status());
      store::ImportProfileRepository repository(**db);
      if (!remove->empty()) {
        Status removed = repository.Delete(workspace->id, *remove);
        if (!removed.ok()) return Fail(removed);
        std::cout << "deleted import profile \"" << *remove << "\"\n";
        return 0;
      }
      auto all = repository.List(workspace->id);
      if (!all.ok()) return Fail(all.status());
      std::cout << "name\tkind\tmapping\n";
      for (const store::ImportProfile& p : *all) {
        std::cout << p.name << "\t" << p.kind << "\t" << p.mapping << "\n";
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
