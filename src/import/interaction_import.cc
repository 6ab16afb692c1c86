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

// One interaction as it is stored.
struct Interaction {
  int64_t customer_id = 0;
  std::string customer_key;  // as the store keeps the import's key
  UnixSeconds at = 0;
  std::string type;
  std::string channel;
  std::string direction;  // "inbound", "outbound" or ""
  std::string subject;
  std::string outcome;
  std::string id;  // the file's interaction_id, or a fingerprint of the row
};

// Reads the records of an interactions file into Interactions, resolving
// customers by the import's key; bad cells go to `errors`.
class InteractionReader {
 public:
  InteractionReader(const ColumnMap& columns, store::CustomerKey key,
                    const DateFormat& dates,
                    const std::unordered_map<std::string, int64_t>& customers,
                    ImportErrors& errors)
      : columns_(columns),
        key_(key),
        key_name_(store::CustomerKeyName(key)),
        dates_(dates),
        customers_(customers),
        errors_(errors) {}

  // False when the record is bad (its errors added).
  bool Read(std::span<const std::string_view> fields, int64_t line,
            Interaction& out) {
    fields_ = fields;
    line_ = line;
    const int64_t errors_before = errors_.total();
    ReadCustomer(out);
    std::string_view date = value(kInDate);
    auto at = ReadDate(dates_, date);
    if (at.ok()) {
      out.at = *at;
    } else {
      Fail(kInDate, date, at.status().message());
    }
    // As written (normalized), for the fingerprint of a row without an id:
    // a file imported before types were made canonical adds nothing when
    // imported again.
    const std::string written_type = NormalizeForSearch(value(kInType));
    if (written_type.empty()) Fail(kInType, "", "is empty");
    out.type = CanonicalInteractionType(written_type);
    ReadDirection(out);
    if (errors_.total() != errors_before) return false;
    out.id = std::string(value(kInId));
    if (out.id.empty()) {
      out.id = "h:" + Hex(Fingerprint({std::to_string(out.customer_id),
                                       std::to_string(out.at), written_type,
                                       value(kInChannel), value(kInSubject)}));
    }
    out.channel = NormalizeForSearch(value(kInChannel));
    out.subject = NormalizePersianDisplay(value(kInSubject));
    out.outcome = NormalizeForSearch(value(kInOutcome));
    return true;
  }

 private:
  std::string_view value(InteractionField field) const {
    int column = columns_.column(field);
    if (column < 0 || static_cast<size_t>(column) >= fields_.size()) return {};
    return TrimField(fields_[column]);
  }

  void Fail(InteractionField field, std::string_view text, std::string reason) {
    errors_.Add(line_, Specs()[field].name, text, std::move(reason));
  }

  void ReadCustomer(Interaction& out) {
    std::string_view text = value(kInCustomer);
    out.customer_id = 0;
    auto key = NormalizeCustomerKey(key_, text);
    if (text.empty()) {
      Fail(kInCustomer, "", "is empty");
    } else if (!key.ok()) {
      Fail(kInCustomer, text, key.status().message());
    } else if (auto found = customers_.find(*key); found != customers_.end()) {
      out.customer_id = found->second;
      out.customer_key = std::move(key).value();
    } else {
      Fail(kInCustomer, text, "no customer has this " + key_name_);
    }
  }

  void ReadDirection(Interaction& out) {
    out.direction =
        CanonicalInteractionDirection(NormalizeForSearch(value(kInDirection)));
    if (!out.direction.empty() && out.direction != "inbound" &&
        out.direction != "outbound") {
      Fail(kInDirection, value(kInDirection), "is not inbound or outbound");
    }
  }

  const ColumnMap& columns_;
  const store::CustomerKey key_;
  const std::string key_name_;
  const DateFormat& dates_;
  const std::unordered_map<std::string, int64_t>& customers_;
  ImportErrors& errors_;
  std::span<const std::string_view> fields_;  // of the record being read
  int64_t line_ = 0;
};

// The external ids of the workspace's interactions, imported or not.
std::unordered_set<std::string> StoredInteractionIds(store::Database& db,
                                                     int64_t workspace_id) {
  std::unordered_set<std::string> ids;
  long long w = workspace_id;
  std::string id;
  soci::statement st =
      (db.sql().prepare << "SELECT external_id FROM interactions WHERE "
                           "workspace_id = :w",
       soci::use(w), soci::into(id));
  st.execute();
  while (st.fetch()) ids.insert(id);
  return ids;
}

void DescribeForPreview(ImportPreview& preview, const ImportSource& source) {
  preview.DescribeSource(source, Specs());
  preview.fields.clear();
  for (const FieldSpec& spec : Specs()) preview.fields.emplace_back(spec.name);
}

void AddPreviewRow(ImportPreview& preview, int64_t line,
                   const Interaction& interaction) {
  // In the order of Specs().
  preview.AddRow(line,
                 {interaction.customer_key, FormatIsoDateTime(interaction.at),
                  interaction.type, interaction.channel, interaction.direction,
                  interaction.subject, interaction.outcome, interaction.id});
}

Status AddInteractionRow(store::BulkInsert& rows, int64_t workspace_id,
                         int64_t batch_id, int64_t now,
                         const Interaction& interaction) {
  rows.Int(workspace_id);
  rows.Int(interaction.customer_id);
  rows.Text(interaction.id);
  rows.Int(interaction.at);
  rows.Text(interaction.type);
  rows.TextOrNull(interaction.channel);
  rows.TextOrNull(interaction.direction);
  rows.TextOrNull(interaction.subject);
  rows.TextOrNull(interaction.outcome);
  rows.Int(batch_id);
  rows.Int(now);
  return rows.EndRow();
}

}  // namespace

Result<ImportReport> ImportInteractions(store::Database& db,
                                        int64_t workspace_id,
                                        const ImportOptions& options) {
  VAFA_ASSIGN_OR_RETURN(ImportSource source,
                        OpenImportSource(options, Specs()));
  const std::string& file = source.file_name;
  ImportPreview* const preview = options.preview;
  if (preview != nullptr) DescribeForPreview(*preview, source);
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
    const std::unordered_map<std::string, int64_t> customers(pairs.begin(),
                                                             pairs.end());
    std::unordered_set<std::string> existing =
        StoredInteractionIds(db, workspace_id);
    VAFA_ASSIGN_OR_RETURN(
        store::ImportBatch batch,
        BeginBatch(db, workspace_id, "interactions", file, "create",
                   std::string(store::CustomerKeyName(options.key)), options));

    store::BulkInsert rows(db, "interactions",
                           {"workspace_id", "customer_id", "external_id",
                            "occurred_at", "type", "channel", "direction",
                            "subject", "outcome", "batch_id", "created_at"});
    InteractionReader reader(source.columns, options.key, dates, customers,
                             errors);
    std::vector<std::string_view> fields;
    Interaction interaction;
    while (true) {
      VAFA_ASSIGN_OR_RETURN(bool more, source.NextRecord(fields));
      if (!more) break;
      const int64_t line = source.reader->line();
      ++report.rows;
      if (!source.CheckFieldCount(fields.size(), line, errors) ||
          !reader.Read(fields, line, interaction)) {
        if (skip) ++report.skipped;
        if (rejects != nullptr) {
          rejects->Write(fields, errors.last_row_reason());
        }
        continue;
      }
      if (preview != nullptr && !preview->full() &&
          !existing.contains(interaction.id)) {
        AddPreviewRow(*preview, line, interaction);
      }
      // Without skip, validate the rest and write nothing more.
      if (!skip && !errors.empty()) continue;
      if (!existing.insert(interaction.id).second) {
        ++report.unchanged;
        continue;
      }
      VAFA_RETURN_IF_ERROR(
          AddInteractionRow(rows, workspace_id, batch.id, now, interaction));
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
