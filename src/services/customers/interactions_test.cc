#include "services/customers/interactions.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <algorithm>
#include <string>
#include <tuple>

#include "store/store_test_support.h"

namespace vafa::services::customers {
namespace {

class CustomerInteractionsTest : public store::BackendTest {
 protected:
  int64_t Interaction(long long workspace, long long customer, long long at,
                      bool deleted = false) {
    long long id = 0, deleted_at = 5;
    std::string key = "i" + std::to_string(++count_);
    soci::indicator alive = deleted ? soci::i_ok : soci::i_null;
    db().sql() << "INSERT INTO interactions (workspace_id, customer_id, "
                  "external_id, occurred_at, type, channel, direction, "
                  "subject, created_at, deleted_at) VALUES (:w, :c, :e, :a, "
                  "'call', 'phone', 'inbound', 'price', 0, :d) RETURNING id",
        soci::use(workspace), soci::use(customer), soci::use(key),
        soci::use(at), soci::use(deleted_at, alive), soci::into(id);
    return id;
  }

  int count_ = 0;
};

TEST_P(CustomerInteractionsTest, TheCustomersLatestInteractionsComeFirst) {
  const int64_t early = Interaction(1, 7, 100);
  const int64_t late = Interaction(1, 7, 300);
  const int64_t late_tie = Interaction(1, 7, 300);
  Interaction(1, 7, 400, /*deleted=*/true);
  Interaction(1, 8, 500);
  Interaction(2, 7, 600);

  auto all = RecentInteractionsForCustomer(db(), 1, 7, 20);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].id, late_tie);
  EXPECT_EQ((*all)[1].id, late);
  EXPECT_EQ((*all)[2].id, early);
  const CustomerInteraction& item = (*all)[2];
  EXPECT_EQ(item.occurred_at, 100);
  EXPECT_EQ(item.type, "call");
  EXPECT_EQ(item.channel, "phone");
  EXPECT_EQ(item.direction, "inbound");
  EXPECT_EQ(item.subject, "price");
  EXPECT_EQ(item.outcome, "");  // NULL in the store

  auto one = RecentInteractionsForCustomer(db(), 1, 7, 1);
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].id, late_tie);
}

TEST_P(CustomerInteractionsTest, ARecordedInteractionIsOnTheCustomersTimeline) {
  Interaction(1, 7, 100);
  auto id = RecordInteraction(db(), 1,
                              {.customer_id = 7,
                               .external_id = "task-3",
                               .occurred_at = 200,
                               .type = "visit",
                               .direction = "outbound",
                               .subject = "Fit the new shelves",
                               .user_id = 4},
                              /*now=*/250);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  auto latest = RecentInteractionsForCustomer(db(), 1, 7, 1);
  ASSERT_TRUE(latest.ok());
  ASSERT_EQ(latest->size(), 1u);
  const CustomerInteraction& visit = latest->front();
  EXPECT_EQ(visit.id, *id);
  EXPECT_EQ(visit.occurred_at, 200);
  EXPECT_EQ(visit.type, "visit");
  EXPECT_EQ(visit.direction, "outbound");
  EXPECT_EQ(visit.subject, "Fit the new shelves");
  EXPECT_EQ(visit.outcome, "");  // none given: NULL in the store
  EXPECT_TRUE(RecentInteractionsForCustomer(db(), 2, 7, 5)->empty());

  // The external id is the interaction's key in the workspace.
  auto again = RecordInteraction(db(), 1,
                                 {.customer_id = 7,
                                  .external_id = "task-3",
                                  .occurred_at = 300,
                                  .type = "call"},
                                 /*now=*/350);
  EXPECT_FALSE(again.ok());
}

TEST_P(CustomerInteractionsTest,
       ChannelUsesAreTheTypesInteractionsWithAChannel) {
  Interaction(1, 7, 100);  // a call by phone: not banking
  Interaction(1, 7, 150, /*deleted=*/true);
  soci::session& sql = db().sql();
  long long n = 0;
  for (auto [workspace, customer, at, channel, deleted] :
       {std::tuple{1LL, 7LL, 200LL, "mobile", false},
        std::tuple{1LL, 8LL, 300LL, "branch", false},
        std::tuple{1LL, 8LL, 350LL, "", false},  // no channel
        std::tuple{1LL, 8LL, 360LL, "atm", true},
        std::tuple{2LL, 7LL, 400LL, "atm", false}}) {
    const std::string key = "b" + std::to_string(++n), c = channel;
    long long w = workspace, id = customer, when = at, deleted_at = 9;
    soci::indicator gone = deleted ? soci::i_ok : soci::i_null;
    sql << "INSERT INTO interactions (workspace_id, customer_id, external_id, "
           "occurred_at, type, channel, created_at, deleted_at) VALUES (:w, "
           ":c, :e, :a, 'banking', :ch, 0, :d)",
        soci::use(w), soci::use(id), soci::use(key), soci::use(when),
        soci::use(c), soci::use(deleted_at, gone);
  }
  auto uses = ChannelUsesOfWorkspace(db(), 1, "banking");
  ASSERT_TRUE(uses.ok()) << uses.status().ToString();
  ASSERT_EQ(uses->size(), 2u);
  std::sort(uses->begin(), uses->end(), [](const auto& a, const auto& b) {
    return a.occurred_at < b.occurred_at;
  });
  EXPECT_EQ((*uses)[0].customer_id, 7);
  EXPECT_EQ((*uses)[0].channel, "mobile");
  EXPECT_EQ((*uses)[1].occurred_at, 300);
  EXPECT_EQ((*uses)[1].channel, "branch");
  auto calls = ChannelUsesOfWorkspace(db(), 1, "call");
  ASSERT_TRUE(calls.ok());
  ASSERT_EQ(calls->size(), 1u);
  EXPECT_EQ((*calls)[0].channel, "phone");
}

VAFA_INSTANTIATE_BACKEND_TEST(CustomerInteractionsTest);

}  // namespace
}  // namespace vafa::services::customers
