#include "services/messaging/message_templates.h"

#include <soci/soci.h>

#include "services/messaging/link_tracking.h"
#include "store/sql_values.h"

namespace vafa::services::messaging {
namespace {

constexpr char kInsertTemplate[] =
    "INSERT INTO message_templates (workspace_id, name, kind, purpose, "
    "calendar, subject_fa, subject_en, body_fa, body_en, created_at) VALUES "
    "(:w, :n, :k, :p, :c, :sf, :se, :bf, :be, :t) RETURNING id";
constexpr char kUpdateTemplate[] =
    "UPDATE message_templates SET name = :n, kind = :k, purpose = :p, "
    "calendar = :c, subject_fa = :sf, subject_en = :se, body_fa = :bf, "
    "body_en = :be, updated_at = :t WHERE workspace_id = :w AND id = :i AND "
    "deleted_at IS NULL";
constexpr char kDeleteTemplate[] =
    "UPDATE message_templates SET deleted_at = :t WHERE workspace_id = :w "
    "AND id = :i AND deleted_at IS NULL";
constexpr char kTemplateColumns[] =
    "SELECT name, kind, purpose, calendar, subject_fa, subject_en, body_fa, "
    "body_en, id FROM message_templates WHERE workspace_id = :w AND "
    "deleted_at IS NULL ";

Status NotHere(int64_t template_id) {
  return Status::NotFound("message template " + std::to_string(template_id) +
                          " is not in this workspace");
}

Result<MessageTemplate> TemplateFromRow(const soci::row& row) {
  MessageTemplate t;
  t.name = store::RowText(row, 0);
  VAFA_ASSIGN_OR_RETURN(t.kind, ParseChannelKind(store::RowText(row, 1)));
  t.purpose = store::RowText(row, 2) == "marketing"
                  ? MessagePurpose::kMarketing
                  : MessagePurpose::kTransactional;
  t.calendar = store::RowText(row, 3) == "gregorian"
                   ? TemplateCalendar::kGregorian
                   : TemplateCalendar::kJalali;
  t.subject_fa = store::RowText(row, 4);
  t.subject_en = store::RowText(row, 5);
  t.body_fa = store::RowText(row, 6);
  t.body_en = store::RowText(row, 7);
  t.id = store::RowInt(row, 8);
  return t;
}

// The columns an insert or an update writes, as bound values.
struct TemplateRow {
  explicit TemplateRow(const MessageTemplate& t)
      : name(t.name),
        kind(ChannelKindName(t.kind)),
        purpose(MessagePurposeName(t.purpose)),
        calendar(t.calendar == TemplateCalendar::kJalali ? "jalali"
                                                         : "gregorian"),
        body_fa(t.body_fa),
        subject_fa(t.subject_fa),
        subject_en(t.subject_en),
        body_en(t.body_en) {}
  std::string name, kind, purpose, calendar, body_fa;
  store::NullableText subject_fa, subject_en, body_en;
};

Status CheckMessageTemplate(const MessageTemplate& t) {
  if (t.name.empty()) return Status::Invalid("name: is required", "name");
  if (t.name.size() > kMaxTemplateNameBytes) {
    return Status::Invalid("name: is at most 200 bytes", "name");
  }
  if (t.body_fa.empty()) {
    return Status::Invalid("body_fa: is required", "body_fa");
  }
  if (t.kind == ChannelKind::kEmail && t.subject_fa.empty()) {
    return Status::Invalid("subject_fa: an e-mail template needs a subject",
                           "subject_fa");
  }
  const std::pair<const std::string*, const char*> texts[] = {
      {&t.subject_fa, "subject_fa"},
      {&t.subject_en, "subject_en"},
      {&t.body_fa, "body_fa"},
      {&t.body_en, "body_en"}};
  for (const auto& [text, field] : texts) {
    if (text->size() > kMaxTemplateTextBytes) {
      return Status::Invalid(std::string(field) + ": is at most " +
                                 std::to_string(kMaxTemplateTextBytes) +
                                 " bytes",
                             field);
    }
    if (Status s = CheckTemplate(*text, field); !s.ok()) return s;
    if (Status s = CheckLinks(*text, field); !s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace

Result<int64_t> AddTemplate(store::Database& db, int64_t workspace_id,
                            const MessageTemplate& t) {
  if (Status s = CheckMessageTemplate(t); !s.ok()) return s;
  long long w = workspace_id, now = store::NowSeconds(), id = 0;
  TemplateRow r(t);
  try {
    db.sql() << kInsertTemplate, soci::use(w), soci::use(r.name),
        soci::use(r.kind), soci::use(r.purpose), soci::use(r.calendar),
        r.subject_fa.use(), r.subject_en.use(), soci::use(r.body_fa),
        r.body_en.use(), soci::use(now), soci::into(id);
  } catch (const std::exception& error) {
    return store::DatabaseError("adding a message template", error);
  }
  return static_cast<int64_t>(id);
}

Status UpdateTemplate(store::Database& db, int64_t workspace_id,
                      const MessageTemplate& t) {
  if (Status s = CheckMessageTemplate(t); !s.ok()) return s;
  long long w = workspace_id, i = t.id, now = store::NowSeconds();
  TemplateRow r(t);
  try {
    soci::statement update =
        (db.sql().prepare << kUpdateTemplate, soci::use(r.name),
         soci::use(r.kind), soci::use(r.purpose), soci::use(r.calendar),
         r.subject_fa.use(), r.subject_en.use(), soci::use(r.body_fa),
         r.body_en.use(), soci::use(now), soci::use(w), soci::use(i));
    update.execute(true);
    if (update.get_affected_rows() == 0) return NotHere(t.id);
  } catch (const std::exception& error) {
    return store::DatabaseError("updating a message template", error);
  }
  return Status::Ok();
}

Status DeleteTemplate(store::Database& db, int64_t workspace_id,
                      int64_t template_id) {
  long long w = workspace_id, i = template_id, now = store::NowSeconds();
  try {
    soci::statement update = (db.sql().prepare << kDeleteTemplate,
                              soci::use(now), soci::use(w), soci::use(i));
    update.execute(true);
    if (update.get_affected_rows() == 0) return NotHere(template_id);
  } catch (const std::exception& error) {
    return store::DatabaseError("deleting a message template", error);
  }
  return Status::Ok();
}

Result<std::vector<MessageTemplate>> ListTemplates(store::Database& db,
                                                   int64_t workspace_id) {
  std::vector<MessageTemplate> out;
  long long w = workspace_id;
  try {
    soci::rowset<soci::row> rows =
        (db.sql().prepare << std::string(kTemplateColumns) + "ORDER BY id",
         soci::use(w));
    for (const soci::row& row : rows) {
      VAFA_ASSIGN_OR_RETURN(MessageTemplate t, TemplateFromRow(row));
      out.push_back(std::move(t));
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("listing message templates", error);
  }
  return out;
}

Result<MessageTemplate> ReadTemplate(store::Database& db, int64_t workspace_id,
                                     int64_t template_id) {
  long long w = workspace_id, i = template_id;
  soci::row row;
  try {
    db.sql() << std::string(kTemplateColumns) + "AND id = :i", soci::use(w),
        soci::use(i), soci::into(row);
    if (!db.sql().got_data()) return NotHere(template_id);
  } catch (const std::exception& error) {
    return store::DatabaseError("reading a message template", error);
  }
  return TemplateFromRow(row);
}

Result<FilledMessage> FillMessage(const MessageTemplate& t,
                                  PlaceholderValues values, bool english) {
  values.calendar = t.calendar;
  const bool use_english = english && !t.body_en.empty();
  FilledMessage out;
  VAFA_ASSIGN_OR_RETURN(
      out.body, FillTemplate(use_english ? t.body_en : t.body_fa, values,
                             use_english ? "body_en" : "body_fa"));
  const std::string& subject =
      use_english && !t.subject_en.empty() ? t.subject_en : t.subject_fa;
  VAFA_ASSIGN_OR_RETURN(out.subject, FillTemplate(subject, values, "subject"));
  return out;
}

}  // namespace vafa::services::messaging
