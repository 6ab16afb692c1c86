#include "services/messaging/internal/staff_message_texts.h"

#include <string>

namespace vafa::services::messaging {
namespace {

struct StaffText {
  const char* subject_fa;
  const char* body_fa;
  const char* subject_en;
  const char* body_en;
};

// By StaffMessageKind. The customer line of a task is added apart, since
// a task may have no customer.
constexpr StaffText kTexts[] = {
    {"یادآوری: {task_title}",
     "کار «{task_title}» در {due} سررسید می‌شود.",
     "Reminder: {task_title}", "The task \"{task_title}\" is due at {due}."},
    {"هشدار مهلت پاسخ: {ticket_subject}",
     "مهلت نخستین پاسخ به تیکت «{ticket_subject}» از {customer_name} در "
     "{due} به سر می‌رسد.",
     "SLA warning, first response: {ticket_subject}",
     "The first response to the ticket \"{ticket_subject}\" from "
     "{customer_name} is due at {due}."},
    {"هشدار مهلت حل: {ticket_subject}",
     "مهلت حل تیکت «{ticket_subject}» از {customer_name} در {due} به سر "
     "می‌رسد.",
     "SLA warning, resolution: {ticket_subject}",
     "The ticket \"{ticket_subject}\" from {customer_name} is to be resolved "
     "by {due}."},
    {"مهلت پاسخ گذشت: {ticket_subject}",
     "مهلت نخستین پاسخ به تیکت «{ticket_subject}» از {customer_name} در "
     "{due} گذشت و هنوز پاسخی داده نشده است.",
     "SLA breached, first response: {ticket_subject}",
     "The first response to the ticket \"{ticket_subject}\" from "
     "{customer_name} was due at {due} and has not been given."},
    {"مهلت حل گذشت: {ticket_subject}",
     "مهلت حل تیکت «{ticket_subject}» از {customer_name} در {due} گذشت و "
     "تیکت هنوز باز است.",
     "SLA breached, resolution: {ticket_subject}",
     "The ticket \"{ticket_subject}\" from {customer_name} was to be resolved "
     "by {due} and is still open."},
};

}  // namespace

Result<FilledMessage> FillBuiltInStaffText(StaffMessageKind kind, bool english,
                                           PlaceholderValues values) {
  const StaffText& text = kTexts[static_cast<int>(kind)];
  values.calendar =
      english ? TemplateCalendar::kGregorian : TemplateCalendar::kJalali;
  std::string body = english ? text.body_en : text.body_fa;
  if (kind == StaffMessageKind::kTaskReminder &&
      !values.customer_name.empty()) {
    body +=
        english ? "\nCustomer: {customer_name}" : "\nمشتری: {customer_name}";
  }
  body += "\n{link}\n";
  FilledMessage out;
  VAFA_ASSIGN_OR_RETURN(
      out.subject, FillTemplate(english ? text.subject_en : text.subject_fa,
                                values, "subject"));
  VAFA_ASSIGN_OR_RETURN(out.body, FillTemplate(body, values, "body"));
  return out;
}

}  // namespace vafa::services::messaging
