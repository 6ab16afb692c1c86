#include "services/service/customer_tickets.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <string>

#include "store/store_test_support.h"

namespace vafa::services::service {
namespace {

class CustomerTicketsTest : public store::BackendTest {
 protected:
  int64_t Ticket(long long workspace, long long customer, long long opened,
                 bool deleted = false) {
    long long id = 0, deleted_at = 5;
    std::string key = "t" + std::to_string(++count_);
    soci::indicator alive = deleted ? soci::i_ok : soci::i_null;
    db().sql() << "INSERT INTO tickets (workspace_id, customer_id, "
                  "external_id, subject, type, priority, status, opened_at, "
                  "first_response_due_at, resolution_due_at, created_at, "
                  "deleted_at) VALUES (:w, :c, :e, 'late', 'complaint', "
                  "'high', 'open', :o, 2000, 3000, 0, :d) RETURNING id",
        soci::use(workspace), soci::use(customer), soci::use(key),
        soci::use(opened), soci::use(deleted_at, alive), soci::into(id);
    return id;
  }

  int count_ = 0;
};

TEST_P(CustomerTicketsTest, TheCustomersLatestTicketsComeFirst) {
  const int64_t early = Ticket(1, 7, 100);
  const int64_t late = Ticket(1, 7, 300);
  const int64_t late_tie = Ticket(1, 7, 300);
  Ticket(1, 7, 400, /*deleted=*/true);
  Ticket(1, 8, 500);
  Ticket(2, 7, 600);
  long long resolved_id = early;
  db().sql() << "UPDATE tickets SET status = 'resolved', resolved_at = 150, "
                "category = 'billing' WHERE id = :i",
      soci::use(resolved_id);

  auto all = RecentTicketsForCustomer(db(), 1, 7, 20);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].id, late_tie);
  EXPECT_EQ((*all)[1].id, late);
  EXPECT_EQ((*all)[2].id, early);
  const CustomerTicket& open = (*all)[1];
  EXPECT_EQ(open.opened_at, 300);
  EXPECT_EQ(open.subject, "late");
  EXPECT_EQ(open.type, "complaint");
  EXPECT_EQ(open.priority, "high");
  EXPECT_EQ(open.status, "open");
  EXPECT_EQ(open.category, "");
  EXPECT_FALSE(open.resolved_at.has_value());
  EXPECT_EQ(open.resolution_due_at, 3000);
  EXPECT_EQ((*all)[2].status, "resolved");
  EXPECT_EQ((*all)[2].resolved_at, 150);
  EXPECT_EQ((*all)[2].category, "billing");

  auto two = RecentTicketsForCustomer(db(), 1, 7, 2);
  ASSERT_TRUE(two.ok());
  ASSERT_EQ(two->size(), 2u);
  EXPECT_EQ((*two)[1].id, late);
}

VAFA_INSTANTIATE_BACKEND_TEST(CustomerTicketsTest);

}  // namespace
}  // namespace vafa::services::service
