// The sales figures (docs/sales.md): the forecast by month (the weighted
// pipeline of open deals by their expected close, beside what was won and
// lost, against the month's target) and the conversion between the stages
// of a pipeline.
#ifndef VAFA_SERVICES_SALES_FORECAST_H_
#define VAFA_SERVICES_SALES_FORECAST_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "core/dates.h"
#include "core/result.h"
#include "services/sales/pipeline.h"

namespace vafa::services::sales {

enum class SalesCalendar : uint8_t { kGregorian, kJalali };

// "2026-11" or "1405-09": the month of `day` in the calendar.
std::string SalesMonth(DayNumber day, SalesCalendar calendar);

struct DealFacts {
  DealStatus status = DealStatus::kOpen;
  int64_t value_minor = 0;
  int probability = 0;
  UnixSeconds expected_close_at = 0;
  UnixSeconds closed_at = 0;
};

struct ForecastMonth {
  std::string month;
  int64_t open_deals = 0;
  int64_t pipeline_minor = 0;  // open deals expected to close this month
  int64_t weighted_minor = 0;  // ... times their probability
  int64_t commit_minor = 0;    // ... of those at 75% or more
  int64_t won_deals = 0;
  int64_t won_minor = 0;  // closed won this month
  int64_t lost_deals = 0;
  int64_t lost_minor = 0;
  int64_t target_minor = -1;  // -1: no target set
  // won + weighted, and its share of the target (-1 without one).
  int64_t expected_minor = 0;
  double attainment = -1;
};

struct Forecast {
  std::vector<ForecastMonth> months;  // first..last, every month
  // Open deals whose expected close is before `today`'s month: late, and
  // not in any month's weighted figure.
  int64_t overdue_deals = 0;
  int64_t overdue_minor = 0;
  int64_t open_deals = 0;
  int64_t pipeline_minor = 0;
  int64_t weighted_minor = 0;
};

// The months from `first` to `last` (days, inclusive) in the calendar.
// `targets` maps a month label to its target. Sums are checked: deal values
// that add up past 64 bits are an error naming value_minor, never a wrap.
Result<Forecast> ComputeForecast(const std::vector<DealFacts>& deals,
                                 DayNumber first, DayNumber last,
                                 DayNumber today, SalesCalendar calendar,
                                 const std::map<std::string, int64_t>& targets);

// A deal's way through the pipeline: the stages it entered, in order, with
// when, and where it is now.
struct DealPath {
  struct Entry {
    std::string stage;
    UnixSeconds at = 0;
  };
  std::vector<Entry> entries;
  DealStatus status = DealStatus::kOpen;
  UnixSeconds created_at = 0;
  UnixSeconds closed_at = 0;
};

struct StageConversion {
  std::string stage;
  int64_t reached = 0;   // deals that got this far (or further)
  int64_t advanced = 0;  // ... and further: a later open stage, or won
  double rate = 0;       // advanced / reached; 0 when none reached
  // Mean days a deal stayed in the stage before moving on (stays that
  // ended); -1 when none ended.
  double mean_days = -1;
};

struct Conversion {
  std::vector<StageConversion> stages;  // the open stages, in board order
  int64_t open = 0, won = 0, lost = 0;
  double win_rate = 0;           // won / (won + lost); 0 when none closed
  double mean_days_to_win = -1;  // created to won; -1 when none won
  std::map<std::string, int64_t> lost_at;  // lost deals by last open stage
};

// A deal reached every open stage up to the furthest it entered (skipped
// stages count as passed); a won deal reached every open stage.
Conversion ComputeConversion(const Pipeline& pipeline,
                             const std::vector<DealPath>& deals);

}  // namespace vafa::services::sales

#endif  // VAFA_SERVICES_SALES_FORECAST_H_
