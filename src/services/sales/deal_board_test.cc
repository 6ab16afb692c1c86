#include "services/sales/deal_board.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <optional>
#include <string>
#include <vector>

#include "store/store_test_support.h"

namespace vafa::services::sales {
namespace {

class DealBoardTest : public store::BackendTest {
 protected:
  void SetUp() override {
    store::BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    workspace_ = AddWorkspace("a");
    other_workspace_ = AddWorkspace("b");
    customer_ = Customer(workspace_, "Sara");
    stranger_ = Customer(other_workspace_, "Stranger");
  }

  long long Customer(long long workspace, const std::string& name) {
    long long id = 0;
    db().sql() << "INSERT INTO customers (workspace_id, display_name, "
                  "created_at, updated_at) VALUES (:w, :n, 0, 0) RETURNING id",
        soci::use(workspace), soci::use(name), soci::into(id);
    return id;
  }

  struct Deal {
    long long workspace = 0;
    long long customer = 0;
    std::string pipeline = "sales";
    std::string status = "open";
    long long expected = 0;
    std::optional<long long> closed;
    std::optional<long long> owner;
    std::string team;  // "": none
    bool deleted = false;
  };
  int64_t Add(const Deal& deal) {
    long long id = 0, closed = deal.closed.value_or(0),
              owner = deal.owner.value_or(0), deleted_at = 5;
    std::string key = "d" + std::to_string(++count_);
    soci::indicator open = deal.closed ? soci::i_ok : soci::i_null;
    soci::indicator nobody = deal.owner ? soci::i_ok : soci::i_null;
    soci::indicator no_team = deal.team.empty() ? soci::i_null : soci::i_ok;
    soci::indicator alive = deal.deleted ? soci::i_ok : soci::i_null;
    std::string team = deal.team;
    db().sql() << "INSERT INTO deals (workspace_id, customer_id, external_id, "
                  "title, pipeline, stage, status, probability, value_minor, "
                  "owner_user_id, team, expected_close_at, stage_entered_at, "
                  "closed_at, close_reason, created_at, deleted_at) VALUES "
                  "(:w, :c, :e, 'licence', :p, 'proposal', :s, 40, 9000, :o, "
                  ":t, :x, 50, :cl, NULL, 0, :d) RETURNING id",
        soci::use(deal.workspace), soci::use(deal.customer), soci::use(key),
        soci::use(deal.pipeline), soci::use(deal.status),
        soci::use(owner, nobody), soci::use(team, no_team),
        soci::use(deal.expected), soci::use(closed, open),
        soci::use(deleted_at, alive), soci::into(id);
    return id;
  }

  std::vector<int64_t> Ids(const DealFilter& filter, long long since) {
    auto deals = DealsOnBoard(db(), workspace_, filter, since);
    EXPECT_TRUE(deals.ok()) << deals.status().ToString();
    std::vector<int64_t> ids;
    if (deals.ok()) {
      for (const BoardDeal& deal : *deals) ids.push_back(deal.id);
    }
    return ids;
  }

  long long workspace_ = 0, other_workspace_ = 0, customer_ = 0, stranger_ = 0;
  int count_ = 0;
};

TEST_P(DealBoardTest, OpenDealsAndRecentlyClosedOnesSoonestFirst) {
  const int64_t later = Add({workspace_, customer_, "sales", "open", 500});
  const int64_t sooner = Add({workspace_, customer_, "sales", "open", 100});
  const int64_t won = Add({workspace_, customer_, "sales", "won", 300, 1000});
  Add({workspace_, customer_, "sales", "lost", 200, 10});  // closed long ago
  Add({workspace_, customer_, "other", "open", 100});      // another pipeline
  Add({.workspace = workspace_,
       .customer = customer_,
       .expected = 50,
       .deleted = true});
  Add({other_workspace_, stranger_, "sales", "open", 100});

  EXPECT_EQ(Ids({.pipeline = "sales"}, 900),
            (std::vector<int64_t>{sooner, won, later}));
  auto deals = DealsOnBoard(db(), workspace_, {.pipeline = "sales"}, 900);
  ASSERT_TRUE(deals.ok());
  const BoardDeal& deal = (*deals)[1];
  EXPECT_EQ(deal.title, "licence");
  EXPECT_EQ(deal.customer_id, customer_);
  EXPECT_EQ(deal.customer_name, "Sara");
  EXPECT_EQ(deal.stage, "proposal");
  EXPECT_EQ(deal.value_minor, 9000);
  EXPECT_EQ(deal.probability, 40);
  EXPECT_EQ(deal.expected_close_at, 300);
  EXPECT_EQ(deal.stage_entered_at, 50);
  EXPECT_EQ(deal.status, "won");
  EXPECT_EQ(deal.version, 1);
  EXPECT_FALSE(deal.owner_user_id.has_value());
  EXPECT_FALSE(deal.team.has_value());
  EXPECT_FALSE(deal.close_reason.has_value());
}

TEST_P(DealBoardTest, TheBoardOfAnOwnerOrATeam) {
  const int64_t mine = Add({.workspace = workspace_,
                            .customer = customer_,
                            .expected = 100,
                            .owner = 3,
                            .team = "north"});
  const int64_t theirs = Add({.workspace = workspace_,
                              .customer = customer_,
                              .expected = 200,
                              .owner = 4,
                              .team = "south"});
  EXPECT_EQ(Ids({.pipeline = "sales", .owner_user_id = 3}, 0),
            (std::vector<int64_t>{mine}));
  EXPECT_EQ(Ids({.pipeline = "sales", .team = "south"}, 0),
            (std::vector<int64_t>{theirs}));
  EXPECT_EQ(Ids({.pipeline = "sales"}, 0),
            (std::vector<int64_t>{mine, theirs}));
  auto deals = DealsOnBoard(db(), workspace_, {.pipeline = "sales"}, 0);
  ASSERT_TRUE(deals.ok());
  EXPECT_EQ((*deals)[0].owner_user_id, 3);
  EXPECT_EQ((*deals)[0].team, "north");
}

VAFA_INSTANTIATE_BACKEND_TEST(DealBoardTest);

}  // namespace
}  // namespace vafa::services::sales
