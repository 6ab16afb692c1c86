#include "analytics/clv/repeat_purchase_data.h"

#include <tbb/parallel_sort.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <functional>
#include <string>

namespace vafa::analytics::clv {
namespace {

Status RowError(std::size_t row, const char* field, const std::string& what) {
  return Status::Invalid(
      "customer row " + std::to_string(row) + ": " + field + " " + what, field);
}

}  // namespace

Status ValidateRepeatPurchaseData(const RepeatPurchaseData& data) {
  const std::size_t n = data.frequency.size();
  if (data.recency.size() != n || data.age.size() != n) {
    return Status::Invalid(
        "frequency, recency and age columns differ in length");
  }
  if (!data.monetary_mean.empty() && data.monetary_mean.size() != n) {
    return Status::Invalid("monetary_mean column differs in length",
                           "monetary_mean");
  }
  for (std::size_t row = 0; row < n; ++row) {
    const double x = data.frequency[row];
    const double t_x = data.recency[row];
    const double age = data.age[row];
    if (!(x >= 0) || x != std::floor(x)) {
      return RowError(row, "frequency", "must be a whole number >= 0");
    }
    if (!(age > 0) || !std::isfinite(age)) {
      return RowError(row, "age", "must be a finite number > 0");
    }
    if (!(t_x >= 0) || t_x > age) {
      return RowError(row, "recency", "must lie between 0 and age");
    }
    if (x == 0 && t_x != 0) {
      return RowError(row, "recency", "must be 0 when frequency is 0");
    }
    if (!data.monetary_mean.empty() &&
        (!(data.monetary_mean[row] >= 0) ||
         !std::isfinite(data.monetary_mean[row]))) {
      return RowError(row, "monetary_mean", "must be a finite number >= 0");
    }
  }
  return Status::Ok();
}

RepeatPurchaseData ConvertDaysTo(const RepeatPurchaseData& in_days,
                                 TimeUnit unit) {
  RepeatPurchaseData out = in_days;
  const double days = DaysPerUnit(unit);
  for (double& t_x : out.recency) t_x /= days;
  for (double& age : out.age) age /= days;
  return out;
}

CompressedPurchaseData CompressRepeatPurchaseData(
    const RepeatPurchaseData& data) {
  // One serial pass with an open-addressing hash table keyed by (x, t_x, T):
  // rows come out in order of first appearance, so the result is fixed for
  // a given input. (Sorting a million rows costs several times more.)
  CompressedPurchaseData out;
  const std::size_t n = data.size();
  std::size_t capacity = 16;
  while (capacity < 2 * n) capacity *= 2;
  std::vector<std::uint32_t> slots(capacity, 0);  // row index + 1; 0 = empty
  const std::hash<double> hash;
  for (std::size_t i = 0; i < n; ++i) {
    const double x = data.frequency[i], t_x = data.recency[i],
                 age = data.age[i];
    std::size_t h = hash(x) * 0x9e3779b97f4a7c15ULL;
    h ^= hash(t_x) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    h ^= hash(age) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    std::size_t slot = (h ^ (h >> 29)) & (capacity - 1);
    while (true) {
      const std::uint32_t stored = slots[slot];
      if (stored == 0) {
        slots[slot] = static_cast<std::uint32_t>(out.frequency.size() + 1);
        out.frequency.push_back(x);
        out.recency.push_back(t_x);
        out.age.push_back(age);
        out.weight.push_back(1);
        break;
      }
      const std::size_t row = stored - 1;
      if (out.frequency[row] == x && out.recency[row] == t_x &&
          out.age[row] == age) {
        out.weight[row] += 1;
        break;
      }
      slot = (slot + 1) & (capacity - 1);
    }
  }
  out.distinct_frequency = out.frequency;
  std::sort(out.distinct_frequency.begin(), out.distinct_frequency.end());
  out.distinct_frequency.erase(
      std::unique(out.distinct_frequency.begin(), out.distinct_frequency.end()),
      out.distinct_frequency.end());
  out.frequency_index.resize(out.size());
  for (std::size_t row = 0; row < out.size(); ++row) {
    out.frequency_index[row] = static_cast<int>(
        std::lower_bound(out.distinct_frequency.begin(),
                         out.distinct_frequency.end(), out.frequency[row]) -
        out.distinct_frequency.begin());
  }
  out.distinct_time = out.recency;
  out.distinct_time.insert(out.distinct_time.end(), out.age.begin(),
                           out.age.end());
  std::sort(out.distinct_time.begin(), out.distinct_time.end());
  out.distinct_time.erase(
      std::unique(out.distinct_time.begin(), out.distinct_time.end()),
      out.distinct_time.end());
  if (out.distinct_time.size() * 4 > out.size()) {
    // Times hardly repeat (continuous time stamps): a table would cost more
    // than it saves, so models evaluate per row.
    out.distinct_time.clear();
    return out;
  }
  const auto time_index = [&](double tau) {
    return static_cast<int>(std::lower_bound(out.distinct_time.begin(),
                                             out.distinct_time.end(), tau) -
                            out.distinct_time.begin());
  };
  out.recency_time_index.resize(out.size());
  out.age_time_index.resize(out.size());
  for (std::size_t row = 0; row < out.size(); ++row) {
    out.recency_time_index[row] = time_index(out.recency[row]);
    out.age_time_index[row] = time_index(out.age[row]);
  }
  return out;
}

void AddTimePoints(CompressedPurchaseData& data) {
  // Points: the sorted distinct (x, t_x) and (x, T) pairs.
  using Point = std::array<double, 2>;
  std::vector<Point> points;
  points.reserve(2 * data.size());
  for (std::size_t row = 0; row < data.size(); ++row) {
    points.push_back({data.frequency[row], data.recency[row]});
    points.push_back({data.frequency[row], data.age[row]});
  }
  tbb::parallel_sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());
  const auto index_of = [&](double x, double tau) {
    return static_cast<int>(
        std::lower_bound(points.begin(), points.end(), Point{x, tau}) -
        points.begin());
  };
  data.recency_point.resize(data.size());
  data.age_point.resize(data.size());
  for (std::size_t row = 0; row < data.size(); ++row) {
    data.recency_point[row] = index_of(data.frequency[row], data.recency[row]);
    data.age_point[row] = index_of(data.frequency[row], data.age[row]);
  }
  data.point_frequency.reserve(points.size());
  data.point_time.reserve(points.size());
  for (const Point& point : points) {
    data.point_frequency.push_back(point[0]);
    data.point_time.push_back(point[1]);
  }
}

}  // namespace vafa::analytics::clv
