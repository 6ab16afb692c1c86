#include "services/sales/customer_tasks.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <string>

#include "store/store_test_support.h"

namespace vafa::services::sales {
namespace {

class CustomerTasksTest : public store::BackendTest {
 protected:
  int64_t Task(long long workspace, long long customer,
               const std::string& status, long long due, bool deleted = false) {
    long long id = 0, deleted_at = 5;
    soci::indicator alive = deleted ? soci::i_ok : soci::i_null;
    db().sql() << "INSERT INTO tasks (workspace_id, customer_id, title, kind, "
                  "status, due_at, created_at, deleted_at) VALUES (:w, :c, "
                  "'call back', 'call', :s, :d, 0, :x) RETURNING id",
        soci::use(workspace), soci::use(customer), soci::use(status),
        soci::use(due), soci::use(deleted_at, alive), soci::into(id);
    return id;
  }
};

TEST_P(CustomerTasksTest, OnlyOpenTasksSoonestDueFirst) {
  const int64_t later = Task(1, 7, "open", 300);
  const int64_t sooner = Task(1, 7, "open", 100);
  const int64_t sooner_tie = Task(1, 7, "open", 100);
  Task(1, 7, "done", 50);
  Task(1, 7, "open", 60, /*deleted=*/true);
  Task(1, 8, "open", 70);
  Task(2, 7, "open", 80);
  long long task = later, deal = 11, owner = 3;
  db().sql() << "UPDATE tasks SET deal_id = :d, owner_user_id = :o, version "
                "= 4 WHERE id = :i",
      soci::use(deal), soci::use(owner), soci::use(task);

  auto all = OpenTasksForCustomer(db(), 1, 7, 20);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].id, sooner);
  EXPECT_EQ((*all)[1].id, sooner_tie);
  EXPECT_EQ((*all)[2].id, later);
  EXPECT_EQ((*all)[0].title, "call back");
  EXPECT_EQ((*all)[0].kind, "call");
  EXPECT_EQ((*all)[0].due_at, 100);
  EXPECT_FALSE((*all)[0].deal_id.has_value());
  EXPECT_FALSE((*all)[0].owner_user_id.has_value());
  EXPECT_EQ((*all)[0].version, 1);
  EXPECT_EQ((*all)[2].deal_id, 11);
  EXPECT_EQ((*all)[2].owner_user_id, 3);
  EXPECT_FALSE((*all)[2].ticket_id.has_value());
  EXPECT_EQ((*all)[2].version, 4);

  auto one = OpenTasksForCustomer(db(), 1, 7, 1);
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ((*one)[0].id, sooner);
}

VAFA_INSTANTIATE_BACKEND_TEST(CustomerTasksTest);

}  // namespace
}  // namespace vafa::services::sales
