// A workspace's stored message templates (templates.h fills them): a name,
// the channel kind it is written for, its purpose (marketing or
// transactional), the calendar of its {date}, and a subject (e-mail) and
// body in Persian and, optionally, English. A customer whose language is
// English gets the English texts when there are any. Every text's
// placeholders are checked when the template is stored.
#ifndef VAFA_SERVICES_MESSAGING_MESSAGE_TEMPLATES_H_
#define VAFA_SERVICES_MESSAGING_MESSAGE_TEMPLATES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"
#include "services/messaging/channels.h"
#include "services/messaging/outbox.h"
#include "services/messaging/templates.h"
#include "store/database.h"

namespace vafa::services::messaging {

struct MessageTemplate {
  int64_t id = 0;
  std::string name;
  ChannelKind kind = ChannelKind::kSms;
  MessagePurpose purpose = MessagePurpose::kMarketing;
  TemplateCalendar calendar = TemplateCalendar::kJalali;
  std::string subject_fa;
  std::string subject_en;
  std::string body_fa;
  std::string body_en;
};

// The longest name, and subject or body, a template may have (bytes).
inline constexpr size_t kMaxTemplateNameBytes = 200;
inline constexpr size_t kMaxTemplateTextBytes = 16 * 1024;

// Errors name the field ("body_fa: unknown placeholder {frist_name}").
Result<int64_t> AddTemplate(store::Database& db, int64_t workspace_id,
                            const MessageTemplate& message_template);
// Replaces the template `message_template.id` (checked as AddTemplate
// checks); NotFound for one of another workspace or deleted.
Status UpdateTemplate(store::Database& db, int64_t workspace_id,
                      const MessageTemplate& message_template);
// Marks it deleted: messages queued from it keep their texts.
Status DeleteTemplate(store::Database& db, int64_t workspace_id,
                      int64_t template_id);
Result<MessageTemplate> ReadTemplate(store::Database& db, int64_t workspace_id,
                                     int64_t template_id);
// The workspace's templates, by id.
Result<std::vector<MessageTemplate>> ListTemplates(store::Database& db,
                                                   int64_t workspace_id);

struct FilledMessage {
  std::string subject;
  std::string body;
};
// The texts for one customer: English when `english` and the template has
// an English body, else Persian. `values.calendar` is taken from the
// template.
Result<FilledMessage> FillMessage(const MessageTemplate& message_template,
                                  PlaceholderValues values, bool english);

}  // namespace vafa::services::messaging

#endif  // VAFA_SERVICES_MESSAGING_MESSAGE_TEMPLATES_H_
