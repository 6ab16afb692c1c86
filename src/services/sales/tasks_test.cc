#include "services/sales/tasks.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include "store/store_test_support.h"

namespace vafa::services::sales {
namespace {

class TasksTest : public store::BackendTest {
 protected:
  int64_t Task(const std::string& kind, const std::string& status,
               long long due_at, std::optional<long long> customer = 5) {
    long long ws = 1, owner = 3, id = 0;
    soci::indicator null = customer ? soci::i_ok : soci::i_null;
    long long customer_id = customer.value_or(0);
    db().sql() << "INSERT INTO tasks (workspace_id, customer_id, title, kind, "
                  "status, due_at, done_at, outcome, owner_user_id, "
                  "created_at) VALUES (:w, :c, 'follow up', :k, :s, :d, 500, "
                  "'agreed', :o, 0) RETURNING id",
        soci::use(ws), soci::use(customer_id, null), soci::use(kind),
        soci::use(status), soci::use(due_at), soci::use(owner), soci::into(id);
    return id;
  }
  int64_t Interactions() {
    long long count = 0;
    db().sql() << "SELECT COUNT(*) FROM interactions", soci::into(count);
    return count;
  }
};

TEST_P(TasksTest, AFinishedActivityIsLoggedOnce) {
  const int64_t call = Task("call", "done", 100);
  ASSERT_TRUE(LogFinishedActivity(db(), 1, call, 3, 900).ok());
  ASSERT_TRUE(LogFinishedActivity(db(), 1, call, 3, 901).ok());
  EXPECT_EQ(Interactions(), 1);
  std::string type, subject, outcome;
  long long occurred = 0, linked = 0, interaction = 0, id = call;
  db().sql() << "SELECT id, type, subject, outcome, occurred_at FROM "
                "interactions",
      soci::into(interaction), soci::into(type), soci::into(subject),
      soci::into(outcome), soci::into(occurred);
  db().sql() << "SELECT interaction_id FROM tasks WHERE id = :i", soci::use(id),
      soci::into(linked);
  EXPECT_EQ(type, "call");
  EXPECT_EQ(subject, "follow up");
  EXPECT_EQ(outcome, "agreed");
  EXPECT_EQ(occurred, 500);  // when it was done, not when it was logged
  EXPECT_EQ(linked, interaction);
}

TEST_P(TasksTest, ToDosOpenTasksAndTasksWithoutCustomerAreNotLogged) {
  const int64_t todo = Task("todo", "done", 100);
  const int64_t open = Task("call", "open", 100);
  const int64_t nobody = Task("meeting", "done", 100, std::nullopt);
  for (int64_t task : {todo, open, nobody}) {
    ASSERT_TRUE(LogFinishedActivity(db(), 1, task, 3, 900).ok());
  }
  EXPECT_EQ(Interactions(), 0);
}

TEST_P(TasksTest, DueTasksAreOverdueOrReminded) {
  const int64_t overdue = Task("call", "open", 100);
  const int64_t later = Task("call", "open", 5000);
  Task("call", "done", 50);  // done: not due
  long long at = 950, id = later;
  db().sql() << "UPDATE tasks SET remind_at = :r WHERE id = :i", soci::use(at),
      soci::use(id);
  auto due = DueTasksOf(db(), 1, 3, 1000);
  ASSERT_TRUE(due.ok()) << due.status().ToString();
  ASSERT_EQ(due->size(), 2u);
  EXPECT_EQ((*due)[0].id, overdue);
  EXPECT_EQ((*due)[1].id, later);
  EXPECT_EQ((*due)[0].customer_id, 5);
  auto others = DueTasksOf(db(), 1, 4, 1000);
  ASSERT_TRUE(others.ok());
  EXPECT_TRUE(others->empty());
}

VAFA_INSTANTIATE_BACKEND_TEST(TasksTest);

}  // namespace
}  // namespace vafa::services::sales
