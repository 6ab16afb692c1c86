// Tehran local time for the service desk's tests: the work calendar and the
// SLA clocks are read on Iran's week (UTC+03:30 all year).
#ifndef VAFA_SERVICES_SERVICE_TEHRAN_CLOCK_TEST_SUPPORT_H_
#define VAFA_SERVICES_SERVICE_TEHRAN_CLOCK_TEST_SUPPORT_H_

#include "core/dates.h"

namespace vafa::services::service::testing {

// Tehran local time as Unix seconds.
inline UnixSeconds Tehran(int year, int month, int day, int hour,
                          int minute = 0) {
  return static_cast<UnixSeconds>(DaysFromGregorian({year, month, day})) *
             86400 +
         hour * 3600 + minute * 60 - (3 * 3600 + 1800);
}

}  // namespace vafa::services::service::testing

#endif  // VAFA_SERVICES_SERVICE_TEHRAN_CLOCK_TEST_SUPPORT_H_
