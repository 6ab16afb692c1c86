// Test helper: builds small transaction logs from literal order lines, with
// days given as day numbers so expected values can be worked out by hand.
#ifndef VAFA_ANALYTICS_ANALYTICS_TEST_SUPPORT_H_
#define VAFA_ANALYTICS_ANALYTICS_TEST_SUPPORT_H_

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "analytics/transaction_log.h"

namespace vafa::analytics::testing {

struct Line {
  std::string customer;
  std::string order;
  DayNumber day = 0;
  int64_t amount = 0;
  std::string product = "p1";
  int64_t discount = 0;
  int64_t cost = -1;  // -1: unknown
  std::string channel = "shop";
  std::string branch = "b1";
  std::string category = "c";
};

inline TransactionLog BuildLog(const std::vector<Line>& lines) {
  TransactionLogBuilder builder;
  for (const Line& line : lines) {
    OrderLine row;
    row.customer_key = line.customer;
    row.order_key = line.order;
    row.product_key = line.product;
    row.channel = line.channel;
    row.branch = line.branch;
    row.category = line.category;
    row.at = static_cast<UnixSeconds>(line.day) * 86400 + 3600;
    row.amount_minor = line.amount;
    row.discount_minor = line.discount;
    row.cost_minor = line.cost < 0 ? 0 : line.cost;
    row.has_cost = line.cost >= 0;
    Status status = builder.Add(row);
    EXPECT_TRUE(status.ok()) << status.ToString();
  }
  return builder.Finish();
}

}  // namespace vafa::analytics::testing

#endif  // VAFA_ANALYTICS_ANALYTICS_TEST_SUPPORT_H_
