#include "services/customers/contacts.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <string>

#include "store/store_test_support.h"

namespace vafa::services::customers {
namespace {

class ContactsTest : public store::BackendTest {
 protected:
  void SetUp() override {
    store::BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    workspace_ = AddWorkspace("a");
    other_workspace_ = AddWorkspace("b");
  }

  int64_t Customer(long long workspace, const std::string& name,
                   long long parent, bool deleted = false) {
    long long id = 0, deleted_at = 5;
    soci::indicator no_parent = parent ? soci::i_ok : soci::i_null;
    soci::indicator alive = deleted ? soci::i_ok : soci::i_null;
    std::string kind = parent ? "person" : "organisation";
    db().sql() << "INSERT INTO customers (workspace_id, kind, parent_id, "
                  "display_name, created_at, updated_at, deleted_at) VALUES "
                  "(:w, :k, :p, :n, 0, 0, :d) RETURNING id",
        soci::use(workspace), soci::use(kind), soci::use(parent, no_parent),
        soci::use(name), soci::use(deleted_at, alive), soci::into(id);
    return id;
  }

  long long workspace_ = 0;
  long long other_workspace_ = 0;
};

TEST_P(ContactsTest, AnOrganisationsLiveContactsInTheOrderTheyCame) {
  const int64_t firm = Customer(workspace_, "Firm", 0);
  const int64_t other_firm = Customer(workspace_, "Other", 0);
  const int64_t first = Customer(workspace_, "Sara", firm);
  Customer(workspace_, "Gone", firm, /*deleted=*/true);
  Customer(workspace_, "Reza", other_firm);
  // The same parent id in another workspace names another organisation.
  Customer(other_workspace_, "Stranger", firm);
  const int64_t second = Customer(workspace_, "Omid", firm);

  auto people = ContactsOfOrganisation(db(), workspace_, firm);
  ASSERT_TRUE(people.ok()) << people.status().ToString();
  ASSERT_EQ(people->size(), 2u);
  EXPECT_EQ((*people)[0].id, first);
  EXPECT_EQ((*people)[0].display_name, "Sara");
  EXPECT_EQ((*people)[0].parent_id, firm);
  EXPECT_EQ((*people)[1].id, second);

  auto nobody = ContactsOfOrganisation(db(), workspace_, first);
  ASSERT_TRUE(nobody.ok());
  EXPECT_TRUE(nobody->empty());
}

TEST_P(ContactsTest, AtMostTheContactLimitIsRead) {
  const int64_t firm = Customer(workspace_, "Firm", 0);
  for (int person = 0; person < kMaxContacts + 3; ++person) {
    Customer(workspace_, "p" + std::to_string(person), firm);
  }
  auto people = ContactsOfOrganisation(db(), workspace_, firm);
  ASSERT_TRUE(people.ok()) << people.status().ToString();
  ASSERT_EQ(people->size(), static_cast<size_t>(kMaxContacts));
  EXPECT_EQ(people->back().display_name,
            "p" + std::to_string(kMaxContacts - 1));
}

VAFA_INSTANTIATE_BACKEND_TEST(ContactsTest);

}  // namespace
}  // namespace vafa::services::customers
