#include "services/messaging/message_templates.h"

#include <soci/soci.h>

#include "store/sql_values.h"

namespace vafa::services {
namespace {

constexpr char kInsertTemplate[] =
    "INSERT INTO message_templates (workspace_id, name, kind, purpose, "
    "calendar, subject_fa, subject_en, body_fa, body_en, created_at) VALUES "
    "(:w, :n, :k, :p, :c, :sf, :se, :bf, :be, :t) RETURNING id";
constexpr char kSelectTemplate[] =
    "SELECT name, kind, purpose, calendar, subject_fa, subject_en, body_fa, "
    "body_en FROM message_templates WHERE workspace_id = :w AND id = :i AND "
    "deleted_at IS NULL";

}  // namespace

Result<int64_t> AddTemplate(store::Database& db, int64_t workspace_id,
                            const MessageTemplate& t) {
  if (t.name.empty()) return Status::Invalid("name: is required", "name");
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
    if (Status s = CheckTemplate(*text, field); !s.ok()) return s;
  }
  long long w = workspace_id, now = store::NowSeconds(), id = 0;
  std::string n = t.name, k(ChannelKindName(t.kind)),
              p(MessagePurposeName(t.purpose)),
              c = t.calendar == TemplateCalendar::kJalali ? "jalali"
                                                          : "gregorian",
              bf = t.body_fa;
  store::NullableText sf(t.subject_fa), se(t.subject_en), be(t.body_en);
  try {
    db.sql() << kInsertTemplate, soci::use(w), soci::use(n), soci::use(k),
        soci::use(p), soci::use(c), sf.use(), se.use(), soci::use(bf), be.use(),
        soci::use(now), soci::into(id);
  } catch (const std::exception& error) {
    return store::DatabaseError("adding a message template", error);
  }
  return static_cast<int64_t>(id);
}

Result<MessageTemplate> ReadTemplate(store::Database& db, int64_t workspace_id,
                                     int64_t template_id) {
  long long w = workspace_id, i = template_id;
  soci::row row;
  try {
    db.sql() << kSelectTemplate, soci::use(w), soci::use(i), soci::into(row);
    if (!db.sql().got_data()) {
      return Status::NotFound("message template " +
                              std::to_string(template_id) +
                              " is not in this workspace");
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading a message template", error);
  }
  MessageTemplate t;
  t.id = template_id;
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
  return t;
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

}  // namespace vafa::services
