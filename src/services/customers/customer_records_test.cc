#include "services/customers/customer_records.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <string>
#include <vector>

#include "store/store_test_support.h"

namespace vafa::services::customers {
namespace {

class CustomerRecordsTest : public store::BackendTest {
 protected:
  void SetUp() override {
    store::BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    workspace_ = AddWorkspace("a");
    other_ = AddWorkspace("b");
  }

  int64_t Customer(long long workspace, const std::string& city,
                   long long parent = 0, bool deleted = false) {
    long long id = 0, deleted_at = 5;
    soci::indicator no_parent = parent ? soci::i_ok : soci::i_null;
    soci::indicator alive = deleted ? soci::i_ok : soci::i_null;
    db().sql() << "INSERT INTO customers (workspace_id, kind, parent_id, "
                  "display_name, city, created_at, updated_at, deleted_at) "
                  "VALUES (:w, 'person', :p, 'n', :c, 0, 0, :d) RETURNING id",
        soci::use(workspace), soci::use(parent, no_parent), soci::use(city),
        soci::use(deleted_at, alive), soci::into(id);
    return id;
  }
  void Score(long long workspace, long long customer, const std::string& name,
             double value, const std::string& label) {
    db().sql() << "INSERT INTO scores (workspace_id, customer_id, name, "
                  "value, label, run_id, computed_at) VALUES (:w, :c, :n, :v, "
                  ":l, 1, 0)",
        soci::use(workspace), soci::use(customer), soci::use(name),
        soci::use(value), soci::use(label);
  }
  std::vector<int64_t> Ids(const CustomerListFilter& filter,
                           CustomerPageRequest page = {}) {
    auto ids = ListCustomerIds(db(), workspace_, filter, page);
    EXPECT_TRUE(ids.ok()) << ids.status().ToString();
    return ids.ok() ? *ids : std::vector<int64_t>{};
  }

  long long workspace_ = 0;
  long long other_ = 0;
};

TEST_P(CustomerRecordsTest,
       PagesRunByIdBothWaysOverLiveCustomersOfTheWorkspace) {
  const int64_t a = Customer(workspace_, "Tehran");
  const int64_t b = Customer(workspace_, "Shiraz");
  const int64_t gone = Customer(workspace_, "Tehran", 0, /*deleted=*/true);
  const int64_t c = Customer(workspace_, "Tehran");
  Customer(other_, "Tehran");

  EXPECT_EQ(Ids({}), (std::vector<int64_t>{a, b, c}));
  EXPECT_EQ(Ids({}, {.after = a, .limit = 1}), (std::vector<int64_t>{b}));
  EXPECT_EQ(Ids({}, {.after = c, .descending = true}),
            (std::vector<int64_t>{b, a}));
  EXPECT_EQ(Ids({.deleted = true}), (std::vector<int64_t>{gone}));
}

TEST_P(CustomerRecordsTest, FiltersOnColumnsParentScoresAndSegmentAllHold) {
  const int64_t firm = Customer(workspace_, "Tehran");
  const int64_t staff = Customer(workspace_, "Tehran", firm);
  const int64_t far = Customer(workspace_, "Shiraz", firm);
  const int64_t alone = Customer(workspace_, "Tehran");
  Score(workspace_, staff, "rfm_segment", 5, "Champions");
  Score(workspace_, far, "rfm_segment", 1, "Lost");
  Score(workspace_, staff, "clv_1y", 900, "");
  Score(workspace_, alone, "clv_1y", 100, "");
  Score(other_, far, "clv_1y", 900, "");

  EXPECT_EQ(Ids({.equal = {{"city", "Tehran"}}}),
            (std::vector<int64_t>{firm, staff, alone}));
  EXPECT_EQ(Ids({.parent_id = firm}), (std::vector<int64_t>{staff, far}));
  EXPECT_EQ(Ids({.equal = {{"city", "Tehran"}}, .parent_id = firm}),
            (std::vector<int64_t>{staff}));
  EXPECT_EQ(Ids({.rfm_segment = "Champions"}), (std::vector<int64_t>{staff}));
  EXPECT_EQ(Ids({.score = "clv_1y"}), (std::vector<int64_t>{staff, alone}));
  EXPECT_EQ(Ids({.score = "clv_1y", .score_min = 500}),
            (std::vector<int64_t>{staff}));
  EXPECT_EQ(Ids({.score = "clv_1y", .score_max = 500}),
            (std::vector<int64_t>{alone}));
  // A segment's condition with its texts bound after the filters' values.
  EXPECT_EQ(Ids({.equal = {{"city", "Tehran"}},
                 .score = "clv_1y",
                 .segment_where = "c.city <> :g0",
                 .segment_texts = {"Shiraz"}}),
            (std::vector<int64_t>{staff, alone}));
}

TEST_P(CustomerRecordsTest, AFilterOnAnotherColumnIsRefusedNamingIt) {
  auto ids =
      ListCustomerIds(db(), workspace_, {.equal = {{"national_id", "1"}}}, {});
  ASSERT_FALSE(ids.ok());
  EXPECT_EQ(ids.status().field(), "national_id");
}

TEST_P(CustomerRecordsTest, AVersionIsClaimedOnlyWhileTheLiveRowIsAtIt) {
  const int64_t id = Customer(workspace_, "Tehran");
  const int64_t gone = Customer(workspace_, "Tehran", 0, /*deleted=*/true);
  long long version = 0, wanted = id;
  db().sql() << "SELECT version FROM customers WHERE id = :id",
      soci::use(wanted), soci::into(version);

  EXPECT_TRUE(ClaimCustomerVersion(db(), workspace_, id, version).ok());
  EXPECT_EQ(ClaimCustomerVersion(db(), workspace_, id, version + 1).code(),
            StatusCode::kConflict);
  EXPECT_EQ(ClaimCustomerVersion(db(), other_, id, version).code(),
            StatusCode::kConflict);
  EXPECT_EQ(ClaimCustomerVersion(db(), workspace_, gone, version).code(),
            StatusCode::kConflict);
}

VAFA_INSTANTIATE_BACKEND_TEST(CustomerRecordsTest);

}  // namespace
}  // namespace vafa::services::customers
