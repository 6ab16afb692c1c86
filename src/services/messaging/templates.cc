#include "services/messaging/templates.h"

#include <algorithm>
#include <array>
#include <cstdio>

#include "core/utf8.h"

namespace vafa::services::messaging {
namespace {

// GSM 03.38's default alphabet (one unit each) and its extension table
// (an escape and the character: two units).
constexpr std::u32string_view kGsmBasic =
    U"@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    U"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
constexpr std::u32string_view kGsmExtension = U"\f^{}\\[~]|€";

constexpr std::array<std::string_view, 8> kPlaceholders = {
    "first_name", "points",     "ticket_subject",
    "date",       "task_title", "customer_name",
    "due",        "link"};

std::string DateText(const PlaceholderValues& values) {
  return values.calendar == TemplateCalendar::kJalali
             ? FormatJalali(values.day)
             : FormatGregorian(values.day);
}

// Walks `text`, handing each literal run and each placeholder name to the
// callbacks; fails on an unknown or unclosed placeholder.
template <typename Literal, typename Placeholder>
Status Walk(std::string_view text, std::string_view field, Literal literal,
            Placeholder placeholder) {
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t brace = text.find_first_of("{}", pos);
    if (brace == std::string_view::npos) {
      literal(text.substr(pos));
      break;
    }
    literal(text.substr(pos, brace - pos));
    if (brace + 1 < text.size() && text[brace + 1] == text[brace]) {
      literal(text.substr(brace, 1));  // "{{" or "}}"
      pos = brace + 2;
      continue;
    }
    const size_t close = text.find('}', brace);
    if (text[brace] == '}' || close == std::string_view::npos) {
      return Status::Invalid(std::string(field) + ": unmatched brace at byte " +
                                 std::to_string(brace) +
                                 " (write {{ or }} for a brace)",
                             std::string(field));
    }
    const std::string_view name = text.substr(brace + 1, close - brace - 1);
    if (std::find(kPlaceholders.begin(), kPlaceholders.end(), name) ==
        kPlaceholders.end()) {
      return Status::Invalid(std::string(field) + ": unknown placeholder {" +
                                 std::string(name) +
                                 "} (known: {first_name}, {points}, "
                                 "{ticket_subject}, {date}, {task_title}, "
                                 "{customer_name}, {due}, {link})",
                             std::string(field));
    }
    placeholder(name);
    pos = close + 1;
  }
  return Status::Ok();
}

}  // namespace

std::string FormatLocalMoment(UnixSeconds moment, int utc_offset_minutes,
                              TemplateCalendar calendar) {
  const UnixSeconds local = moment + utc_offset_minutes * 60LL;
  const DayNumber day = DayOf(local);
  const int64_t minute = (local - day * 86400LL) / 60;
  char time[8];
  std::snprintf(time, sizeof time, " %02d:%02d", static_cast<int>(minute / 60),
                static_cast<int>(minute % 60));
  return (calendar == TemplateCalendar::kJalali ? FormatJalali(day)
                                                : FormatGregorian(day)) +
         time;
}

Result<std::string> FillTemplate(std::string_view text,
                                 const PlaceholderValues& values,
                                 std::string_view field) {
  std::string out;
  out.reserve(text.size() + 32);
  Status walked = Walk(
      text, field, [&](std::string_view run) { out += run; },
      [&](std::string_view name) {
        if (name == "first_name") out += values.first_name;
        if (name == "points") out += values.points;
        if (name == "ticket_subject") out += values.ticket_subject;
        if (name == "date") out += DateText(values);
        if (name == "task_title") out += values.task_title;
        if (name == "customer_name") out += values.customer_name;
        if (name == "link") out += values.link;
        if (name == "due") {
          out += FormatLocalMoment(values.due, values.utc_offset_minutes,
                                   values.calendar);
        }
      });
  if (!walked.ok()) return walked;
  return out;
}

Status CheckTemplate(std::string_view text, std::string_view field) {
  return Walk(
      text, field, [](std::string_view) {}, [](std::string_view) {});
}

SmsLength MeasureSms(std::string_view text) {
  SmsLength out;
  int gsm_units = 0;
  int utf16_units = 0;
  for (size_t pos = 0; pos < text.size();) {
    size_t length = 0;
    const int cp = utf8::Decode(text, pos, length);
    pos += length;
    utf16_units += cp >= 0x10000 ? 2 : 1;
    const char32_t c = static_cast<char32_t>(cp);
    if (cp >= 0 && kGsmBasic.find(c) != std::u32string_view::npos) {
      gsm_units += 1;
    } else if (cp >= 0 && kGsmExtension.find(c) != std::u32string_view::npos) {
      gsm_units += 2;
    } else {
      out.unicode = true;
    }
  }
  out.units = out.unicode ? utf16_units : gsm_units;
  const int single = out.unicode ? 70 : 160;
  const int part = out.unicode ? 67 : 153;
  if (out.units == 0) {
    out.parts = 0;
  } else if (out.units <= single) {
    out.parts = 1;
  } else {
    out.parts = (out.units + part - 1) / part;
  }
  return out;
}

}  // namespace vafa::services::messaging
