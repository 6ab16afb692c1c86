#include "services/sales/forecast.h"

#include <cstdio>
#include <optional>
#include <unordered_map>

#include "core/money.h"

namespace vafa::services::sales {

std::string SalesMonth(DayNumber day, SalesCalendar calendar) {
  CivilDate date = calendar == SalesCalendar::kJalali ? JalaliFromDays(day)
                                                      : GregorianFromDays(day);
  char label[16];
  std::snprintf(label, sizeof label, "%04d-%02d", date.year, date.month);
  return label;
}

Result<Forecast> ComputeForecast(
    const std::vector<DealFacts>& deals, DayNumber first, DayNumber last,
    DayNumber today, SalesCalendar calendar,
    const std::map<std::string, int64_t>& targets) {
  Forecast forecast;
  // Deal values come from clients: every sum is checked.
  bool overflow = false;
  auto add = [&overflow](int64_t& sum, int64_t value) {
    std::optional<int64_t> added = CheckedAdd(sum, value);
    if (added) {
      sum = *added;
    } else {
      overflow = true;
    }
  };
  std::unordered_map<std::string, size_t> index;
  for (DayNumber day = first; day <= last; ++day) {
    std::string month = SalesMonth(day, calendar);
    if (index.emplace(month, forecast.months.size()).second) {
      forecast.months.push_back({.month = month});
    }
  }
  const std::string this_month = SalesMonth(today, calendar);
  auto row = [&](UnixSeconds at) -> ForecastMonth* {
    auto it = index.find(SalesMonth(DayOf(at), calendar));
    return it == index.end() ? nullptr : &forecast.months[it->second];
  };
  for (const DealFacts& deal : deals) {
    switch (deal.status) {
      case DealStatus::kOpen: {
        const int64_t weighted = Weighted(deal.value_minor, deal.probability);
        ++forecast.open_deals;
        add(forecast.pipeline_minor, deal.value_minor);
        add(forecast.weighted_minor, weighted);
        // Labels of one calendar compare as dates ("1405-09" < "1405-10").
        if (SalesMonth(DayOf(deal.expected_close_at), calendar) < this_month) {
          ++forecast.overdue_deals;
          add(forecast.overdue_minor, deal.value_minor);
          break;
        }
        if (ForecastMonth* month = row(deal.expected_close_at)) {
          ++month->open_deals;
          add(month->pipeline_minor, deal.value_minor);
          add(month->weighted_minor, weighted);
          if (deal.probability >= 75)
            add(month->commit_minor, deal.value_minor);
        }
        break;
      }
      case DealStatus::kWon:
        if (ForecastMonth* month = row(deal.closed_at)) {
          ++month->won_deals;
          add(month->won_minor, deal.value_minor);
        }
        break;
      case DealStatus::kLost:
        if (ForecastMonth* month = row(deal.closed_at)) {
          ++month->lost_deals;
          add(month->lost_minor, deal.value_minor);
        }
        break;
    }
  }
  for (ForecastMonth& month : forecast.months) {
    month.expected_minor = month.won_minor;
    add(month.expected_minor, month.weighted_minor);
    auto target = targets.find(month.month);
    if (target != targets.end()) {
      month.target_minor = target->second;
      if (target->second > 0) {
        month.attainment = static_cast<double>(month.expected_minor) /
                           static_cast<double>(target->second);
      }
    }
  }
  if (overflow) {
    return Status::Refused(
        "value_minor",
        AmountOverflowMessage("the sum of the deals' value_minor"));
  }
  return forecast;
}

Conversion ComputeConversion(const Pipeline& pipeline,
                             const std::vector<DealPath>& deals) {
  Conversion result;
  // The open stages in board order, and each one's place among them.
  std::vector<const Stage*> open;
  std::unordered_map<std::string, int> place;
  for (const Stage& stage : pipeline.stages) {
    if (stage.outcome != DealStatus::kOpen) continue;
    place[stage.key] = static_cast<int>(open.size());
    open.push_back(&stage);
    result.stages.push_back({.stage = stage.key});
  }
  const int n = static_cast<int>(open.size());
  std::vector<double> stay_days(n, 0);
  std::vector<int64_t> stays(n, 0);
  double days_to_win = 0;
  for (const DealPath& deal : deals) {
    int furthest = -1;
    std::string last_open;
    for (size_t i = 0; i < deal.entries.size(); ++i) {
      auto it = place.find(deal.entries[i].stage);
      if (it == place.end()) continue;
      furthest = std::max(furthest, it->second);
      last_open = deal.entries[i].stage;
      if (i + 1 < deal.entries.size()) {
        stay_days[it->second] +=
            static_cast<double>(deal.entries[i + 1].at - deal.entries[i].at) /
            86400.0;
        ++stays[it->second];
      }
    }
    switch (deal.status) {
      case DealStatus::kOpen:
        ++result.open;
        break;
      case DealStatus::kWon:
        ++result.won;
        furthest = n;  // past every open stage
        days_to_win +=
            static_cast<double>(deal.closed_at - deal.created_at) / 86400.0;
        break;
      case DealStatus::kLost:
        ++result.lost;
        ++result.lost_at[last_open];
        break;
    }
    for (int i = 0; i < n && i <= furthest; ++i) {
      ++result.stages[i].reached;
      if (furthest > i) ++result.stages[i].advanced;
    }
  }
  for (int i = 0; i < n; ++i) {
    StageConversion& stage = result.stages[i];
    if (stage.reached > 0) {
      stage.rate = static_cast<double>(stage.advanced) /
                   static_cast<double>(stage.reached);
    }
    if (stays[i] > 0) stage.mean_days = stay_days[i] / stays[i];
  }
  if (result.won + result.lost > 0) {
    result.win_rate = static_cast<double>(result.won) /
                      static_cast<double>(result.won + result.lost);
  }
  if (result.won > 0) result.mean_days_to_win = days_to_win / result.won;
  return result;
}

}  // namespace vafa::services::sales
