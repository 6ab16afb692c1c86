// Channel migration (docs/holdings.md, "Channel migration"): how the
// customers' use of service channels (branch, call centre, internet,
// mobile, ATM) shifts from period to period, and what the shift saves.
//
// For each month or quarter (Gregorian) from the one of `from` to the one
// of `to`: the uses of each channel in [from, to], their shares, what they
// cost and what the same number of uses would have cost at the first
// period's channel mix (the first period with a use):
//
//   cost        = sum over channels c of uses(c) x cost(c)
//   at_first_mix = uses x sum over c of first_uses(c) x cost(c) / first_uses
//   saved       = at_first_mix - cost
//
// both at each channel's cost valid on the period's last day (or `to`, when
// earlier), so that `saved` measures the change of mix alone, not a change
// of rates. Money is integer minor units, at_first_mix rounded half up.
// Customers can be grouped into segments (a branch); each segment's mix
// has its own first period. Pure; O(uses + periods x channels).
#ifndef VAFA_ANALYTICS_CHANNEL_MIGRATION_H_
#define VAFA_ANALYTICS_CHANNEL_MIGRATION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "analytics/contract_profitability.h"
#include "core/result.h"

namespace vafa::analytics {

enum class MigrationPeriod : uint8_t { kMonth, kQuarter };

struct ChannelPeriod {
  std::string label;                      // "2024-01" or "2024-Q1"
  DayNumber first_day = 0, last_day = 0;  // clipped to [from, to]
  std::vector<int64_t> uses;              // per channel of the book
  int64_t total_uses = 0;
  int64_t cost = 0;
  int64_t cost_at_first_mix = 0;
  int64_t saved = 0;
};

struct ChannelMix {
  std::vector<ChannelPeriod> periods;  // oldest first, none left out
  int64_t total_saved = 0;
  int32_t first_period = -1;  // index of the first period with a use
};

struct ChannelMigration {
  std::vector<std::string> channels;  // the book's, in its order
  ChannelMix all;                     // every customer
  std::vector<std::string> segments;  // names, one per segment mix
  std::vector<ChannelMix> by_segment;
};

// `segment_of` gives each customer's segment (an index into
// `segment_names`, -1: none) or is empty for no segments. Fails on from >
// to, a segment out of range or a book whose use columns disagree.
Result<ChannelMigration> ComputeChannelMigration(
    const ContractBook& book, const ContractRates& rates, DayNumber from,
    DayNumber to, MigrationPeriod period,
    const std::vector<int32_t>& segment_of = {},
    const std::vector<std::string>& segment_names = {});

// Each customer's uses per period and channel, for a per-customer table:
// uses[customer][period][channel]; only customers with a use are filled.
std::vector<std::vector<std::vector<int32_t>>> ChannelUsesByCustomer(
    const ContractBook& book, DayNumber from, DayNumber to,
    MigrationPeriod period);

// The segment of each customer: the branch of its first holding (-1 when
// it has none or the holding has no branch).
std::vector<int32_t> BranchOfFirstHolding(const ContractBook& book);

}  // namespace vafa::analytics

#endif  // VAFA_ANALYTICS_CHANNEL_MIGRATION_H_
