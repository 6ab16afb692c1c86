// ImportInteractions: see importer.h. One row per interaction (call, visit,
// email, message, meeting, complaint...). Without an interaction_id column a
// row is identified by a fingerprint of its customer, time, type, channel
// and subject, so re-importing the same file adds nothing.
#include <soci/soci.h>

#include <unordered_map>
#include <unordered_set>

#include "core/dates.h"
#include "core/hash.h"
#include "core/persian_text.h"
#include "import/customer_row.h"
#include "import/date_format.h"
#include "import/import_error.h"
#include "import/import_preview.h"
#include "import/import_source.h"
#include "import/importer.h"
#include "import/interaction_vocabulary.h"
#include "import/rejects_file.h"
#include "import/transaction_row.h"
#include "store/bulk_insert.h"
#include "store/import_batch_repository.h"

namespace vafa::import {
namespace {

enum InteractionField : size_t {
  kInCustomer,
  kInDate,
  kInType,
  kInChannel,
  kInDirection,
  kInSubject,
  kInOutcome,
  kInId,
};

const std::vector<FieldSpec>& Specs() {
  static const std::vector<FieldSpec> specs = {
      {"customer_id",
       {"customer", "customer_key", "customer_code", "کد مشتری", "شناسه مشتری",
        "مشتری"},
       true},
      {"date",
       {"datetime", "occurred_at", "timestamp", "time", "تاریخ", "زمان"},
       true},
      {"type",
       {"interaction_type", "kind", "activity", "نوع", "نوع تعامل"},
       true},
      {"channel", {"medium", "کانال"}, false},
      {"direction", {"inbound_outbound", "جهت"}, false},
      {"subject", {"title", "summary", "note", "notes", "موضوع", "شرح"}, false},
      {"outcome", {"result", "status", "نتیجه"}, false},
      {"interaction_id", {"id", "activity_id", "شناسه تعامل", "شناسه"}, false},
  };
  return specs;
}

// FNV-1a of the parts, each followed by a unit separator.
uint64_t Fingerprint(std::initializer_list<std::string_view> parts) {
  uint64_t hash = Fnv1a64("");
  for (std::string_view part : parts)
    hash = Fnv1a64("\x1f", Fnv1a64(part, hash));
  return hash;
}

std::string Hex(uint64_t value) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, value >>= 4) out[i] = kDigits[value & 15];
  return out;
}

}  // namespace

Result<ImportReport> ImportInteractions(store::Database& db,
                                        int64_t workspace_id,
                                        const ImportOptions& options) {
  VAFA_ASSIGN_OR_RETURN(ImportSource source,
                        OpenImportSource(options, Specs()));
  const std::string& file = source.file_name;
  const ColumnMap& columns = source.columns;
  const std::string key_name(store::CustomerKeyName(options.key));
  const std::span<const FieldSpec> specs = Specs();

  ImportPreview* const preview = options.preview;
  if (preview != nullptr) {
    preview->DescribeSource(source, specs);
    preview->fields.clear();
    for (const FieldSpec& spec : specs) preview->fields.emplace_back(spec.name);
  }
  ImportReport report;
  report.dry_run = options.dry_run;
  DateFormat dates;  // empty: ISO and Jalali forms
  if (!options.date_format.empty()) {
    VAFA_ASSIGN_OR_RETURN(dates, ParseDateFormat(options.date_format));
  }
  report.date_format = options.date_format;
  ImportErrors errors(
      options.error_report != nullptr ? options.error_report->examples() : 5);
  const bool skip = options.on_error == OnError::kSkip;
  VAFA_ASSIGN_OR_RETURN(std::unique_ptr<RejectsFile> rejects,
                        OpenRejectsFile(options, source, report));
  const int64_t now = store::NowSeconds();
  try {
    soci::transaction transaction(db.sql());
    store::TakeWriteLock(db);
    store::CustomerRepository repo(db);
    VAFA_ASSIGN_OR_RETURN(auto pairs, repo.KeyIndex(workspace_id, options.key));
    std::unordered_map<std::string, int64_t> customers(pairs.begin(),
                                                       pairs.end());
    std::unordered_set<std::string> existing;
    {
      long long w = workspace_id;
      std::string id;
      soci::statement st =
          (db.sql().prepare << "SELECT external_id FROM interactions WHERE "
                               "workspace_id = :w",
           soci::use(w), soci::into(id));
      st.execute();
      while (st.fetch()) existing.insert(id);
    }
    VAFA_ASSIGN_OR_RETURN(store::ImportBatch batch,
                          BeginBatch(db, workspace_id, "interactions", file,
                                     "create", key_name, options));

    store::BulkInsert rows(db, "interactions",
                           {"workspace_id", "customer_id", "external_id",
                            "occurred_at", "type", "channel", "direction",
                            "subject", "outcome", "batch_id", "created_at"});
    std::vector<std::string_view> fields;
    while (true) {
      VAFA_ASSIGN_OR_RETURN(bool more, source.NextRecord(fields));
      if (!more) break;
      const int64_t line = source.reader->line();
      ++report.rows;
      auto reject = [&] {
        if (skip) ++report.skipped;
        if (rejects != nullptr) {
          rejects->Write(fields, errors.last_row_reason());
        }
      };
      if (!source.CheckFieldCount(fields.size(), line, errors)) {
        reject();
        continue;
      }
      auto value = [&](InteractionField field) -> std::string_view {
        int column = columns.column(field);
        if (column < 0 || static_cast<size_t>(column) >= fields.size())
          return {};
        return TrimField(fields[column]);
      };
      const int64_t errors_before = errors.total();
      std::string_view customer_text = value(kInCustomer);
      int64_t customer_id = 0;
      auto key = NormalizeCustomerKey(options.key, customer_text);
      if (customer_text.empty()) {
        errors.Add(line, specs[kInCustomer].name, "", "is empty");
      } else if (!key.ok()) {
        errors.Add(line, specs[kInCustomer].name, customer_text,
                   key.status().message());
      } else if (auto found = customers.find(*key); found != customers.end()) {
        customer_id = found->second;
      } else {
        errors.Add(line, specs[kInCustomer].name, customer_text,
                   "no customer has this " + key_name);
      }
      std::string_view date = value(kInDate);
      auto at = ReadDate(dates, date);
      if (!at.ok())
        errors.Add(line, specs[kInDate].name, date, at.status().message());
      // As written (normalized), for the fingerprint of a row without an
      // id: a file imported before types were made canonical adds nothing
      // when imported again.
      const std::string written_type = NormalizeForSearch(value(kInType));
      if (written_type.empty())
        errors.Add(line, specs[kInType].name, "", "is empty");
      const std::string type = CanonicalInteractionType(written_type);
      const std::string direction = CanonicalInteractionDirection(
          NormalizeForSearch(value(kInDirection)));
      if (!direction.empty() && direction != "inbound" &&
          direction != "outbound") {
        errors.Add(line, specs[kInDirection].name, value(kInDirection),
                   "is not inbound or outbound");
      }
      if (errors.total() != errors_before) {
        reject();
        continue;
      }

      std::string id(value(kInId));
      if (id.empty()) {
        id = "h:" + Hex(Fingerprint({std::to_string(customer_id),
                                     std::to_string(*at), written_type,
                                     value(kInChannel), value(kInSubject)}));
      }
      const std::string channel = NormalizeForSearch(value(kInChannel));
      const std::string subject = NormalizePersianDisplay(value(kInSubject));
      const std::string outcome = NormalizeForSearch(value(kInOutcome));
      if (preview != nullptr && !preview->full() && !existing.contains(id)) {
        // In the order of Specs().
        preview->AddRow(line, {*key, FormatIsoDateTime(*at), type, channel,
                               direction, subject, outcome, id});
      }
      // Without skip, validate the rest and write nothing more.
      if (!skip && !errors.empty()) continue;
      if (!existing.insert(id).second) {
        ++report.unchanged;
        continue;
      }
      rows.Int(workspace_id);
      rows.Int(customer_id);
      rows.Text(id);
      rows.Int(*at);
      rows.Text(type);
      rows.TextOrNull(channel);
      rows.TextOrNull(direction);
      rows.TextOrNull(subject);
      rows.TextOrNull(outcome);
      rows.Int(batch.id);
      rows.Int(now);
      VAFA_RETURN_IF_ERROR(rows.EndRow());
      ++report.created;
    }
    if (options.error_report != nullptr) *options.error_report = errors;
    if (!skip && !errors.empty()) return Status::Invalid(errors.Format(file));
    VAFA_RETURN_IF_ERROR(rows.Flush());
    VAFA_RETURN_IF_ERROR(CloseRejectsFile(rejects.get(), report));
    batch.rows_skipped = report.skipped;
    VAFA_RETURN_IF_ERROR(CommitBatch(db, batch, report, transaction, options));
  } catch (const std::exception& error) {
    return store::DatabaseError("importing " + file, error);
  }
  return report;
}

std::span<const FieldSpec> FieldSpecsOf(std::string_view kind) {
  if (kind == "customers") return CustomerFieldSpecs();
  if (kind == "transactions") return TransactionFieldSpecs();
  if (kind == "interactions") return Specs();
  return {};
}

}  // namespace vafa::import
