// Message templates: a subject and a body in Persian and in English with
// placeholders, filled for one recipient, and the length of an SMS in
// parts. Pure functions, no I/O; thread-safe.
//
// Placeholders are {first_name}, {points}, {ticket_subject} and {date}
// (the day the message is written, in the template's calendar: Jalali
// 1403-09-15 or Gregorian 2024-12-05); for the messages to staff
// (staff_messages.h) also {task_title}, {customer_name}, {due} (a local
// date and time in the template's calendar, 1403-09-15 14:30) and {link}
// (a path in the web UI). "{{" and "}}" write one brace. An unknown
// placeholder is an error naming it, so a typo never reaches anyone.
#ifndef VAFA_SERVICES_MESSAGING_TEMPLATES_H_
#define VAFA_SERVICES_MESSAGING_TEMPLATES_H_

#include <string>
#include <string_view>

#include "core/dates.h"
#include "core/result.h"

namespace vafa::services::messaging {

enum class TemplateCalendar { kJalali, kGregorian };

struct PlaceholderValues {
  std::string first_name;
  std::string points;
  std::string ticket_subject;
  DayNumber day = 0;  // the local date {date} shows
  TemplateCalendar calendar = TemplateCalendar::kJalali;
  std::string task_title;
  std::string customer_name;
  std::string link;
  UnixSeconds due = 0;  // {due}: shown at utc_offset_minutes
  int utc_offset_minutes = 0;
};

// `moment` as "YYYY-MM-DD HH:MM" in `calendar`, `utc_offset_minutes` east
// of UTC.
std::string FormatLocalMoment(UnixSeconds moment, int utc_offset_minutes,
                              TemplateCalendar calendar);

// `text` with each placeholder replaced; `field` names the text in errors
// ("body_fa: unknown placeholder {frist_name}").
Result<std::string> FillTemplate(std::string_view text,
                                 const PlaceholderValues& values,
                                 std::string_view field);

// Checks every placeholder of `text` without filling it.
Status CheckTemplate(std::string_view text, std::string_view field);

struct SmsLength {
  bool unicode = false;  // UCS-2 (any character outside GSM-7, e.g. Persian)
  int units = 0;         // characters, counting GSM-7 escapes as two
  int parts = 0;         // 0 for an empty text
};
// The parts an SMS of `text` takes: GSM-7 160 units in one part, 153 a part
// when concatenated; UCS-2 70 and 67 (UTF-16 code units, so a character
// outside the BMP counts two).
SmsLength MeasureSms(std::string_view text);

}  // namespace vafa::services::messaging

#endif  // VAFA_SERVICES_MESSAGING_TEMPLATES_H_
