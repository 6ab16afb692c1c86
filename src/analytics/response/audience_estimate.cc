#include "analytics/response/audience_estimate.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <unordered_map>

namespace vafa::analytics::response {
namespace {

constexpr double kZ95 = 1.96;

Expectation Around(double value, double variance, double floor,
                   double ceiling) {
  const double half = kZ95 * std::sqrt(std::max(0.0, variance));
  return {value, std::max(floor, value - half),
          std::min(ceiling, value + half)};
}

// Customer indexes ordered by `score`, highest first (ties in input order).
std::vector<int64_t> ByScoreDescending(const std::vector<double>& score) {
  std::vector<int64_t> order(score.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](int64_t a, int64_t b) { return score[a] > score[b]; });
  return order;
}

// The measured uplift of each holdout decile and its sampling variance.
void DecileUplift(const HoldoutUpliftDecile& decile, double& uplift,
                  double& variance) {
  uplift = 0;
  variance = 0;
  if (decile.treated <= 0 || decile.control <= 0 ||
      !std::isfinite(decile.treated_rate) ||
      !std::isfinite(decile.control_rate)) {
    return;
  }
  const double tr = decile.treated_rate, cr = decile.control_rate;
  uplift = tr - cr;
  variance = tr * (1 - tr) / static_cast<double>(decile.treated) +
             cr * (1 - cr) / static_cast<double>(decile.control);
}

// The uplift decile of each scored customer from the ranking by uplift.
std::vector<int> DecileOf(const std::vector<int64_t>& by_uplift) {
  const auto n = static_cast<int64_t>(by_uplift.size());
  std::vector<int> decile_of(n, 9);
  for (int64_t rank = 0; rank < n; ++rank) {
    decile_of[by_uplift[rank]] = static_cast<int>(rank * 10 / n);
  }
  return decile_of;
}

struct Sums {
  Expectation responders, incremental_buyers;
};

// Expected responders and incremental buyers over the scored customers at
// `indexes` (audience_estimate.h says how).
Sums SumOver(const ScoredCustomers& scored,
             const std::array<HoldoutUpliftDecile, 10>& deciles,
             const std::vector<int>& decile_of,
             const std::vector<int64_t>& indexes) {
  double responders = 0, responder_variance = 0;
  std::array<int64_t, 10> in_decile{};
  for (int64_t index : indexes) {
    const double p = std::clamp(scored.respond[index], 0.0, 1.0);
    responders += p;
    responder_variance += p * (1 - p);
    ++in_decile[decile_of[index]];
  }
  double incremental = 0, incremental_variance = 0;
  for (int d = 0; d < 10; ++d) {
    double uplift = 0, variance = 0;
    DecileUplift(deciles[d], uplift, variance);
    const auto members = static_cast<double>(in_decile[d]);
    incremental += members * uplift;
    incremental_variance += members * members * variance;
  }
  const auto whole = static_cast<double>(indexes.size());
  return {Around(responders, responder_variance, 0, whole),
          Around(incremental, incremental_variance, -whole, whole)};
}

Expectation RevenueOf(const Expectation& buyers, double spend_per_buyer) {
  return {buyers.value * spend_per_buyer, buyers.low * spend_per_buyer,
          buyers.high * spend_per_buyer};
}

}  // namespace

std::string_view AudienceName(Audience audience) {
  switch (audience) {
    case Audience::kPredictedResponders:
      return "predicted_responders";
    case Audience::kPersuadable:
      return "persuadable";
    case Audience::kDoNotDisturb:
      return "do_not_disturb";
  }
  return "";
}

std::optional<Audience> ParseAudience(std::string_view name) {
  for (Audience audience : {Audience::kPredictedResponders,
                            Audience::kPersuadable, Audience::kDoNotDisturb}) {
    if (AudienceName(audience) == name) return audience;
  }
  return std::nullopt;
}

Result<AudienceEstimate> EstimateAudience(
    const ScoredCustomers& scored,
    const std::array<HoldoutUpliftDecile, 10>& deciles, Audience audience,
    int64_t size, double default_share, double spend_per_buyer) {
  const auto n = static_cast<int64_t>(scored.customer_id.size());
  if (static_cast<int64_t>(scored.respond.size()) != n ||
      static_cast<int64_t>(scored.uplift.size()) != n) {
    return Status::Internal("scored customers: columns of unequal length");
  }
  if (size < 0) return Status::Invalid("size must be 0 or more", "size");
  const std::vector<int64_t> by_uplift = ByScoreDescending(scored.uplift);
  const std::vector<int> decile_of = DecileOf(by_uplift);

  AudienceEstimate estimate;
  estimate.audience = audience;
  std::vector<int64_t> order;  // candidates in the audience's order
  const std::vector<double>* boundary = &scored.uplift;
  if (audience == Audience::kPredictedResponders) {
    order = ByScoreDescending(scored.respond);
    boundary = &scored.respond;
  } else if (audience == Audience::kPersuadable) {
    for (int64_t index : by_uplift) {
      if (scored.uplift[index] > 0) order.push_back(index);
    }
  } else {
    for (auto it = by_uplift.rbegin(); it != by_uplift.rend(); ++it) {
      if (scored.uplift[*it] < 0) order.push_back(*it);
    }
  }
  estimate.available = static_cast<int64_t>(order.size());
  if (size == 0) {
    size = audience == Audience::kDoNotDisturb
               ? estimate.available
               : std::min<int64_t>(
                     estimate.available,
                     static_cast<int64_t>(std::floor(default_share * n)));
  }
  if (size > estimate.available) {
    return Status::Refused(
        "size", "size " + std::to_string(size) + " is more than the " +
                    std::to_string(estimate.available) +
                    " customers the audience " +
                    std::string(AudienceName(audience)) + " holds");
  }
  estimate.size = size;
  estimate.boundary_score = size > 0 ? (*boundary)[order[size - 1]] : NAN;

  for (int64_t k = 0; k < size; ++k) {
    estimate.members.push_back(scored.customer_id[order[k]]);
  }
  order.resize(size);
  const Sums sums = SumOver(scored, deciles, decile_of, order);
  estimate.responders = sums.responders;
  estimate.incremental_buyers = sums.incremental_buyers;
  estimate.incremental_revenue =
      RevenueOf(sums.incremental_buyers, spend_per_buyer);
  return estimate;
}

MemberEstimate EstimateMembers(
    const ScoredCustomers& scored,
    const std::array<HoldoutUpliftDecile, 10>& deciles,
    const std::vector<int64_t>& member_ids, double spend_per_buyer) {
  MemberEstimate estimate;
  estimate.members = static_cast<int64_t>(member_ids.size());
  std::unordered_map<int64_t, int64_t> index_of;
  for (size_t i = 0; i < scored.customer_id.size(); ++i) {
    index_of[scored.customer_id[i]] = static_cast<int64_t>(i);
  }
  std::vector<int64_t> indexes;
  for (int64_t id : member_ids) {
    auto found = index_of.find(id);
    if (found != index_of.end()) indexes.push_back(found->second);
  }
  estimate.scored_members = static_cast<int64_t>(indexes.size());
  const std::vector<int> decile_of = DecileOf(ByScoreDescending(scored.uplift));
  const Sums sums = SumOver(scored, deciles, decile_of, indexes);
  estimate.responders = sums.responders;
  estimate.incremental_buyers = sums.incremental_buyers;
  estimate.incremental_revenue =
      RevenueOf(sums.incremental_buyers, spend_per_buyer);
  return estimate;
}

bool WithinInterval(const Expectation& expected, double actual) {
  return std::isfinite(actual) && actual >= expected.low &&
         actual <= expected.high;
}

}  // namespace vafa::analytics::response
