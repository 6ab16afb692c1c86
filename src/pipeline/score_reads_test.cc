#include "pipeline/score_reads.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <optional>
#include <string>
#include <vector>

#include "store/store_test_support.h"

namespace vafa::pipeline {
namespace {

class ScoreReadsTest : public store::BackendTest {
 protected:
  void SetUp() override {
    store::BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    workspace_ = AddWorkspace("a");
    other_workspace_ = AddWorkspace("b");
  }

  long long Customer(long long workspace, bool deleted = false) {
    long long id = 0, deleted_at = 5;
    soci::indicator alive = deleted ? soci::i_ok : soci::i_null;
    db().sql() << "INSERT INTO customers (workspace_id, display_name, "
                  "created_at, updated_at, deleted_at) VALUES (:w, 'x', 0, 0, "
                  ":d) RETURNING id",
        soci::use(workspace), soci::use(deleted_at, alive), soci::into(id);
    return id;
  }

  // Four live customers of workspace a with clv 30, 10, none and 10 and
  // RFM segments champions, at_risk, none and champions; a deleted one and
  // one of workspace b with the highest clv.
  void FourCustomers() {
    for (int customer_idx = 0; customer_idx < 4; ++customer_idx) {
      customers_.push_back(Customer(workspace_));
    }
    const long long gone = Customer(workspace_, /*deleted=*/true);
    const long long stranger = Customer(other_workspace_);
    Score(workspace_, customers_[0], "clv", 30, "");
    Score(workspace_, customers_[1], "clv", 10, "");
    Score(workspace_, customers_[2], "clv", std::nullopt, "");
    Score(workspace_, customers_[3], "clv", 10, "");
    Score(workspace_, gone, "clv", 50, "");
    Score(other_workspace_, stranger, "clv", 99, "");
    Score(workspace_, customers_[0], "rfm_segment", std::nullopt, "champions");
    Score(workspace_, customers_[1], "rfm_segment", std::nullopt, "at_risk");
    Score(workspace_, customers_[3], "rfm_segment", std::nullopt, "champions");
    Score(workspace_, gone, "rfm_segment", std::nullopt, "champions");
    Score(other_workspace_, stranger, "rfm_segment", std::nullopt, "champions");
  }

  std::vector<int64_t> Ids(const ScorePageQuery& query) {
    auto page = ScorePage(db(), workspace_, query);
    EXPECT_TRUE(page.ok()) << page.status().ToString();
    std::vector<int64_t> ids;
    if (page.ok()) {
      for (const ScoreOfCustomer& row : *page) ids.push_back(row.customer_id);
    }
    return ids;
  }

  long long workspace_ = 0;
  long long other_workspace_ = 0;
  std::vector<int64_t> customers_;

  void Score(long long workspace, long long customer, const std::string& name,
             std::optional<double> value, const std::string& label) {
    double number = value.value_or(0);
    soci::indicator no_value = value ? soci::i_ok : soci::i_null;
    soci::indicator no_label = label.empty() ? soci::i_null : soci::i_ok;
    db().sql() << "INSERT INTO scores (workspace_id, customer_id, name, "
                  "value, label, run_id, computed_at) VALUES (:w, :c, :n, :v, "
                  ":l, 1, 500)",
        soci::use(workspace), soci::use(customer), soci::use(name),
        soci::use(number, no_value), soci::use(label, no_label);
  }
};

TEST_P(ScoreReadsTest, ACustomersScoresByNameWithTheirNulls) {
  Score(workspace_, 7, "rfm_segment", std::nullopt, "champions");
  Score(workspace_, 7, "clv", 1234.5, "");
  Score(workspace_, 7, "p_alive", 0.25, "");
  Score(workspace_, 8, "clv", 99, "");                // another customer
  Score(other_workspace_, 7, "churn_risk", 0.9, "");  // another workspace

  auto scores = ScoresForCustomer(db(), workspace_, 7);
  ASSERT_TRUE(scores.ok()) << scores.status().ToString();
  ASSERT_EQ(scores->size(), 3u);
  EXPECT_EQ((*scores)[0].name, "clv");
  EXPECT_EQ((*scores)[1].name, "p_alive");
  EXPECT_EQ((*scores)[2].name, "rfm_segment");
  EXPECT_EQ((*scores)[0].value, 1234.5);
  EXPECT_FALSE((*scores)[0].label.has_value());
  EXPECT_EQ((*scores)[0].computed_at, 500);
  EXPECT_EQ((*scores)[1].value, 0.25);
  EXPECT_FALSE((*scores)[2].value.has_value());
  EXPECT_EQ((*scores)[2].label, "champions");

  auto none = ScoresForCustomer(db(), workspace_, 9);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_P(ScoreReadsTest, APageByCustomerGoesOnAfterTheCursor) {
  FourCustomers();
  const std::vector<int64_t>& c = customers_;
  ScorePageQuery query{.name = "clv", .limit = 2};
  EXPECT_EQ(Ids(query), (std::vector<int64_t>{c[0], c[1]}));
  query.after = ScorePageQuery::After{0, c[1]};
  EXPECT_EQ(Ids(query), (std::vector<int64_t>{c[2], c[3]}));
  auto page = ScorePage(db(), workspace_, query);
  ASSERT_TRUE(page.ok());
  EXPECT_FALSE((*page)[0].value.has_value());
  EXPECT_EQ((*page)[1].value, 10);
  EXPECT_EQ((*page)[1].computed_at, 500);
}

TEST_P(ScoreReadsTest, APageByValueLeavesOutCustomersWithoutOne) {
  FourCustomers();
  const std::vector<int64_t>& c = customers_;
  ScorePageQuery up{.name = "clv", .order = ScoreOrder::kValueAscending};
  EXPECT_EQ(Ids(up), (std::vector<int64_t>{c[1], c[3], c[0]}));
  up.after = ScorePageQuery::After{10, c[1]};
  EXPECT_EQ(Ids(up), (std::vector<int64_t>{c[3], c[0]}));
  ScorePageQuery down{.name = "clv", .order = ScoreOrder::kValueDescending};
  EXPECT_EQ(Ids(down), (std::vector<int64_t>{c[0], c[1], c[3]}));
  down.after = ScorePageQuery::After{30, c[0]};
  EXPECT_EQ(Ids(down), (std::vector<int64_t>{c[1], c[3]}));
}

TEST_P(ScoreReadsTest, APageKeepsOnlyTheLabelOrSegmentsAsked) {
  FourCustomers();
  const std::vector<int64_t>& c = customers_;
  EXPECT_EQ(Ids({.name = "clv", .segments = {"champions"}}),
            (std::vector<int64_t>{c[0], c[3]}));
  EXPECT_EQ(Ids({.name = "clv", .segments = {"at_risk", "champions"}}),
            (std::vector<int64_t>{c[0], c[1], c[3]}));
  EXPECT_EQ(Ids({.name = "rfm_segment", .label = "at_risk"}),
            (std::vector<int64_t>{c[1]}));
  EXPECT_TRUE(Ids({.name = "clv", .segments = {"lost"}}).empty());
}

TEST_P(ScoreReadsTest, GroupsCountLiveCustomersPerLabelWithTheMeasure) {
  FourCustomers();
  auto groups = ScoreGroups(db(), workspace_, "rfm_segment", "clv");
  ASSERT_TRUE(groups.ok()) << groups.status().ToString();
  ASSERT_EQ(groups->size(), 2u);
  const ScoreGroup& champions = (*groups)[0];
  EXPECT_EQ(champions.label, "champions");
  EXPECT_EQ(champions.customers, 2);
  EXPECT_FALSE(champions.mean_value.has_value());  // segments have no value
  EXPECT_EQ(champions.measure_sum, 40);
  EXPECT_EQ(champions.measure_mean, 20);
  EXPECT_EQ((*groups)[1].label, "at_risk");
  EXPECT_EQ((*groups)[1].customers, 1);
  EXPECT_EQ((*groups)[1].measure_sum, 10);

  auto plain = ScoreGroups(db(), workspace_, "clv", "");
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  ASSERT_EQ(plain->size(), 1u);  // one group: no label
  EXPECT_FALSE((*plain)[0].label.has_value());
  EXPECT_EQ((*plain)[0].customers, 4);
  ASSERT_TRUE((*plain)[0].mean_value.has_value());
  // AVG leaves out the NULL; SQLite hands it over as text of 15 digits.
  EXPECT_NEAR(*(*plain)[0].mean_value, 50.0 / 3, 1e-9);
  EXPECT_FALSE((*plain)[0].measure_sum.has_value());
}

VAFA_INSTANTIATE_BACKEND_TEST(ScoreReadsTest);

}  // namespace
}  // namespace vafa::pipeline
