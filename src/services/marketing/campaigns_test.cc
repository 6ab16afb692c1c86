// Campaigns in the store, on both backends: members drawn once with the
// control group the hash rule gives, the send list paged, responses only
// from treatment members (named by index) keeping their first time, and
// what each group bought in the window, worked by hand.
#include "services/marketing/campaigns.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <string>
#include <vector>

#include "store/store_test_support.h"

namespace vafa::services::marketing {
namespace {

constexpr UnixSeconds kStart = 1735689600;  // 2025-01-01 00:00 UTC
constexpr int64_t kDay = 86400;

class CampaignStoreTest : public store::BackendTest {
 protected:
  void SetUp() override {
    store::BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    shop_ = AddWorkspace("shop");
    other_ = AddWorkspace("other");
    for (int i = 0; i < 200; ++i) ids_.push_back(AddCustomer(i));
    NewCampaign campaign;
    campaign.name = "Spring";
    campaign.channel = "sms";
    campaign.control_percent = 20;
    campaign.starts_at = kStart;
    campaign.ends_at = kStart + 30 * kDay;
    campaign.created_at = kStart - kDay;
    Status made = store::InTransaction(db(), [&]() -> Status {
      VAFA_ASSIGN_OR_RETURN(campaign_, InsertCampaign(db(), shop_, campaign));
      return Status::Ok();
    });
    ASSERT_TRUE(made.ok()) << made.message();
  }

  int64_t AddCustomer(int i) {
    long long w = shop_, id = 0;
    std::string name = "C" + std::to_string(i);
    db().sql() << "INSERT INTO customers (workspace_id, external_id, "
                  "display_name, created_at, updated_at) VALUES (:w, :e, :n, "
                  "0, 0) RETURNING id",
        soci::use(w), soci::use(name), soci::use(name), soci::into(id);
    return id;
  }

  void AddOrder(int64_t customer, UnixSeconds at, int64_t total) {
    static int made = 0;
    long long w = shop_, c = customer, when = at, t = total;
    std::string external = "O" + std::to_string(++made);
    db().sql() << "INSERT INTO orders (workspace_id, customer_id, external_id, "
                  "ordered_at, currency, total_minor, line_count) VALUES (:w, "
                  ":c, :e, :t, 'IRR', :m, 0)",
        soci::use(w), soci::use(c), soci::use(external), soci::use(when),
        soci::use(t);
  }

  Result<DrawReport> Draw() {
    Result<DrawReport> report = Status::Internal("not run");
    Status done = store::InTransaction(db(), [&]() -> Status {
      report =
          DrawCampaignMembersFrom(db(), shop_, campaign_, ids_, 20, kStart);
      return report.status();
    });
    (void)done;
    return report;
  }

  Status Respond(const std::vector<CampaignResponse>& responses) {
    return store::InTransaction(db(), [&]() -> Status {
      return RecordCampaignResponses(db(), shop_, campaign_, responses);
    });
  }

  int64_t shop_ = 0, other_ = 0, campaign_ = 0;
  std::vector<int64_t> ids_;
};

TEST_P(CampaignStoreTest, MembersAreDrawnOnceWithTheHashRulesControlGroup) {
  int64_t control = 0;
  for (int64_t id : ids_) control += InControlGroup(campaign_, id, 20);
  EXPECT_GT(control, 20);  // about 40 of 200
  EXPECT_LT(control, 60);
  auto drawn = Draw();
  ASSERT_TRUE(drawn.ok()) << drawn.status().message();
  EXPECT_EQ(drawn->members, 200);
  EXPECT_EQ(drawn->control, control);
  EXPECT_EQ(Draw().status().code(), StatusCode::kConflict);
  auto head = LoadCampaignHead(db(), shop_, campaign_);
  ASSERT_TRUE(head.ok());
  EXPECT_TRUE(head->drawn);
  EXPECT_EQ(LoadCampaignHead(db(), other_, campaign_).status().code(),
            StatusCode::kNotFound);

  // The treatment send list in pages of 50, ascending, no control member.
  std::vector<int64_t> listed;
  int64_t after = 0;
  for (;;) {
    auto page = ListCampaignMembers(db(), shop_, campaign_,
                                    MemberGroup::kTreatment, after, 50);
    ASSERT_TRUE(page.ok()) << page.status().message();
    if (page->empty()) break;
    for (const CampaignMember& member : *page) {
      EXPECT_FALSE(member.control);
      EXPECT_GT(member.customer_id, after);
      after = member.customer_id;
      listed.push_back(member.customer_id);
    }
  }
  EXPECT_EQ(static_cast<int64_t>(listed.size()), 200 - control);
}

TEST_P(CampaignStoreTest,
       ResponsesComeFromTreatmentAndOrdersAreCountedInTheWindow) {
  ASSERT_TRUE(Draw().ok());
  std::vector<int64_t> treatment, control;
  for (int64_t id : ids_) {
    (InControlGroup(campaign_, id, 20) ? control : treatment).push_back(id);
  }
  Status refused = Respond({{treatment[0], kStart + kDay, 0, -1},
                            {control[0], kStart + kDay, 0, -1}});
  EXPECT_EQ(refused.field(), "items[1].customer_id");
  ASSERT_TRUE(
      Respond({{treatment[0], kStart + kDay, 0, -1},
               {treatment[1], kStart + 2 * kDay, kStart + 3 * kDay, 7000}})
          .ok());
  // Recorded again later: the first time stays.
  ASSERT_TRUE(Respond({{treatment[0], kStart + 9 * kDay, 0, -1}}).ok());
  auto members = ListCampaignMembers(db(), shop_, campaign_,
                                     MemberGroup::kTreatment, 0, 1000);
  ASSERT_TRUE(members.ok());
  for (const CampaignMember& member : *members) {
    if (member.customer_id == treatment[0]) {
      EXPECT_EQ(member.responded_at, kStart + kDay);
      EXPECT_EQ(member.converted_at, 0);
    }
  }

  // Treatment: two buyers in the window (one had bought before it), one
  // order after it; control: one buyer.
  AddOrder(treatment[1], kStart - 5 * kDay, 1000);
  AddOrder(treatment[1], kStart + 3 * kDay, 7000);
  AddOrder(treatment[1], kStart + 4 * kDay, 500);
  AddOrder(treatment[2], kStart + 10 * kDay, 2000);
  AddOrder(treatment[3], kStart + 40 * kDay, 9000);
  AddOrder(control[0], kStart + 5 * kDay, 3000);
  auto outcomes =
      MeasureCampaign(db(), shop_, campaign_, kStart, kStart + 30 * kDay);
  ASSERT_TRUE(outcomes.ok()) << outcomes.status().message();
  const GroupOutcome& t = outcomes->treatment;
  EXPECT_EQ(t.members, static_cast<int64_t>(treatment.size()));
  EXPECT_EQ(t.responded, 2);
  EXPECT_EQ(t.converted, 1);
  EXPECT_EQ(t.recorded_revenue_minor, 7000);
  EXPECT_EQ(t.buyers, 2);
  EXPECT_EQ(t.new_buyers, 1);
  EXPECT_EQ(t.never_bought, t.members - 1);
  EXPECT_EQ(t.window_revenue_minor, 7500 + 2000);
  EXPECT_DOUBLE_EQ(t.window_revenue_squares, 7500.0 * 7500 + 2000.0 * 2000);
  const GroupOutcome& c = outcomes->control;
  EXPECT_EQ(c.members, static_cast<int64_t>(control.size()));
  EXPECT_EQ(c.buyers, 1);
  EXPECT_EQ(c.window_revenue_minor, 3000);

  auto buyers =
      TreatmentBuyers(db(), shop_, campaign_, kStart, kStart + 30 * kDay);
  ASSERT_TRUE(buyers.ok());
  ASSERT_EQ(buyers->size(), 2u);
  EXPECT_EQ((*buyers)[0].customer_id, treatment[1]);
  EXPECT_EQ((*buyers)[0].first_order_at, kStart + 3 * kDay);
  EXPECT_EQ((*buyers)[0].spent_minor, 7500);
  auto among = MeasureTreatmentAmong(db(), shop_, campaign_, kStart,
                                     kStart + 30 * kDay, {treatment[2]});
  ASSERT_TRUE(among.ok());
  EXPECT_EQ(among->members, 1);
  EXPECT_EQ(among->buyers, 1);
  EXPECT_EQ(among->window_revenue_minor, 2000);
}

VAFA_INSTANTIATE_BACKEND_TEST(CampaignStoreTest);

}  // namespace
}  // namespace vafa::services::marketing
