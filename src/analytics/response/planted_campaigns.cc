#include "analytics/response/planted_campaigns.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace vafa::analytics::response {
namespace {

double Sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }

struct Member {
  double recency = 0, orders = 0, value = 0, tenure = 0;
  double responses = 0, messages = 0, complaints = 0, sms = 0, rhythm = 0;
};

Member DrawMember(std::mt19937_64& rng) {
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  Member m;
  m.orders = std::min(40.0, std::floor(std::exp(unit(rng) * 3.0)));
  const double gap = 365.0 / std::max(1.0, m.orders);  // their own rhythm
  m.rhythm = -std::log(1 - unit(rng)) * 1.6;           // recency in rhythms
  m.recency = std::round(gap * m.rhythm);
  m.value = std::round(std::exp(12.0 + 0.8 * (unit(rng) + unit(rng) - 1)));
  m.tenure = std::round(m.recency + 30 + unit(rng) * 1500);
  m.responses = std::floor(unit(rng) * unit(rng) * 5);
  m.messages = std::floor(unit(rng) * 10);
  m.complaints = unit(rng) < 0.08 ? 1 + std::floor(unit(rng) * 2) : 0;
  m.sms = unit(rng) < 0.6 ? 1 : 0;
  return m;
}

PlantedKind KindOf(const Member& m) {
  if (m.complaints > 0 || m.messages >= 6) return PlantedKind::kPutOff;
  if (m.rhythm >= 1 && m.rhythm <= 3 && m.responses >= 1) {
    return PlantedKind::kPersuadable;
  }
  return PlantedKind::kUnmoved;
}

}  // namespace

PlantedMembers PlantCampaignMembers(const PlantOptions& options) {
  PlantedMembers out;
  out.rows = options.members;
  std::mt19937_64 rng(options.seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  for (int64_t i = 0; i < options.members; ++i) {
    const Member m = DrawMember(rng);
    const PlantedKind kind = KindOf(m);
    const double base = Sigmoid(-2.4 + 0.08 * m.orders - 0.5 * m.rhythm);
    const double effect = kind == PlantedKind::kPersuadable ? 0.25
                          : kind == PlantedKind::kPutOff    ? -0.5 * base
                                                            : 0.01;
    const double when_treated = std::clamp(base + effect, 0.0, 1.0);
    const double respond =
        Sigmoid(-2.6 + 0.9 * m.responses + 0.6 * (1 - m.sms) + 0.05 * m.orders -
                0.15 * m.messages);
    const bool treated = unit(rng) < options.treated_share;
    const double p_buy = treated ? when_treated : base;
    out.x.insert(
        out.x.end(),
        {static_cast<float>(m.recency), static_cast<float>(m.orders),
         static_cast<float>(m.value), static_cast<float>(m.tenure),
         static_cast<float>(m.responses), static_cast<float>(m.messages),
         static_cast<float>(m.complaints), static_cast<float>(m.sms),
         static_cast<float>(m.rhythm)});
    out.treated.push_back(treated);
    out.bought.push_back(unit(rng) < p_buy);
    out.responded.push_back(treated && unit(rng) < respond);
    out.true_uplift.push_back(when_treated - base);
    out.true_response.push_back(respond);
    out.kind.push_back(kind);
  }
  return out;
}

DrawTruth PlantedTruthAtDraw(const float* row) {
  // Columns of kDrawFeatureNames.
  const auto value = [row](int f, double missing) {
    return std::isnan(row[f]) ? missing : static_cast<double>(row[f]);
  };
  const double orders = std::min(20.0, value(1, 0));
  const double responses = value(4, 0), messages = value(5, 0);
  const double complaints = value(6, 0), sms = value(7, 0);
  const double rhythm = value(8, -1);  // NaN: one purchase day so far
  DrawTruth truth;
  if (complaints > 0 || messages >= 2) {
    truth.kind = PlantedKind::kPutOff;
  } else if (rhythm >= 1 && rhythm <= 3 && responses >= 1) {
    truth.kind = PlantedKind::kPersuadable;
  }
  truth.buy_held_out =
      Sigmoid(-2.2 + 0.1 * orders - 0.4 * std::clamp(rhythm, 0.0, 5.0));
  const double effect = truth.kind == PlantedKind::kPersuadable ? 0.3
                        : truth.kind == PlantedKind::kPutOff
                            ? -0.5 * truth.buy_held_out
                            : 0.0;
  truth.buy_treated = std::clamp(truth.buy_held_out + effect, 0.0, 1.0);
  truth.respond = Sigmoid(-2.0 + 1.0 * responses + 0.7 * (1 - sms) +
                          0.12 * orders - 0.5 * messages);
  return truth;
}

}  // namespace vafa::analytics::response
