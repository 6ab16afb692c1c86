#include "services/loyalty/points.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "core/money.h"

namespace vafa::services::loyalty {

Status LoyaltyProgram::Check() const {
  if (minor_per_point < 1)
    return Status::Refused("minor_per_point", "minor_per_point is at least 1");
  if (expiry_days < 1 || expiry_days > 3650)
    return Status::Refused("expiry_days", "expiry_days is 1 to 3650");
  if (point_value_minor < 0)
    return Status::Refused("point_value_minor",
                           "point_value_minor is not negative");
  if (referral_points < 0)
    return Status::Refused("referral_points",
                           "referral_points is not negative");
  if (tier_basis != "spend" && tier_basis != "points")
    return Status::Refused("tier_basis", "tier_basis is spend or points");
  const bool by_points = tier_basis == "points";
  auto floor_of = [&](const LoyaltyTier& t) {
    return by_points ? t.min_points : t.min_spend_minor;
  };
  if (tiers.empty() || floor_of(tiers.front()) != 0)
    return Status::Refused("tiers",
                           by_points ? "the first tier starts at 0 points"
                                     : "the first tier starts at a spend of 0");
  for (size_t i = 0; i < tiers.size(); ++i) {
    const std::string at = "tiers[" + std::to_string(i) + "]";
    if (tiers[i].name.empty())
      return Status::Refused(at + ".name", "a tier needs a name");
    if (!(tiers[i].multiplier >= 0 && tiers[i].multiplier <= 100))
      return Status::Refused(at + ".multiplier", "a multiplier is 0 to 100");
    if (i > 0 && floor_of(tiers[i]) <= floor_of(tiers[i - 1]))
      return Status::Refused(
          at + (by_points ? ".min_points" : ".min_spend_minor"),
          by_points ? "tiers go up in minimum points"
                    : "tiers go up in minimum spend");
  }
  for (size_t i = 0; i < rewards.size(); ++i) {
    const std::string at = "rewards[" + std::to_string(i) + "]";
    if (rewards[i].key.empty() || rewards[i].name.empty())
      return Status::Refused(at + ".key", "a reward needs a key and a name");
    for (size_t j = 0; j < i; ++j) {
      if (rewards[j].key == rewards[i].key)
        return Status::Refused(at + ".key",
                               "reward \"" + rewards[i].key + "\" twice");
    }
    if (rewards[i].points < 1)
      return Status::Refused(at + ".points", "a reward costs at least 1 point");
    if (!rewards[i].min_tier.empty() && TierIndex(rewards[i].min_tier) < 0)
      return Status::Refused(at + ".min_tier",
                             "no tier \"" + rewards[i].min_tier + "\"");
  }
  for (const auto& [category, multiplier] : category_multipliers) {
    if (!(multiplier >= 0 && multiplier <= 100))
      return Status::Refused("category_multipliers." + category,
                             "a multiplier is 0 to 100");
  }
  for (size_t i = 0; i < promotions.size(); ++i) {
    const std::string at = "promotions[" + std::to_string(i) + "]";
    if (promotions[i].to < promotions[i].from)
      return Status::Refused(at + ".to",
                             "a promotion ends on or after its start");
    if (!(promotions[i].multiplier >= 0 && promotions[i].multiplier <= 100))
      return Status::Refused(at + ".multiplier", "a multiplier is 0 to 100");
  }
  return Status::Ok();
}

const LoyaltyReward* LoyaltyProgram::FindReward(const std::string& key) const {
  for (const LoyaltyReward& reward : rewards) {
    if (reward.key == key) return &reward;
  }
  return nullptr;
}

int LoyaltyProgram::TierIndex(const std::string& name) const {
  for (size_t i = 0; i < tiers.size(); ++i) {
    if (tiers[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

const LoyaltyTier& TierFor(const LoyaltyProgram& program,
                           int64_t rolling_spend_minor,
                           int64_t rolling_points) {
  const bool by_points = program.tier_basis == "points";
  const LoyaltyTier* tier = &program.tiers.front();
  for (const LoyaltyTier& t : program.tiers) {
    if (by_points ? rolling_points >= t.min_points
                  : rolling_spend_minor >= t.min_spend_minor) {
      tier = &t;
    }
  }
  return *tier;
}

std::optional<int64_t> EarnedPoints(const LoyaltyProgram& program,
                                    const std::vector<PointsLine>& lines,
                                    const LoyaltyTier& tier, DayNumber day) {
  double weighted = 0;
  int64_t total = 0;
  for (const PointsLine& line : lines) {
    std::optional<int64_t> added = CheckedAdd(total, line.amount_minor);
    if (!added) return std::nullopt;
    total = *added;
    auto found = program.category_multipliers.find(line.category);
    const double multiplier =
        found == program.category_multipliers.end() ? 1.0 : found->second;
    weighted += static_cast<double>(line.amount_minor) * multiplier;
  }
  if (total <= 0 || weighted <= 0) return 0;
  double promotion = 1;
  for (const LoyaltyPromotion& p : program.promotions) {
    if (day >= p.from && day <= p.to)
      promotion = std::max(promotion, p.multiplier);
  }
  // A hair above the exact quotient, so 2 x 1.5 x 100,000 earns 3, not 2.
  const double points =
      std::floor(weighted * tier.multiplier * promotion /
                     static_cast<double>(program.minor_per_point) +
                 1e-9);
  // 2^63 is the first double past int64_t; converting one at or above it
  // would be undefined.
  if (!(points < 9223372036854775808.0)) return std::nullopt;
  return static_cast<int64_t>(points);
}

std::vector<Expiry> DueExpiries(std::vector<LedgerEntry> entries,
                                UnixSeconds now) {
  std::stable_sort(entries.begin(), entries.end(),
                   [](const LedgerEntry& a, const LedgerEntry& b) {
                     return a.at != b.at ? a.at < b.at : a.id < b.id;
                   });
  struct Lot {
    int64_t id;
    int64_t left;
    UnixSeconds expires_at;  // 0: never
    bool closed = false;     // expired (recorded or due)
  };
  std::vector<Lot> lots;
  std::set<int64_t> recorded;  // lots whose expiry is in the ledger
  for (const LedgerEntry& e : entries)
    if (e.kind == "expire") recorded.insert(e.source_entry_id);
  std::vector<Expiry> due;
  // Closes the lots whose expiry has come by `time`, oldest first.
  auto expire_until = [&](UnixSeconds time) {
    for (Lot& lot : lots) {
      if (lot.closed || lot.expires_at == 0 || lot.expires_at > time) continue;
      lot.closed = true;
      if (lot.left > 0 && !recorded.contains(lot.id) && lot.expires_at <= now)
        due.push_back({lot.id, lot.left, lot.expires_at});
      lot.left = 0;
    }
  };
  for (const LedgerEntry& e : entries) {
    expire_until(e.at);
    if (e.kind == "expire") continue;  // its lot closed above, at its time
    if (e.points > 0) {
      lots.push_back({e.id, e.points, e.expires_at});
      continue;
    }
    int64_t spend = -e.points;
    for (Lot& lot : lots) {
      if (spend == 0) break;
      if (lot.closed || lot.left == 0) continue;
      const int64_t take = std::min(spend, lot.left);
      lot.left -= take;
      spend -= take;
    }
  }
  expire_until(now);
  return due;
}

}  // namespace vafa::services::loyalty
