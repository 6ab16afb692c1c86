// Fuzzes ParseDateTime (core/dates.h) with any text: it must never crash or
// overflow, and an instant it accepts must print as ISO 8601 and parse back
// to the same instant; its day must survive Gregorian and Jalali round trips.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/dates.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = vafa::ParseDateTime(text);
  if (!parsed.ok()) {
    VAFA_FUZZ_CHECK(!parsed.status().message().empty(),
                    "an error without a message");
    return 0;
  }
  const vafa::UnixSeconds seconds = *parsed;
  std::string iso = vafa::FormatIsoDateTime(seconds);
  auto again = vafa::ParseDateTime(iso);
  VAFA_FUZZ_CHECK(again.ok(), "the ISO form of an accepted time: " + iso);
  VAFA_FUZZ_CHECK(*again == seconds, "ISO round trip changed " + iso);

  const vafa::DayNumber day = vafa::DayOf(seconds);
  VAFA_FUZZ_CHECK(vafa::DaysFromGregorian(vafa::GregorianFromDays(day)) == day,
                  "Gregorian round trip of " + iso);
  const vafa::CivilDate jalali = vafa::JalaliFromDays(day);
  VAFA_FUZZ_CHECK(vafa::DaysFromJalali(jalali) == day,
                  "Jalali round trip of " + iso);
  VAFA_FUZZ_CHECK(
      jalali.month >= 1 && jalali.month <= 12 && jalali.day >= 1 &&
          jalali.day <= vafa::JalaliMonthLength(jalali.year, jalali.month),
      "Jalali date out of range for " + iso);
  const int weekday = vafa::IranWeekday(day);
  VAFA_FUZZ_CHECK(weekday >= 0 && weekday <= 6, "weekday of " + iso);
  (void)vafa::FormatJalali(day);
  (void)vafa::FormatGregorian(day);
  return 0;
}
