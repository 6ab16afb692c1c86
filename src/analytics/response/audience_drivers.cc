#include "analytics/response/audience_drivers.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "analytics/response/draw_features.h"

namespace vafa::analytics::response {
namespace {

struct FeatureWords {
  std::string_view en, fa;
};

// In kDrawFeatureNames order.
constexpr std::array<FeatureWords, kDrawFeatureCount> kFeatureWords = {{
    {"days since the last order", "روزهای گذشته از آخرین خرید"},
    {"orders in the last year", "سفارش‌های یک سال گذشته"},
    {"mean order value", "میانگین مبلغ سفارش"},
    {"days as a customer", "مدت مشتری بودن"},
    {"answers to past campaigns",
     "پاسخ به کمپین‌های پیشین"},
    {"messages in the last 90 days",
     "پیام‌های ۹۰ روز گذشته"},
    {"open complaints", "شکایت‌های باز"},
    {"campaigns by SMS", "کمپین با پیامک"},
    {"time since the last order against their own buying rhythm",
     "فاصله از آخرین خرید نسبت به ریتم خرید خود مشتری"},
    {"recency score (R)", "امتیاز تازگی خرید (R)"},
    {"frequency score (F)", "امتیاز تکرار خرید (F)"},
    {"spend score (M)", "امتیاز مبلغ خرید (M)"},
    {"orders", "سفارش‌ها"},
    {"net revenue", "درآمد خالص"},
    {"complaints", "شکایت‌ها"},
    {"messages received", "پیام‌های دریافتی"},
    {"chance of still being a customer", "احتمال فعال ماندن"},
    {"expected purchases", "خریدهای مورد انتظار"},
    {"loyalty tier at the draw", "سطح باشگاه مشتریان هنگام انتخاب"},
}};

}  // namespace

std::vector<AudienceDriver> AudienceDrivers(
    const std::vector<float>& contributions, const std::vector<float>& x,
    int cols, const std::vector<uint8_t>& in_audience, int direction, int top) {
  const auto rows = static_cast<int64_t>(in_audience.size());
  std::vector<double> part_all(cols, 0), part_in(cols, 0);
  std::vector<double> value_all(cols, 0), value_in(cols, 0);
  std::vector<int64_t> seen_all(cols, 0), seen_in(cols, 0);
  int64_t members = 0;
  for (int64_t r = 0; r < rows; ++r) {
    const bool in = in_audience[r] != 0;
    members += in ? 1 : 0;
    for (int j = 0; j < cols; ++j) {
      const double part = contributions[r * (cols + 1) + j];
      part_all[j] += part;
      if (in) part_in[j] += part;
      const float value = x[r * cols + j];
      if (std::isnan(value)) continue;
      value_all[j] += value;
      ++seen_all[j];
      if (in) {
        value_in[j] += value;
        ++seen_in[j];
      }
    }
  }
  std::vector<AudienceDriver> drivers;
  if (members == 0) return drivers;
  for (int j = 0; j < cols; ++j) {
    const double shift = part_in[j] / static_cast<double>(members) -
                         part_all[j] / static_cast<double>(rows);
    if (!(shift * direction > 0)) continue;
    drivers.push_back(
        {j, shift,
         seen_in[j] > 0 ? value_in[j] / static_cast<double>(seen_in[j]) : NAN,
         seen_all[j] > 0 ? value_all[j] / static_cast<double>(seen_all[j])
                         : NAN});
  }
  std::stable_sort(
      drivers.begin(), drivers.end(),
      [direction](const AudienceDriver& a, const AudienceDriver& b) {
        return a.contribution * direction > b.contribution * direction;
      });
  if (static_cast<int>(drivers.size()) > top) drivers.resize(top);
  return drivers;
}

std::string CustomerDrivers(const float* row, int cols, int direction,
                            int top) {
  std::vector<int> moving;
  for (int j = 0; j < cols && j < kDrawFeatureCount; ++j) {
    if (row[j] * direction > 0) moving.push_back(j);
  }
  std::stable_sort(moving.begin(), moving.end(), [&](int a, int b) {
    return row[a] * direction > row[b] * direction;
  });
  std::string names;
  for (size_t k = 0; k < moving.size() && static_cast<int>(k) < top; ++k) {
    if (!names.empty()) names += ',';
    names += kDrawFeatureNames[moving[k]];
  }
  return names;
}

std::string DescribeDriver(const AudienceDriver& driver,
                           std::string_view language) {
  if (driver.feature < 0 || driver.feature >= kDrawFeatureCount) return "";
  const FeatureWords& words = kFeatureWords[driver.feature];
  const bool more = driver.audience_mean > driver.overall_mean;
  if (language == "fa") {
    return std::string(words.fa) + (more ? ": بیشتر از میانگین همه مشتریان"
                                         : ": کمتر از میانگین همه مشتریان");
  }
  return std::string(words.en) +
         (more ? ": higher than for the customers as a whole"
               : ": lower than for the customers as a whole");
}

}  // namespace vafa::analytics::response
