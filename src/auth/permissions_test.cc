#include "auth/permissions.h"

#include <gmock/gmock.h>

#include <fstream>
#include <sstream>

namespace vafa::auth {
namespace {

TEST(PermissionsTest, RoleNamesRoundTrip) {
  for (Role role : AllRoles()) EXPECT_EQ(ParseRole(RoleName(role)), role);
  EXPECT_EQ(ParseRole("admin"), std::nullopt);
  EXPECT_EQ(AllRoles().size(), 7u);
}

TEST(PermissionsTest, ViewerChangesNothing) {
  for (Resource resource : AllResources()) {
    EXPECT_FALSE(CanWrite(Role::kViewer, resource)) << ResourceName(resource);
  }
}

TEST(PermissionsTest, SupportSeesContactsButNotMoney) {
  EXPECT_TRUE(CanRead(Role::kSupport, Resource::kContactDetails));
  EXPECT_TRUE(CanWrite(Role::kSupport, Resource::kInteractions));
  EXPECT_FALSE(CanRead(Role::kSupport, Resource::kMoneyScores));
  EXPECT_FALSE(CanRead(Role::kSupport, Resource::kAnalytics));
}

TEST(PermissionsTest, AnalystSeesNumbersNotPeople) {
  EXPECT_TRUE(CanRead(Role::kAnalyst, Resource::kMoneyScores));
  EXPECT_FALSE(CanRead(Role::kAnalyst, Resource::kContactDetails));
  EXPECT_FALSE(CanWrite(Role::kAnalyst, Resource::kCustomers));
}

TEST(PermissionsTest, OnlyOwnersManageMembersAndOnlyLeadersReadAudit) {
  for (Role role : AllRoles()) {
    EXPECT_EQ(CanWrite(role, Resource::kMembers), role == Role::kOwner);
    EXPECT_EQ(CanRead(role, Resource::kAudit),
              role == Role::kOwner || role == Role::kManager);
  }
}

TEST(PermissionsTest, MoneyScores) {
  EXPECT_TRUE(IsMoneyScore("clv"));
  EXPECT_TRUE(IsMoneyScore("profit"));
  EXPECT_TRUE(IsMoneyScore("abc_class"));
  EXPECT_TRUE(IsMoneyScore("expected_order_value"));
  EXPECT_FALSE(IsMoneyScore("rfm_segment"));
  EXPECT_FALSE(IsMoneyScore("p_alive"));
  EXPECT_FALSE(IsMoneyScore("churn_risk"));
  EXPECT_TRUE(IsMoneyScore("retention_priority"));  // value x risk
  EXPECT_FALSE(IsMoneyScore("clvx"));
}

// docs/permissions.md carries the table this code enforces.
TEST(PermissionsTest, DocumentedTableIsTheEnforcedOne) {
  std::ifstream file("docs/permissions.md");
  ASSERT_TRUE(file) << "docs/permissions.md (tests run from the repo root)";
  std::stringstream text;
  text << file.rdbuf();
  EXPECT_THAT(text.str(), ::testing::HasSubstr(PermissionTableMarkdown()))
      << "paste this table into docs/permissions.md:\n"
      << PermissionTableMarkdown();
}

}  // namespace
}  // namespace vafa::auth
