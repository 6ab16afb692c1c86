#include "analytics/churn/customer_story.h"

#include <algorithm>
#include <cmath>

namespace vafa::analytics::churn {
namespace {

constexpr double kEven = 0.5;
constexpr double kCitedGapRatio = 2;
// Three purchase days give two gaps: the least that shows a rhythm.
constexpr int64_t kRhythmPurchaseDays = 3;

}  // namespace

CustomerStory TellCustomerStory(const CustomerStoryInput& input) {
  CustomerStory story;
  if (input.purchase_days > 1) {
    story.usual_gap_days =
        static_cast<double>(input.days_since_first - input.days_since_last) /
        static_cast<double>(input.purchase_days - 1);
    story.gap_ratio = static_cast<double>(input.days_since_last) /
                      std::max(1.0, story.usual_gap_days);
  }
  if (std::isnan(input.churn_risk) ||
      (input.days_since_first < input.window_days &&
       input.purchase_days < kRhythmPurchaseDays)) {
    story.kind = StoryKind::kTooEarly;
    return story;
  }
  const bool at_risk = input.churn_risk >= kEven;
  const bool alive = std::isnan(input.p_alive) || input.p_alive >= kEven;
  story.kind = at_risk
                   ? (alive ? StoryKind::kAliveButAtRisk : StoryKind::kFading)
                   : (alive ? StoryKind::kSteady : StoryKind::kQuiet);
  story.cites_gap = story.gap_ratio >= kCitedGapRatio;
  return story;
}

std::string_view StoryKindName(StoryKind kind) {
  switch (kind) {
    case StoryKind::kTooEarly:
      return "too_early";
    case StoryKind::kSteady:
      return "steady";
    case StoryKind::kAliveButAtRisk:
      return "alive_but_at_risk";
    case StoryKind::kFading:
      return "fading";
    case StoryKind::kQuiet:
      return "quiet";
  }
  return "";
}

}  // namespace vafa::analytics::churn
