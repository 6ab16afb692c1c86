#include "services/sales/agenda.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <optional>
#include <string>

#include "store/store_test_support.h"

namespace vafa::services::sales {
namespace {

class AgendaTest : public store::BackendTest {
 protected:
  void SetUp() override {
    store::BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    db().sql() << "INSERT INTO workspaces (slug, name, created_at) VALUES "
                  "('a', 'A', 0)";
    db().sql() << "SELECT id FROM workspaces WHERE slug = 'a'",
        soci::into(workspace_);
    db().sql() << "INSERT INTO customers (workspace_id, display_name, "
                  "created_at, updated_at) VALUES (:w, 'Sara', 0, 0) "
                  "RETURNING id",
        soci::use(workspace_), soci::into(customer_);
  }

  int64_t Task(long long workspace, std::optional<long long> owner,
               const std::string& status, long long due,
               std::optional<long long> customer = std::nullopt,
               bool deleted = false) {
    long long id = 0, who = owner.value_or(0), about = customer.value_or(0),
              deleted_at = 5;
    soci::indicator nobody = owner ? soci::i_ok : soci::i_null;
    soci::indicator no_customer = customer ? soci::i_ok : soci::i_null;
    soci::indicator alive = deleted ? soci::i_ok : soci::i_null;
    db().sql() << "INSERT INTO tasks (workspace_id, customer_id, title, kind, "
                  "status, due_at, owner_user_id, created_at, deleted_at) "
                  "VALUES (:w, :c, 'call back', 'call', :s, :d, :o, 0, :x) "
                  "RETURNING id",
        soci::use(workspace), soci::use(about, no_customer), soci::use(status),
        soci::use(due), soci::use(who, nobody), soci::use(deleted_at, alive),
        soci::into(id);
    return id;
  }

  long long workspace_ = 0, customer_ = 0;
};

TEST_P(AgendaTest, OpenTasksDueBeforeTheHorizonSoonestFirst) {
  const int64_t later = Task(workspace_, 3, "open", 300, customer_);
  const int64_t sooner = Task(workspace_, 3, "open", 100);
  Task(workspace_, 3, "open", 1000);  // past the horizon
  Task(workspace_, 3, "done", 50);
  Task(workspace_, 3, "open", 60, std::nullopt, /*deleted=*/true);
  Task(workspace_ + 1, 3, "open", 70);  // another workspace
  const int64_t others = Task(workspace_, 4, "open", 200);
  const int64_t nobodys = Task(workspace_, std::nullopt, "open", 250);

  auto mine = AgendaTasks(db(), workspace_, 3, 1000);
  ASSERT_TRUE(mine.ok()) << mine.status().ToString();
  ASSERT_EQ(mine->size(), 2u);
  EXPECT_EQ((*mine)[0].id, sooner);
  EXPECT_EQ((*mine)[1].id, later);
  EXPECT_FALSE((*mine)[0].customer_id.has_value());
  EXPECT_EQ((*mine)[0].customer_name, "");
  EXPECT_EQ((*mine)[1].customer_id, customer_);
  EXPECT_EQ((*mine)[1].customer_name, "Sara");
  EXPECT_EQ((*mine)[1].title, "call back");
  EXPECT_EQ((*mine)[1].kind, "call");
  EXPECT_EQ((*mine)[1].due_at, 300);
  EXPECT_EQ((*mine)[1].owner_user_id, 3);
  EXPECT_EQ((*mine)[1].version, 1);

  auto everyone = AgendaTasks(db(), workspace_, 0, 1000);
  ASSERT_TRUE(everyone.ok());
  ASSERT_EQ(everyone->size(), 4u);
  EXPECT_EQ((*everyone)[1].id, others);
  EXPECT_EQ((*everyone)[2].id, nobodys);
  EXPECT_FALSE((*everyone)[2].owner_user_id.has_value());
}

TEST_P(AgendaTest, AtMostTheAgendaLimit) {
  for (int task_idx = 0; task_idx < kMaxAgendaTasks + 2; ++task_idx) {
    Task(workspace_, 3, "open", task_idx);
  }
  auto tasks = AgendaTasks(db(), workspace_, 3, kMaxAgendaTasks + 10);
  ASSERT_TRUE(tasks.ok()) << tasks.status().ToString();
  ASSERT_EQ(tasks->size(), static_cast<size_t>(kMaxAgendaTasks));
  EXPECT_EQ(tasks->back().due_at, kMaxAgendaTasks - 1);
}

VAFA_INSTANTIATE_BACKEND_TEST(AgendaTest);

}  // namespace
}  // namespace vafa::services::sales
