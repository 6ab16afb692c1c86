#include "analytics/channel_migration.h"

#include <algorithm>
#include <cstdio>

namespace vafa::analytics {
namespace {

// Sums of money x rates can pass int64 before they are divided.
__extension__ using Wide = __int128;

// A period number: months since year 0 (month) or quarters (quarter).
int32_t PeriodOf(DayNumber day, MigrationPeriod period) {
  const CivilDate date = GregorianFromDays(day);
  const int32_t month = date.year * 12 + date.month - 1;
  return period == MigrationPeriod::kMonth ? month : month / 3;
}

DayNumber PeriodStart(int32_t number, MigrationPeriod period) {
  const int32_t month = period == MigrationPeriod::kMonth ? number : number * 3;
  return DaysFromGregorian({month / 12, month % 12 + 1, 1});
}

DayNumber PeriodEnd(int32_t number, MigrationPeriod period) {
  return PeriodStart(number + 1, period) - 1;
}

std::string PeriodLabel(int32_t number, MigrationPeriod period) {
  char text[16];
  if (period == MigrationPeriod::kMonth) {
    std::snprintf(text, sizeof text, "%04d-%02d", number / 12, number % 12 + 1);
  } else {
    std::snprintf(text, sizeof text, "%04d-Q%d", number / 4, number % 4 + 1);
  }
  return text;
}

// Empty periods from `from` to `to`, each with a use count per channel.
ChannelMix EmptyMix(DayNumber from, DayNumber to, MigrationPeriod period,
                    size_t channels) {
  ChannelMix mix;
  for (int32_t p = PeriodOf(from, period); p <= PeriodOf(to, period); ++p) {
    ChannelPeriod out;
    out.label = PeriodLabel(p, period);
    out.first_day = std::max(from, PeriodStart(p, period));
    out.last_day = std::min(to, PeriodEnd(p, period));
    out.uses.assign(channels, 0);
    mix.periods.push_back(std::move(out));
  }
  return mix;
}

// Costs and savings of a mix whose uses are counted.
void PriceMix(ChannelMix& mix, const std::vector<std::string>& channels,
              const ContractRates& rates) {
  for (size_t p = 0; p < mix.periods.size(); ++p) {
    ChannelPeriod& period = mix.periods[p];
    for (int64_t uses : period.uses) period.total_uses += uses;
    if (mix.first_period < 0 && period.total_uses > 0) {
      mix.first_period = static_cast<int32_t>(p);
    }
  }
  if (mix.first_period < 0) return;
  const ChannelPeriod& first = mix.periods[mix.first_period];
  for (ChannelPeriod& period : mix.periods) {
    Wide at_first = 0;
    for (size_t c = 0; c < channels.size(); ++c) {
      const int64_t cost =
          RateOn(rates.channel_costs, channels[c], period.last_day);
      period.cost += period.uses[c] * cost;
      at_first += static_cast<Wide>(first.uses[c]) * cost;
    }
    // uses x sum(first_uses x cost) / first_uses, rounded half up.
    at_first *= period.total_uses;
    const Wide total = first.total_uses;
    period.cost_at_first_mix =
        static_cast<int64_t>((2 * at_first + total) / (2 * total));
    period.saved = period.cost_at_first_mix - period.cost;
    mix.total_saved += period.saved;
  }
}

}  // namespace

Result<ChannelMigration> ComputeChannelMigration(
    const ContractBook& book, const ContractRates& rates, DayNumber from,
    DayNumber to, MigrationPeriod period,
    const std::vector<int32_t>& segment_of,
    const std::vector<std::string>& segment_names) {
  if (from > to) return Status::Invalid("from is after to", "from");
  const size_t uses = book.use_customer.size();
  if (book.use_day.size() != uses || book.use_channel.size() != uses) {
    return Status::Invalid("channel use columns differ in length", "uses");
  }
  if (!segment_of.empty() &&
      segment_of.size() != static_cast<size_t>(book.customers)) {
    return Status::Invalid("one segment per customer", "segments");
  }
  for (int32_t s : segment_of) {
    if (s >= static_cast<int32_t>(segment_names.size())) {
      return Status::Invalid("a customer's segment has no name", "segments");
    }
  }
  ChannelMigration out;
  out.channels = book.channels;
  out.segments = segment_names;
  const size_t channels = book.channels.size();
  out.all = EmptyMix(from, to, period, channels);
  out.by_segment.assign(segment_names.size(),
                        EmptyMix(from, to, period, channels));
  const int32_t first = PeriodOf(from, period);
  for (size_t u = 0; u < uses; ++u) {
    const DayNumber day = book.use_day[u];
    if (day < from || day > to) continue;
    const int32_t channel = book.use_channel[u];
    const int32_t customer = book.use_customer[u];
    if (channel < 0 || static_cast<size_t>(channel) >= channels ||
        customer < 0 || customer >= book.customers) {
      return Status::Invalid("a channel use names no customer or channel",
                             "uses");
    }
    const size_t p = PeriodOf(day, period) - first;
    ++out.all.periods[p].uses[channel];
    if (!segment_of.empty() && segment_of[customer] >= 0) {
      ++out.by_segment[segment_of[customer]].periods[p].uses[channel];
    }
  }
  PriceMix(out.all, out.channels, rates);
  for (ChannelMix& mix : out.by_segment) PriceMix(mix, out.channels, rates);
  return out;
}

std::vector<std::vector<std::vector<int32_t>>> ChannelUsesByCustomer(
    const ContractBook& book, DayNumber from, DayNumber to,
    MigrationPeriod period) {
  std::vector<std::vector<std::vector<int32_t>>> out(book.customers);
  if (from > to) return out;
  const int32_t first = PeriodOf(from, period);
  const size_t periods = PeriodOf(to, period) - first + 1;
  for (size_t u = 0; u < book.use_customer.size(); ++u) {
    const DayNumber day = book.use_day[u];
    if (day < from || day > to) continue;
    auto& mine = out[book.use_customer[u]];
    if (mine.empty()) {
      mine.assign(periods, std::vector<int32_t>(book.channels.size(), 0));
    }
    ++mine[PeriodOf(day, period) - first][book.use_channel[u]];
  }
  return out;
}

std::vector<int32_t> BranchOfFirstHolding(const ContractBook& book) {
  std::vector<int32_t> branch(book.customers, -1);
  std::vector<DayNumber> first(book.customers, kNoDay);
  for (size_t h = 0; h < book.holding_customer.size(); ++h) {
    const int32_t c = book.holding_customer[h];
    if (first[c] == kNoDay || book.holding_opened[h] < first[c]) {
      first[c] = book.holding_opened[h];
      branch[c] = book.holding_branch[h];
    }
  }
  return branch;
}

}  // namespace vafa::analytics
