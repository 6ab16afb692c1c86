// The built-in texts of the messages vafa sends to staff (staff_messages.h):
// a task's reminder and a ticket's SLA warning or breach, each in Persian
// (dates in Jalali) and English (Gregorian), naming the task or ticket, its
// customer, the due moment and a link path into the web UI. A workspace
// template named kTaskReminderTemplate or kSlaAlertTemplate replaces them.
// Pure functions; thread-safe.
#ifndef VAFA_SERVICES_MESSAGING_STAFF_MESSAGE_TEXTS_H_
#define VAFA_SERVICES_MESSAGING_STAFF_MESSAGE_TEXTS_H_

#include "core/result.h"
#include "services/messaging/message_templates.h"
#include "services/messaging/templates.h"

namespace vafa::services::messaging {

inline constexpr char kTaskReminderTemplate[] = "task_reminder";
inline constexpr char kSlaAlertTemplate[] = "sla_alert";

enum class StaffMessageKind {
  kTaskReminder,
  kFirstResponseWarning,
  kResolutionWarning,
  kFirstResponseBreached,
  kResolutionBreached,
};

// The built-in subject and body for `kind`, filled with `values` in English
// or Persian; `values.calendar` is set here (Gregorian for English). A task
// without a customer (`values.customer_name` empty) leaves its customer
// line out.
Result<FilledMessage> FillBuiltInStaffText(StaffMessageKind kind, bool english,
                                           PlaceholderValues values);

}  // namespace vafa::services::messaging

#endif  // VAFA_SERVICES_MESSAGING_STAFF_MESSAGE_TEXTS_H_
