// The key of an order line: order_id * kLinesPerOrderKey + line_no (see
// migrations/0001_foundation.sql), so lines are appended in key order as
// orders are imported and an order's lines are one key range.
#ifndef VAFA_STORE_ORDER_LINES_H_
#define VAFA_STORE_ORDER_LINES_H_

#include <cstdint>

namespace vafa::store {

inline constexpr int64_t kLinesPerOrderKey = 1024;

inline int64_t LineKey(int64_t order_id, int64_t line_no) {
  return order_id * kLinesPerOrderKey + line_no;
}

}  // namespace vafa::store

#endif  // VAFA_STORE_ORDER_LINES_H_
