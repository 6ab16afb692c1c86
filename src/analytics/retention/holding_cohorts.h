// Cohorts of contractual customers built from when they opened and closed
// what they hold (docs/retention.md): the counts alive that the sBG and BdW
// fits of contract_retention.h take.
//
// A life is one customer (or one customer's holdings of one product type):
// it starts on the earliest opening and ends on the latest closing once
// every holding in it is closed; while any is open it goes on. Lives are
// grouped into cohorts by the renewal period (year, quarter or month of the
// Gregorian calendar) in which they started, and by a group name (all,
// a product type, a branch). alive[t] counts the lives of a cohort that
// reached the start of the t-th period after their first (alive[0] is the
// cohort's size), for every period that has started by `as_of`.
//
// Pure functions; O(lives log lives); thread-safe.
#ifndef VAFA_ANALYTICS_RETENTION_HOLDING_COHORTS_H_
#define VAFA_ANALYTICS_RETENTION_HOLDING_COHORTS_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/dates.h"
#include "core/result.h"

namespace vafa::analytics::retention {

enum class RenewalPeriod { kYear, kQuarter, kMonth };

// "year", "quarter" or "month".
Result<RenewalPeriod> ParseRenewalPeriod(std::string_view name);
// The period holding `day`, counted from year 0 (Gregorian).
int64_t PeriodOf(DayNumber day, RenewalPeriod period);
// "2019", "2019-Q2", "2019-04".
std::string PeriodLabel(int64_t index, RenewalPeriod period);

struct ContractLife {
  std::string group;  // "" for one group of everything
  DayNumber started = 0;
  std::optional<DayNumber> ended;  // nullopt while going on
};

struct ContractCohort {
  std::string group;
  std::string started;         // the period's label
  std::vector<int64_t> alive;  // alive[0] = size
};

// Cohorts by group (in order of name) then start period (oldest first).
// Lives that start after `as_of` are left out; an end after `as_of` is
// not yet seen, so such a life counts as going on.
std::vector<ContractCohort> CohortsFromLives(
    std::span<const ContractLife> lives, RenewalPeriod period, DayNumber as_of);

}  // namespace vafa::analytics::retention

#endif  // VAFA_ANALYTICS_RETENTION_HOLDING_COHORTS_H_
