#include "auth/permissions.h"

#include <array>

namespace vafa::auth {
namespace {

constexpr Role kRoles[] = {Role::kOwner,   Role::kManager,   Role::kSales,
                           Role::kSupport, Role::kMarketing, Role::kAnalyst,
                           Role::kViewer};
constexpr std::string_view kRoleNames[] = {
    "owner", "manager", "sales", "support", "marketing", "analyst", "viewer"};

constexpr Resource kResources[] = {
    Resource::kWorkspace,      Resource::kMembers,   Resource::kCustomers,
    Resource::kContactDetails, Resource::kProducts,  Resource::kOrders,
    Resource::kInteractions,   Resource::kImports,   Resource::kAnalytics,
    Resource::kMoneyScores,    Resource::kAudit,     Resource::kTickets,
    Resource::kLoyalty,        Resource::kSales,     Resource::kSalesSettings,
    Resource::kTasks,          Resource::kMarketing, Resource::kSurveys};
constexpr std::string_view kResourceNames[] = {
    "workspace", "members",      "customers",      "contact_details",
    "products",  "orders",       "interactions",   "imports",
    "analytics", "money_scores", "audit",          "tickets",
    "loyalty",   "sales",        "sales_settings", "tasks",
    "marketing", "surveys"};
static_assert(std::size(kResourceNames) == std::size(kResources),
              "every resource has a name");

constexpr Access N = Access::kNone;
constexpr Access R = Access::kRead;
constexpr Access W = Access::kWrite;

// Rows: resources in kResources order. Columns: owner, manager, sales,
// support, marketing, analyst, viewer.
constexpr std::array<std::array<Access, 7>, 18> kTable = {{
    /* workspace       */ {W, R, R, R, R, R, R},
    /* members         */ {W, R, N, N, N, N, N},
    /* customers       */ {W, W, W, W, R, R, R},
    /* contact_details */ {W, W, W, W, R, N, N},
    /* products        */ {W, W, R, R, R, R, R},
    /* orders          */ {W, W, W, R, R, R, R},
    /* interactions    */ {W, W, W, W, W, R, R},
    /* imports         */ {W, W, N, N, N, R, N},
    /* analytics       */ {W, W, R, N, R, W, R},
    /* money_scores    */ {R, R, R, N, R, R, N},
    /* audit           */ {R, R, N, N, N, N, N},
    /* tickets         */ {W, W, R, W, R, R, R},
    /* loyalty         */ {W, W, W, W, W, R, R},
    /* sales           */ {W, W, W, R, R, R, R},
    /* sales_settings  */ {W, W, R, R, R, R, R},
    /* tasks           */ {W, W, W, W, W, R, R},
    /* marketing       */ {W, W, R, R, W, R, R},
    /* surveys         */ {W, W, W, W, W, R, R},
}};

}  // namespace

std::span<const Role> AllRoles() { return kRoles; }
std::span<const Resource> AllResources() { return kResources; }

std::string_view RoleName(Role role) {
  return kRoleNames[static_cast<int>(role)];
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role role : kRoles) {
    if (RoleName(role) == name) return role;
  }
  return std::nullopt;
}

std::string_view ResourceName(Resource resource) {
  return kResourceNames[static_cast<int>(resource)];
}

Access AccessOf(Role role, Resource resource) {
  return kTable[static_cast<int>(resource)][static_cast<int>(role)];
}

bool IsMoneyScore(std::string_view name) {
  constexpr std::string_view kMoney[] = {"clv",      "expected_order_value",
                                         "profit",   "revenue",
                                         "margin",   "abc_class",
                                         "retention"};
  for (std::string_view money : kMoney) {
    if (name == money || name.starts_with(std::string(money) + "_")) {
      return true;
    }
  }
  return false;
}

std::string PermissionTableMarkdown() {
  std::string out = "| resource |";
  for (Role role : kRoles) out += " " + std::string(RoleName(role)) + " |";
  out += "\n|---|";
  for (size_t i = 0; i < std::size(kRoles); ++i) out += "---|";
  out += "\n";
  for (Resource resource : kResources) {
    out += "| " + std::string(ResourceName(resource)) + " |";
    for (Role role : kRoles) {
      switch (AccessOf(role, resource)) {
        case Access::kNone:
          out += " - |";
          break;
        case Access::kRead:
          out += " read |";
          break;
        case Access::kWrite:
          out += " write |";
          break;
      }
    }
    out += "\n";
  }
  return out;
}

}  // namespace vafa::auth
