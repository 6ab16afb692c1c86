#include "services/sales/customer_deals.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <optional>
#include <string>

#include "store/store_test_support.h"

namespace vafa::services::sales {
namespace {

class CustomerDealsTest : public store::BackendTest {
 protected:
  // A deal expected to close at `expected`; `closed` marks it won at then.
  int64_t Deal(long long workspace, long long customer, long long expected,
               std::optional<long long> closed = std::nullopt,
               bool deleted = false) {
    long long id = 0, deleted_at = 5, closed_at = closed.value_or(0);
    std::string key = "d" + std::to_string(++count_);
    std::string status = closed ? "won" : "open";
    soci::indicator open = closed ? soci::i_ok : soci::i_null;
    soci::indicator alive = deleted ? soci::i_ok : soci::i_null;
    db().sql() << "INSERT INTO deals (workspace_id, customer_id, external_id, "
                  "title, pipeline, stage, status, probability, value_minor, "
                  "expected_close_at, stage_entered_at, closed_at, "
                  "created_at, deleted_at) VALUES (:w, :c, :e, 'licence', "
                  "'default', 'proposal', :s, 40, 9000, :x, 0, :cl, 0, :d) "
                  "RETURNING id",
        soci::use(workspace), soci::use(customer), soci::use(key),
        soci::use(status), soci::use(expected), soci::use(closed_at, open),
        soci::use(deleted_at, alive), soci::into(id);
    return id;
  }

  int count_ = 0;
};

TEST_P(CustomerDealsTest, OpenDealsComeFirstThenTheLatestClosed) {
  const int64_t won_late = Deal(1, 7, 100, 900);
  const int64_t open_soon = Deal(1, 7, 100);
  const int64_t won_early = Deal(1, 7, 800, 300);
  const int64_t open_later = Deal(1, 7, 500);
  Deal(1, 7, 700, std::nullopt, /*deleted=*/true);
  Deal(1, 8, 600);
  Deal(2, 7, 600);

  auto all = DealsForCustomer(db(), 1, 7, 20);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 4u);
  EXPECT_EQ((*all)[0].id, open_later);
  EXPECT_EQ((*all)[1].id, open_soon);
  EXPECT_EQ((*all)[2].id, won_late);
  EXPECT_EQ((*all)[3].id, won_early);
  const CustomerDeal& open = (*all)[0];
  EXPECT_EQ(open.title, "licence");
  EXPECT_EQ(open.pipeline, "default");
  EXPECT_EQ(open.stage, "proposal");
  EXPECT_EQ(open.status, "open");
  EXPECT_EQ(open.value_minor, 9000);
  EXPECT_EQ(open.probability, 40);
  EXPECT_EQ(open.expected_close_at, 500);
  EXPECT_FALSE(open.closed_at.has_value());
  EXPECT_EQ(open.close_reason, "");
  EXPECT_EQ((*all)[2].status, "won");
  EXPECT_EQ((*all)[2].closed_at, 900);

  auto three = DealsForCustomer(db(), 1, 7, 3);
  ASSERT_TRUE(three.ok());
  ASSERT_EQ(three->size(), 3u);
  EXPECT_EQ((*three)[2].id, won_late);
}

VAFA_INSTANTIATE_BACKEND_TEST(CustomerDealsTest);

}  // namespace
}  // namespace vafa::services::sales
