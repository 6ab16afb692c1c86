#include "analytics/transaction_log.h"

#include <gtest/gtest.h>

#include "analytics/analytics_test_support.h"

namespace vafa::analytics {
namespace {

using testing::BuildLog;

TEST(TransactionLogBuilder, FoldsLinesOfOneOrderIntoOneEntry) {
  TransactionLog log = BuildLog({
      {.customer = "c1",
       .order = "o1",
       .day = 10,
       .amount = 100,
       .product = "apple",
       .discount = 5,
       .cost = 60},
      {.customer = "c1",
       .order = "o1",
       .day = 10,
       .amount = 50,
       .product = "pear",
       .cost = 20},
  });
  ASSERT_EQ(log.order_count(), 1);
  EXPECT_EQ(log.line_count(), 2);
  EXPECT_EQ(log.amount[0], 150);
  EXPECT_EQ(log.discount[0], 5);
  EXPECT_EQ(log.cost[0], 80);
  EXPECT_EQ(log.item_begin, (std::vector<uint32_t>{0, 2}));
  EXPECT_EQ(log.product_keys, (std::vector<std::string>{"apple", "pear"}));
}

TEST(TransactionLogBuilder, OneLineWithoutCostMakesTheOrderCostUnknown) {
  TransactionLog log = BuildLog({
      {.customer = "c1", .order = "o1", .day = 1, .amount = 100, .cost = 60},
      {.customer = "c1", .order = "o1", .day = 1, .amount = 50},
  });
  EXPECT_EQ(log.cost[0], kUnknownCost);
}

TEST(TransactionLogBuilder, SortsOrdersByCustomerThenDayKeepingInputOrder) {
  TransactionLog log = BuildLog({
      {.customer = "b", .order = "o1", .day = 30, .amount = 1},
      {.customer = "a", .order = "o2", .day = 20, .amount = 2},
      {.customer = "b", .order = "o3", .day = 10, .amount = 3},
      {.customer = "b", .order = "o4", .day = 10, .amount = 4},
      {.customer = "a", .order = "o2", .day = 20, .amount = 5, .product = "p2"},
      {.customer = "b", .order = "o1", .day = 30, .amount = 6, .product = "p3"},
  });
  // Customers are numbered by first appearance: b = 0, a = 1.
  EXPECT_EQ(log.customer_keys, (std::vector<std::string>{"b", "a"}));
  EXPECT_EQ(log.customer_begin, (std::vector<int64_t>{0, 3, 4}));
  EXPECT_EQ(log.customer, (std::vector<int32_t>{0, 0, 0, 1}));
  EXPECT_EQ(log.day, (std::vector<DayNumber>{10, 10, 30, 20}));
  EXPECT_EQ(log.amount, (std::vector<int64_t>{3, 4, 7, 7}));
  // Items follow their orders after the sort.
  EXPECT_EQ(log.item_begin, (std::vector<uint32_t>{0, 1, 2, 4, 6}));
  EXPECT_EQ(log.item_product, (std::vector<int32_t>{0, 0, 0, 2, 0, 1}));
}

TEST(TransactionLogBuilder, RejectsAnOrderIdReusedByAnotherCustomer) {
  TransactionLogBuilder builder;
  OrderLine line{.customer_key = "c1", .order_key = "o1", .product_key = "p"};
  ASSERT_TRUE(builder.Add(line).ok());
  line.customer_key = "c2";
  Status status = builder.Add(line);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("\"o1\""), std::string::npos);
  // The rejected line changed nothing.
  TransactionLog log = builder.Finish();
  EXPECT_EQ(log.customer_count(), 1);
  EXPECT_EQ(log.line_count(), 1);
}

TEST(TransactionLogBuilder, LinesWithoutOrderIdAreOrdersOfTheirOwn) {
  TransactionLog log = BuildLog({
      {.customer = "c1", .order = "", .day = 1, .amount = 10},
      {.customer = "c1", .order = "", .day = 1, .amount = 20},
  });
  EXPECT_EQ(log.order_count(), 2);
}

TEST(TransactionLogBuilder, OrderDayIsTheEarliestLineDay) {
  TransactionLog log = BuildLog({
      {.customer = "c1", .order = "o1", .day = 5, .amount = 10},
      {.customer = "c1", .order = "o1", .day = 3, .amount = 20},
  });
  EXPECT_EQ(log.day[0], 3);
}

TEST(TransactionLogBuilder, SameInputGivesIdenticalSnapshots) {
  std::vector<testing::Line> lines;
  for (int i = 0; i < 200; ++i) {
    lines.push_back({.customer = "c" + std::to_string(i * 7 % 13),
                     .order = "o" + std::to_string(i % 50),
                     .day = (i * 31) % 17,
                     .amount = i,
                     .product = "p" + std::to_string(i % 5)});
  }
  // Orders must keep one customer, so derive the customer from the order.
  for (auto& line : lines) {
    line.customer = "c" + std::to_string(std::stoi(line.order.substr(1)) % 13);
  }
  TransactionLog a = BuildLog(lines);
  TransactionLog b = BuildLog(lines);
  EXPECT_EQ(a.customer, b.customer);
  EXPECT_EQ(a.day, b.day);
  EXPECT_EQ(a.amount, b.amount);
  EXPECT_EQ(a.item_product, b.item_product);
  EXPECT_EQ(a.ColumnBytes(), 40 * a.order_count() + 4 * a.line_count() + 4 +
                                 8 * (a.customer_count() + 1));
}

// Feeds `lines` to `partitions` builders by customer, merges them and
// expects the log of one builder fed every line, column by column.
void ExpectMergedPartsGive(const std::vector<OrderLine>& lines,
                           const TransactionLog& expected, OrderLookup lookup,
                           int partitions) {
  std::vector<TransactionLogBuilder> parts(partitions,
                                           TransactionLogBuilder(lookup));
  for (size_t position = 0; position < lines.size(); ++position) {
    const OrderLine& line = lines[position];
    ASSERT_TRUE(parts[PartitionOfCustomer(line.customer_key, partitions)]
                    .AddAt(line, static_cast<int64_t>(position))
                    .ok());
  }
  const TransactionLog merged = MergeTransactionLogs(parts, 2);
  EXPECT_EQ(merged.customer, expected.customer) << partitions;
  EXPECT_EQ(merged.day, expected.day);
  EXPECT_EQ(merged.amount, expected.amount);
  EXPECT_EQ(merged.discount, expected.discount);
  EXPECT_EQ(merged.cost, expected.cost);
  EXPECT_EQ(merged.channel, expected.channel);
  EXPECT_EQ(merged.branch, expected.branch);
  EXPECT_EQ(merged.item_begin, expected.item_begin);
  EXPECT_EQ(merged.item_product, expected.item_product);
  EXPECT_EQ(merged.customer_begin, expected.customer_begin);
  EXPECT_EQ(merged.customer_keys, expected.customer_keys);
  EXPECT_EQ(merged.product_keys, expected.product_keys);
  EXPECT_EQ(merged.product_category, expected.product_category);
  EXPECT_EQ(merged.category_names, expected.category_names);
  EXPECT_EQ(merged.channel_names, expected.channel_names);
  EXPECT_EQ(merged.branch_names, expected.branch_names);
}

TEST(MergeTransactionLogs, PartsMergeToTheLogOfOneBuilder) {
  // Lines of one order are not always adjacent, products and channels are
  // shared by customers in different parts, and days are out of order.
  std::vector<OrderLine> lines;
  std::vector<std::string> keys;
  keys.reserve(3 * 5000);
  for (int i = 0; i < 5000; ++i) {
    const int order = i % 1700;
    keys.push_back("c" + std::to_string(order % 301));
    keys.push_back("o" + std::to_string(order));
    keys.push_back("p" + std::to_string(i % 37));
    lines.push_back({.customer_key = keys[3 * i],
                     .order_key = keys[3 * i + 1],
                     .product_key = keys[3 * i + 2],
                     .channel = i % 7 == 0 ? "web" : "shop",
                     .branch = i % 11 == 0 ? "north" : "south",
                     .category = i % 2 == 0 ? "tea" : "rice",
                     .at = static_cast<UnixSeconds>((i * 7919) % 400) * 86400,
                     .amount_minor = i,
                     .discount_minor = i % 3,
                     .cost_minor = i / 2,
                     .has_cost = i % 5 != 0});
  }
  TransactionLogBuilder single;
  for (const OrderLine& line : lines) ASSERT_TRUE(single.Add(line).ok());
  const TransactionLog expected = single.Finish();

  for (int partitions : {1, 2, 3}) {
    ExpectMergedPartsGive(lines, expected, OrderLookup::kDictionary,
                          partitions);
  }
}

TEST(MergeTransactionLogs, AdjacentLinesPartsMergeToTheLogOfOneBuilder) {
  // The lines of each order are adjacent (one to four lines), customers come
  // back, days are out of order; builders told so keep no order keys.
  std::vector<OrderLine> lines;
  std::vector<std::string> keys;
  keys.reserve(3 * 6000);
  int order = 0;
  for (int i = 0; i < 6000; ++i) {
    if (i % 4 == 0 || i % 7 == 3) ++order;
    keys.push_back("c" + std::to_string(order * 37 % 401));
    keys.push_back("o" + std::to_string(order));
    keys.push_back("p" + std::to_string(i * 13 % 53));
    lines.push_back(
        {.customer_key = keys[3 * i],
         .order_key = keys[3 * i + 1],
         .product_key = keys[3 * i + 2],
         .channel = order % 5 == 0 ? "web" : "shop",
         .branch = order % 3 == 0 ? "north" : "south",
         .category = i % 2 == 0 ? "tea" : "rice",
         .at = static_cast<UnixSeconds>((order * 7919) % 300) * 86400,
         .amount_minor = i % 9 == 0 ? -i : i,
         .discount_minor = i % 3,
         .cost_minor = i / 2,
         .has_cost = i % 5 != 0});
  }
  TransactionLogBuilder single;
  TransactionLogBuilder single_adjacent(OrderLookup::kAdjacentLines);
  for (const OrderLine& line : lines) {
    ASSERT_TRUE(single.Add(line).ok());
    ASSERT_TRUE(single_adjacent.Add(line).ok());
  }
  const TransactionLog expected = single.Finish();
  const TransactionLog adjacent = single_adjacent.Finish();
  EXPECT_EQ(adjacent.customer, expected.customer);
  EXPECT_EQ(adjacent.day, expected.day);
  EXPECT_EQ(adjacent.amount, expected.amount);
  EXPECT_EQ(adjacent.item_begin, expected.item_begin);
  EXPECT_EQ(adjacent.item_product, expected.item_product);
  EXPECT_EQ(adjacent.customer_begin, expected.customer_begin);

  for (int partitions : {1, 2, 5}) {
    ExpectMergedPartsGive(lines, expected, OrderLookup::kAdjacentLines,
                          partitions);
  }
}

// continued_order says whether a line had the previous line's order id,
// in both lookups: the parallel loader hashes only the ids that start a run.
TEST(TransactionLogBuilder, SaysWhenALineContinuesTheOrderBefore) {
  for (OrderLookup lookup :
       {OrderLookup::kDictionary, OrderLookup::kAdjacentLines}) {
    TransactionLogBuilder builder(lookup);
    std::vector<bool> continued;
    for (const char* order : {"o1", "o1", "o2", "o1", "o1", "o3"}) {
      ASSERT_TRUE(builder
                      .Add({.customer_key = "c",
                            .order_key = order,
                            .product_key = "p",
                            .amount_minor = 1})
                      .ok());
      continued.push_back(builder.continued_order());
    }
    EXPECT_EQ(continued,
              (std::vector<bool>{false, true, false, false, true, false}));
  }
}

}  // namespace
}  // namespace vafa::analytics
