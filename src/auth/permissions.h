// Roles and what each may read or change: one table (kTable in
// permissions.cc), printed into docs/permissions.md, and asked by every API
// route before it touches the store.
//
// Resources are entities or groups of fields: contact_details are the
// phone, e-mail, national id and birth date of customers (an analyst or a
// viewer sees customers without them); money_scores are the scores and
// reports that show what customers are worth (CLV, profit, revenue, ABC
// class, profitability reports), which support does not see. Write implies
// read.
#ifndef VAFA_AUTH_PERMISSIONS_H_
#define VAFA_AUTH_PERMISSIONS_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace vafa::auth {

enum class Role {
  kOwner,
  kManager,
  kSales,
  kSupport,
  kMarketing,
  kAnalyst,
  kViewer,
};

enum class Resource {
  kWorkspace,       // the workspace's settings
  kMembers,         // who has which role in the workspace
  kCustomers,       // profiles, organisations and their contacts
  kContactDetails,  // phone, e-mail, national id, birth date; searching by them
  kProducts,
  kOrders,
  kInteractions,
  kImports,        // import batches: list, revert
  kAnalytics,      // reports, scores, customers filtered by score or segment
  kMoneyScores,    // CLV, profit, revenue, ABC class, profitability
  kAudit,          // the audit log
  kTickets,        // service tickets and complaints, their replies and SLAs
  kLoyalty,        // the points ledger, its rules and liability
  kSales,          // leads, deals, the pipeline board, forecast and conversion
  kSalesSettings,  // pipelines and their stages, sales targets
  kTasks,          // tasks and reminders on customers, deals and tickets
  kMarketing,      // segments and campaigns, their members and responses
  kSurveys,        // surveys (NPS, CSAT, CES, pulse, readiness) and answers
};

enum class Access { kNone, kRead, kWrite };

std::span<const Role> AllRoles();
std::span<const Resource> AllResources();
std::string_view RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);
std::string_view ResourceName(Resource resource);

Access AccessOf(Role role, Resource resource);
inline bool CanRead(Role role, Resource resource) {
  return AccessOf(role, resource) != Access::kNone;
}
inline bool CanWrite(Role role, Resource resource) {
  return AccessOf(role, resource) == Access::kWrite;
}

// Whether a score of this name shows money (clv, profit, revenue, ...).
bool IsMoneyScore(std::string_view score_name);

// The table as Markdown, one row per resource, one column per role.
std::string PermissionTableMarkdown();

}  // namespace vafa::auth

#endif  // VAFA_AUTH_PERMISSIONS_H_
