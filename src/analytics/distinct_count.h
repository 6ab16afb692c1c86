// How many different values a small scratch vector holds (it is sorted in
// place): the distinct products, channels and branches of one customer.
#ifndef VAFA_ANALYTICS_DISTINCT_COUNT_H_
#define VAFA_ANALYTICS_DISTINCT_COUNT_H_

#include <algorithm>
#include <cstdint>
#include <vector>

namespace vafa::analytics {

template <typename T>
int32_t DistinctCount(std::vector<T>& values) {
  std::sort(values.begin(), values.end());
  return static_cast<int32_t>(std::unique(values.begin(), values.end()) -
                              values.begin());
}

}  // namespace vafa::analytics

#endif  // VAFA_ANALYTICS_DISTINCT_COUNT_H_
