#include "services/marketing/campaign_touches.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <string>

#include "store/store_test_support.h"

namespace vafa::services::marketing {
namespace {

class CampaignTouchesTest : public store::BackendTest {
 protected:
  int64_t Campaign(long long workspace, const std::string& name,
                   long long starts, bool deleted = false) {
    long long id = 0, deleted_at = 5;
    soci::indicator alive = deleted ? soci::i_ok : soci::i_null;
    db().sql() << "INSERT INTO campaigns (workspace_id, name, channel, "
                  "status, starts_at, ends_at, attribution_days, "
                  "control_percent, created_at, deleted_at) VALUES (:w, :n, "
                  "'sms', 'running', :s, 99999, 14, 10, 0, :d) RETURNING id",
        soci::use(workspace), soci::use(name), soci::use(starts),
        soci::use(deleted_at, alive), soci::into(id);
    return id;
  }
  void Member(long long workspace, long long campaign, long long customer,
              int control) {
    db().sql() << "INSERT INTO campaign_members (workspace_id, campaign_id, "
                  "customer_id, control) VALUES (:w, :c, :m, :k)",
        soci::use(workspace), soci::use(campaign), soci::use(customer),
        soci::use(control);
  }
};

TEST_P(CampaignTouchesTest, TheLatestCampaignsTheCustomerWasDrawnInto) {
  const int64_t spring = Campaign(1, "spring", 100);
  const int64_t summer = Campaign(1, "summer", 300);
  const int64_t summer_tie = Campaign(1, "summer 2", 300);
  const int64_t dropped = Campaign(1, "dropped", 500, /*deleted=*/true);
  const int64_t elsewhere = Campaign(2, "elsewhere", 600);
  const int64_t not_drawn = Campaign(1, "not drawn", 700);
  for (int64_t campaign : {spring, summer, summer_tie, dropped}) {
    Member(1, campaign, 7, campaign == summer ? 1 : 0);
  }
  Member(2, elsewhere, 7, 0);
  Member(1, not_drawn, 8, 0);
  long long campaign = spring;
  db().sql() << "UPDATE campaign_members SET responded_at = 150, "
                "converted_at = 160 WHERE campaign_id = :c",
      soci::use(campaign);

  auto all = CampaignTouchesForCustomer(db(), 1, 7, 20);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].campaign_id, summer_tie);
  EXPECT_EQ((*all)[1].campaign_id, summer);
  EXPECT_EQ((*all)[2].campaign_id, spring);
  EXPECT_TRUE((*all)[1].control);
  EXPECT_FALSE((*all)[2].control);
  EXPECT_EQ((*all)[1].name, "summer");
  EXPECT_EQ((*all)[1].channel, "sms");
  EXPECT_EQ((*all)[1].starts_at, 300);
  EXPECT_FALSE((*all)[1].responded_at.has_value());
  EXPECT_EQ((*all)[2].responded_at, 150);
  EXPECT_EQ((*all)[2].converted_at, 160);

  auto one = CampaignTouchesForCustomer(db(), 1, 7, 1);
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].campaign_id, summer_tie);
}

VAFA_INSTANTIATE_BACKEND_TEST(CampaignTouchesTest);

}  // namespace
}  // namespace vafa::services::marketing
