#include "services/customers/order_records.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <cstdint>
#include <limits>
#include <vector>

#include "services/customers/record_tables.h"
#include "store/store_test_support.h"

namespace vafa::services::customers {
namespace {

using nlohmann::json;

OrderLineInput Line(int64_t amount, int64_t discount,
                    std::optional<int64_t> cost) {
  OrderLineInput line;
  line.product_id = 1;
  line.amount_minor = amount;
  line.discount_minor = discount;
  line.cost_minor = cost;
  return line;
}

TEST(OrderLineSums, AddEachAmountAndKeepACostOnlyWhenEveryLineHasOne) {
  const std::vector<OrderLineInput> costed = {Line(1000, 100, 600),
                                              Line(250, 0, 150)};
  auto totals = SumOrderLines(costed);
  ASSERT_TRUE(totals.ok()) << totals.status().ToString();
  EXPECT_EQ(totals->total_minor, 1250);
  EXPECT_EQ(totals->discount_minor, 100);
  EXPECT_EQ(totals->cost_minor, 750);
  EXPECT_EQ(totals->line_count, 2);

  const std::vector<OrderLineInput> partly = {Line(1000, 0, 600),
                                              Line(250, 0, std::nullopt)};
  auto partial = SumOrderLines(partly);
  ASSERT_TRUE(partial.ok());
  EXPECT_EQ(partial->total_minor, 1250);
  EXPECT_FALSE(partial->cost_minor.has_value());
}

TEST(OrderLineSums, ASumPast64BitsIsRefusedNamingTheLine) {
  const int64_t most = std::numeric_limits<int64_t>::max();
  const std::vector<OrderLineInput> lines = {Line(10, 0, 0), Line(20, 0, 0),
                                             Line(most, 0, 0)};
  auto totals = SumOrderLines(lines);
  ASSERT_FALSE(totals.ok());
  EXPECT_EQ(totals.status().field(), "lines[2].amount_minor");
  const std::vector<OrderLineInput> discounts = {Line(1, most, 0),
                                                 Line(1, 1, 0)};
  EXPECT_EQ(SumOrderLines(discounts).status().field(),
            "lines[1].discount_minor");
}

class OrderRecordsTest : public store::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    shop_ = AddWorkspace("shop");
    other_ = AddWorkspace("other");
  }
  int64_t Product(int64_t workspace, const std::string& sku,
                  const std::string& name) {
    auto id = store::RecordTable(db(), products_, workspace)
                  .Insert({{"sku", sku}, {"name", name}});
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }
  int64_t Order(int64_t workspace, int64_t customer, const std::string& key) {
    auto id = store::RecordTable(db(), orders_, workspace)
                  .Insert({{"customer_id", customer},
                           {"external_id", key},
                           {"ordered_at", 1000},
                           {"currency", "IRR"},
                           {"total_minor", 0},
                           {"line_count", 0}});
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }
  // The customer each stored line of the order is on, in line order.
  std::vector<int64_t> LineCustomers(int64_t order) {
    long long id = order;
    std::vector<long long> read(10);
    db().sql() << "SELECT customer_id FROM order_lines WHERE order_id = :o "
                  "ORDER BY line_key",
        soci::use(id), soci::into(read);
    return std::vector<int64_t>(read.begin(), read.end());
  }

  store::TableDef products_ = ProductTable();
  store::TableDef orders_ = OrderTable();
  int64_t shop_ = 0;
  int64_t other_ = 0;
};

TEST_P(OrderRecordsTest, ProductsAreFoundLiveInTheirOwnWorkspaceOnly) {
  const int64_t tea = Product(shop_, "T1", "Tea");
  const int64_t gone = Product(shop_, "G1", "Gone");
  Product(other_, "X1", "Theirs");
  ASSERT_TRUE(
      store::RecordTable(db(), products_, shop_).SetDeleted(gone, true).ok());

  EXPECT_EQ(LiveProductId(db(), shop_, tea).value(), tea);
  EXPECT_EQ(LiveProductIdBySku(db(), shop_, "T1").value(), tea);
  EXPECT_FALSE(LiveProductId(db(), shop_, gone).value().has_value());
  EXPECT_FALSE(LiveProductIdBySku(db(), shop_, "G1").value().has_value());
  EXPECT_FALSE(LiveProductId(db(), other_, tea).value().has_value());
  EXPECT_FALSE(LiveProductIdBySku(db(), shop_, "X1").value().has_value());
}

TEST_P(OrderRecordsTest, LinesAreReplacedWholeAndReadWithTheirProducts) {
  const int64_t tea = Product(shop_, "T1", "Tea");
  const int64_t cup = Product(shop_, "C1", "Cup");
  const int64_t order = Order(shop_, 7, "o-1");
  OrderLineInput first = Line(1000, 100, 600);
  first.product_id = tea;
  first.quantity = 2.5;
  OrderLineInput second = Line(300, 0, std::nullopt);
  second.product_id = cup;
  ASSERT_TRUE(
      ReplaceOrderLines(db(), shop_, order,
                        std::vector<OrderLineInput>{first, second, first})
          .ok());
  ASSERT_TRUE(ReplaceOrderLines(db(), shop_, order,
                                std::vector<OrderLineInput>{second, first})
                  .ok());

  auto lines = ReadOrderLines(db(), shop_, order);
  ASSERT_TRUE(lines.ok()) << lines.status().ToString();
  ASSERT_EQ(lines->size(), 2u);
  const OrderLine& cup_line = (*lines)[0];
  EXPECT_EQ(cup_line.line_no, 1);
  EXPECT_EQ(cup_line.product_id, cup);
  EXPECT_EQ(cup_line.sku, "C1");
  EXPECT_EQ(cup_line.product_name, "Cup");
  EXPECT_EQ(cup_line.amount_minor, 300);
  EXPECT_FALSE(cup_line.cost_minor.has_value());
  const OrderLine& tea_line = (*lines)[1];
  EXPECT_EQ(tea_line.line_no, 2);
  EXPECT_EQ(tea_line.sku, "T1");
  EXPECT_DOUBLE_EQ(tea_line.quantity, 2.5);
  EXPECT_EQ(tea_line.discount_minor, 100);
  EXPECT_EQ(tea_line.cost_minor, 600);
  EXPECT_EQ(LineCustomers(order), (std::vector<int64_t>{7, 7}));

  EXPECT_TRUE(ReadOrderLines(db(), other_, order).value().empty());
}

TEST_P(OrderRecordsTest, LinesFollowTheOrdersNewCustomer) {
  const int64_t tea = Product(shop_, "T1", "Tea");
  const int64_t order = Order(shop_, 7, "o-1");
  const int64_t untouched = Order(shop_, 7, "o-2");
  OrderLineInput line = Line(1000, 0, std::nullopt);
  line.product_id = tea;
  const std::vector<OrderLineInput> lines = {line, line};
  ASSERT_TRUE(ReplaceOrderLines(db(), shop_, order, lines).ok());
  ASSERT_TRUE(ReplaceOrderLines(db(), shop_, untouched, lines).ok());
  ASSERT_TRUE(store::RecordTable(db(), orders_, shop_)
                  .Update(order, {{"customer_id", 9}}, 1)
                  .ok());

  ASSERT_TRUE(MoveOrderLinesToOrderCustomer(db(), shop_, order).ok());
  EXPECT_EQ(LineCustomers(order), (std::vector<int64_t>{9, 9}));
  EXPECT_EQ(LineCustomers(untouched), (std::vector<int64_t>{7, 7}));
}

VAFA_INSTANTIATE_BACKEND_TEST(OrderRecordsTest);

}  // namespace
}  // namespace vafa::services::customers
