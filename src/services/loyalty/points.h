// The loyalty programme's arithmetic (docs/loyalty.md): what an order earns,
// which tier a customer is in, and which points have expired, first in first
// out. Pure functions; the ledger lives in the store (loyalty_ledger).
#ifndef VAFA_SERVICES_LOYALTY_POINTS_H_
#define VAFA_SERVICES_LOYALTY_POINTS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/dates.h"
#include "core/result.h"

namespace vafa::services::loyalty {

struct LoyaltyTier {
  std::string name;
  int64_t min_spend_minor = 0;  // spend of the 365 days before the order
  double multiplier = 1;
  int64_t min_points = 0;  // points earned in those days (tier_basis points)
};

struct LoyaltyPromotion {
  DayNumber from = 0, to = 0;  // inclusive
  double multiplier = 1;
};

// Something points buy, from the catalogue.
struct LoyaltyReward {
  std::string key;  // "coffee"
  std::string name;
  std::string name_fa;
  int64_t points = 0;    // the price, > 0
  std::string min_tier;  // "": any tier
};

struct LoyaltyProgram {
  int64_t minor_per_point = 100000;  // 1 point per 100,000 rial (10,000 toman)
  int expiry_days = 365;
  int64_t point_value_minor = 1000;  // what a burnt point is worth
  int64_t referral_points = 50;
  // What places a customer in a tier: "spend" (the year's spend) or
  // "points" (the points earned in the year).
  std::string tier_basis = "spend";
  // By minimum spend (or points), ascending; the first has minimum 0.
  std::vector<LoyaltyTier> tiers = {{"bronze", 0, 1.0},
                                    {"silver", 200000000, 1.25},
                                    {"gold", 1000000000, 1.5}};
  std::map<std::string, double> category_multipliers;  // others 1
  std::vector<LoyaltyPromotion> promotions;
  std::vector<LoyaltyReward> rewards = {
      {"coffee", "A coffee on the house", "یک قهوه مهمان ما", 50, ""},
      {"discount-10", "10% off the next order", "۱۰٪ تخفیف خرید بعدی", 200, ""},
      {"gift-card", "500,000 toman gift card", "کارت هدیهٔ ۵۰۰ هزار تومانی", 600,
       "silver"}};
  const LoyaltyReward* FindReward(const std::string& key) const;
  // The position of a tier by name; -1 when there is none.
  int TierIndex(const std::string& name) const;
  // Fails naming the field when a rule is impossible (no point size, tiers
  // out of order, a multiplier below 0 ...).
  Status Check() const;
};

struct PointsLine {
  int64_t amount_minor = 0;
  std::string category;
};

// The tier of a customer who spent `rolling_spend_minor` and earned
// `rolling_points` in the year before, by the programme's tier basis.
const LoyaltyTier& TierFor(const LoyaltyProgram& program,
                           int64_t rolling_spend_minor,
                           int64_t rolling_points = 0);

// Points an order of these lines earns on `day` in `tier`: each line's
// amount times its category's multiplier, summed, times the tier's and the
// best running promotion's multipliers, divided by the point size and
// rounded down. Refunds (negative totals) earn nothing. nullopt when the
// lines' sum or the points do not fit in 64 bits (never a wrapped value).
std::optional<int64_t> EarnedPoints(const LoyaltyProgram& program,
                                    const std::vector<PointsLine>& lines,
                                    const LoyaltyTier& tier, DayNumber day);

// One ledger entry of a customer, as stored.
struct LedgerEntry {
  int64_t id = 0;
  std::string kind;    // earn, referral, adjust, burn, expire
  int64_t points = 0;  // signed
  UnixSeconds at = 0;
  UnixSeconds expires_at = 0;   // earned points only; 0: never
  int64_t source_entry_id = 0;  // expire: the lot it expires
  std::string reason;           // the tier an order earned in, a note
};

struct Expiry {
  int64_t source_entry_id = 0;
  int64_t points = 0;  // > 0: the points that expire
  UnixSeconds at = 0;
};

// The expiries due by `now` and not yet recorded. Lots (earns, referrals,
// positive adjustments) are spent first in, first out by burns and negative
// adjustments, each at its time, from the lots not yet expired then; what is
// left of a lot at its expiry time expires.
std::vector<Expiry> DueExpiries(std::vector<LedgerEntry> entries,
                                UnixSeconds now);

}  // namespace vafa::services::loyalty

#endif  // VAFA_SERVICES_LOYALTY_POINTS_H_
