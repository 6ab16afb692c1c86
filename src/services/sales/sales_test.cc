// Sales in the store, on both backends: a workspace's pipelines (the
// default until it sets its own; a stage deals stand at cannot go), the
// moves of a deal, monthly targets (errors named by index and field, 0
// removes) and converting a lead once.
#include "services/sales/sales.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <string>
#include <vector>

#include "store/store_test_support.h"

namespace vafa::services::sales {
namespace {

constexpr UnixSeconds kNow = 1764547200;  // 2025-12-01 00:00 UTC

class SalesStoreTest : public store::BackendTest {
 protected:
  void SetUp() override {
    store::BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    shop_ = AddWorkspace("shop");
    other_ = AddWorkspace("other");
  }

  template <typename Body>
  Status Write(Body body) {
    return store::InTransaction(db(), [&]() -> Status { return body(); });
  }

  // An open deal of the default pipeline at `stage`, with its opening move.
  int64_t OpenDealAt(const std::string& stage) {
    auto state = OpenDeal(DefaultPipeline(), stage, kNow);
    EXPECT_TRUE(state.ok()) << state.status().message();
    int64_t id = 0;
    EXPECT_TRUE(Write([&]() -> Status {
                  VAFA_ASSIGN_OR_RETURN(
                      id, InsertDeal(db(), shop_, 0, "D" + stage, "Deal",
                                     "sales", *state, 1000, "", 0, 0, 0, kNow));
                  return RecordDealMove(db(), shop_, id, "", stage, 0, kNow);
                }).ok());
    return id;
  }

  int64_t shop_ = 0, other_ = 0;
};

TEST_P(SalesStoreTest, PipelinesDefaultUntilSetAndKeepStagesDealsStandAt) {
  auto pipelines = LoadPipelines(db(), shop_);
  ASSERT_TRUE(pipelines.ok()) << pipelines.status().message();
  ASSERT_EQ(pipelines->size(), 1u);
  EXPECT_EQ((*pipelines)[0].key, "sales");
  EXPECT_EQ((*pipelines)[0].stages.size(), DefaultPipeline().stages.size());
  EXPECT_EQ(LoadPipeline(db(), shop_, "renewals").status().code(),
            StatusCode::kNotFound);

  OpenDealAt("proposal");
  Pipeline shorter = DefaultPipeline();
  std::erase_if(shorter.stages,
                [](const Stage& s) { return s.key == "proposal"; });
  Status refused = Write([&] { return SavePipeline(db(), shop_, shorter); });
  EXPECT_EQ(refused.field(), "stages");
  EXPECT_NE(refused.message().find("proposal"), std::string::npos);
  EXPECT_EQ(LoadPipeline(db(), shop_, "sales")->stages.size(),
            DefaultPipeline().stages.size());

  // Renaming a stage and adding a pipeline are kept per workspace.
  Pipeline renamed = DefaultPipeline();
  renamed.stages[0].name = "First call";
  Pipeline renewals = DefaultPipeline();
  renewals.key = "renewals";
  ASSERT_TRUE(Write([&] { return SavePipeline(db(), shop_, renamed); }).ok());
  ASSERT_TRUE(Write([&] { return SavePipeline(db(), shop_, renewals); }).ok());
  EXPECT_EQ(LoadPipeline(db(), shop_, "sales")->stages[0].name, "First call");
  EXPECT_EQ(LoadPipelines(db(), shop_)->size(), 2u);
  EXPECT_EQ(LoadPipelines(db(), other_)->size(), 1u);
  EXPECT_EQ(LoadPipeline(db(), other_, "sales")->stages[0].name,
            DefaultPipeline().stages[0].name);
}

TEST_P(SalesStoreTest, ADealsMovesComeOldestFirst) {
  const int64_t deal = OpenDealAt("lead_in");
  ASSERT_TRUE(Write([&] {
                return RecordDealMove(db(), shop_, deal, "lead_in", "qualified",
                                      7, kNow + 60);
              }).ok());
  ASSERT_TRUE(Write([&] {
                return RecordDealMove(db(), shop_, deal, "qualified", "won", 7,
                                      kNow + 120);
              }).ok());
  auto moves = ListDealMoves(db(), shop_, deal);
  ASSERT_TRUE(moves.ok()) << moves.status().message();
  ASSERT_EQ(moves->size(), 3u);
  EXPECT_EQ((*moves)[0].from, "");
  EXPECT_EQ((*moves)[0].user_id, 0);
  EXPECT_EQ((*moves)[1].to, "qualified");
  EXPECT_EQ((*moves)[2].at, kNow + 120);
  EXPECT_EQ(*LastDealStage(db(), shop_, deal), "won");
  EXPECT_EQ(*LastDealStage(db(), other_, deal), "");
  EXPECT_EQ(DealCustomer(db(), shop_, deal)->value_or(-1), 0);
  EXPECT_FALSE(DealCustomer(db(), other_, deal)->has_value());
}

TEST_P(SalesStoreTest, TargetsAreNamedWhenWrongAndZeroRemovesOne) {
  const auto calendar = SalesCalendar::kGregorian;
  const std::vector<SalesTarget> set = {{"2025-12", "all", 5000},
                                        {"2025-12", "team:north", 2000},
                                        {"2026-01", "user:3", 700}};
  ASSERT_TRUE(
      Write([&] { return SaveSalesTargets(db(), shop_, calendar, set); }).ok());
  auto listed = ListSalesTargets(db(), shop_, calendar);
  ASSERT_TRUE(listed.ok()) << listed.status().message();
  EXPECT_EQ(listed->size(), 3u);
  EXPECT_TRUE(ListSalesTargets(db(), shop_, SalesCalendar::kJalali)->empty());
  EXPECT_TRUE(ListSalesTargets(db(), other_, calendar)->empty());

  struct Bad {
    SalesTarget target;
    const char* field;
  };
  for (const Bad& bad :
       {Bad{{"2025-13", "all", 1}, "targets[1].period"},
        Bad{{"2025-12", "boss", 1}, "targets[1].owner"},
        Bad{{"2025-12", "all", -1}, "targets[1].amount_minor"}}) {
    Status refused = Write([&] {
      return SaveSalesTargets(db(), shop_, calendar,
                              {{"2025-12", "all", 9999}, bad.target});
    });
    EXPECT_EQ(refused.field(), bad.field);
  }
  // Nothing of a refused set is kept, and 0 removes a target.
  ASSERT_TRUE(Write([&] {
                return SaveSalesTargets(db(), shop_, calendar,
                                        {{"2025-12", "team:north", 0}});
              }).ok());
  listed = ListSalesTargets(db(), shop_, calendar);
  ASSERT_EQ(listed->size(), 2u);
  for (const SalesTarget& target : *listed) {
    EXPECT_NE(target.owner, "team:north");
    if (target.owner == "all") {
      EXPECT_EQ(target.amount_minor, 5000);
    }
  }
}

TEST_P(SalesStoreTest, ALeadConvertsOnceToACustomerWithAnOpenDeal) {
  NewLead lead;
  lead.external_id = "L1";
  lead.name = "Sara Ahmadi";
  lead.company = "Sara's Bakery";
  lead.estimated_value_minor = 4200;
  lead.created_at = kNow - 86400;
  ASSERT_TRUE(Write([&] { return InsertLead(db(), shop_, lead); }).ok());
  long long w = shop_, lead_id = 0;
  db().sql() << "SELECT id FROM leads WHERE workspace_id = :w", soci::use(w),
      soci::into(lead_id);
  ASSERT_GT(lead_id, 0);

  LeadConversion converted;
  ASSERT_TRUE(Write([&]() -> Status {
                VAFA_ASSIGN_OR_RETURN(
                    converted, ConvertLead(db(), shop_, lead_id, {}, 3, kNow));
                return Status::Ok();
              }).ok());
  EXPECT_TRUE(converted.customer_created);
  EXPECT_EQ(DealCustomer(db(), shop_, converted.deal_id)->value_or(-1),
            converted.customer_id);
  EXPECT_EQ(*LastDealStage(db(), shop_, converted.deal_id),
            DefaultPipeline().FirstOpen().key);
  long long value = 0, close = 0;
  std::string title;
  long long deal = converted.deal_id;
  db().sql() << "SELECT value_minor, expected_close_at, title FROM deals "
                "WHERE id = :d",
      soci::use(deal), soci::into(value), soci::into(close), soci::into(title);
  EXPECT_EQ(value, 4200);               // the lead's estimate
  EXPECT_EQ(close, kNow + 30 * 86400);  // 30 days on
  EXPECT_EQ(title, "Sara's Bakery");

  Status again = Write(
      [&] { return ConvertLead(db(), shop_, lead_id, {}, 3, kNow).status(); });
  EXPECT_EQ(again.field(), "status");
  EXPECT_EQ(Write([&] {
              return ConvertLead(db(), other_, lead_id, {}, 3, kNow).status();
            }).code(),
            StatusCode::kNotFound);
}

VAFA_INSTANTIATE_BACKEND_TEST(SalesStoreTest);

}  // namespace
}  // namespace vafa::services::sales
