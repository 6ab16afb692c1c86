#include "analytics/retention/holding_cohorts.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <utility>

namespace vafa::analytics::retention {

Result<RenewalPeriod> ParseRenewalPeriod(std::string_view name) {
  if (name == "year") return RenewalPeriod::kYear;
  if (name == "quarter") return RenewalPeriod::kQuarter;
  if (name == "month") return RenewalPeriod::kMonth;
  return Status::Invalid("period \"" + std::string(name) +
                         "\": year, quarter or month");
}

int64_t PeriodOf(DayNumber day, RenewalPeriod period) {
  const CivilDate date = GregorianFromDays(day);
  switch (period) {
    case RenewalPeriod::kYear:
      return date.year;
    case RenewalPeriod::kQuarter:
      return int64_t{date.year} * 4 + (date.month - 1) / 3;
    case RenewalPeriod::kMonth:
      return int64_t{date.year} * 12 + (date.month - 1);
  }
  return date.year;
}

std::string PeriodLabel(int64_t index, RenewalPeriod period) {
  char text[32];
  switch (period) {
    case RenewalPeriod::kYear:
      std::snprintf(text, sizeof text, "%lld", static_cast<long long>(index));
      break;
    case RenewalPeriod::kQuarter:
      std::snprintf(text, sizeof text, "%lld-Q%lld",
                    static_cast<long long>(index / 4),
                    static_cast<long long>(index % 4 + 1));
      break;
    case RenewalPeriod::kMonth:
      std::snprintf(text, sizeof text, "%lld-%02lld",
                    static_cast<long long>(index / 12),
                    static_cast<long long>(index % 12 + 1));
      break;
  }
  return text;
}

std::vector<ContractCohort> CohortsFromLives(
    std::span<const ContractLife> lives, RenewalPeriod period,
    DayNumber as_of) {
  const int64_t now = PeriodOf(as_of, period);
  // (group, start period) -> for each life, the periods it lasted past its
  // first (nullopt: still going on).
  std::map<std::pair<std::string, int64_t>, std::vector<int64_t>> ends;
  for (const ContractLife& life : lives) {
    if (life.started > as_of) continue;
    const int64_t start = PeriodOf(life.started, period);
    // A life reached the start of every period up to the one it ended in
    // (T of contract_retention.h is one more); a life going on, or ended
    // after as_of, reached every period that has started.
    int64_t reached = now - start;
    if (life.ended.has_value() && *life.ended <= as_of) {
      reached = std::max<int64_t>(0, PeriodOf(*life.ended, period) - start);
    }
    ends[{life.group, start}].push_back(reached);
  }
  std::vector<ContractCohort> out;
  for (const auto& [key, lasted] : ends) {
    ContractCohort cohort;
    cohort.group = key.first;
    cohort.started = PeriodLabel(key.second, period);
    cohort.alive.assign(now - key.second + 1, 0);
    for (int64_t reached : lasted) {
      // Reached periods 0..reached of the cohort's, as far as they exist.
      const int64_t last = std::min<int64_t>(
          reached, static_cast<int64_t>(cohort.alive.size()) - 1);
      for (int64_t t = 0; t <= last; ++t) ++cohort.alive[t];
    }
    out.push_back(std::move(cohort));
  }
  return out;
}

}  // namespace vafa::analytics::retention
