// GET /api/v1/audit: the account-level audit entries (sign-in, failed
// sign-in, sign-out, passwords, profiles, users), newest first, for server
// administrators signed in with a session. Entries of a workspace are read
// under the workspace (GET /workspaces/{workspace}/audit).
#include <algorithm>
#include <nlohmann/json.hpp>

#include "api/access.h"
#include "api/internal/access_routes_internal.h"
#include "api/json_io.h"
#include "core/json_depth.h"
#include "store/record_table.h"

namespace vafa::api::internal {
namespace {

using nlohmann::json;
using store::DecodeCursor;
using store::EncodeCursor;

// A stored JSON image as JSON again (text if it is not JSON).
json StoredImage(const std::string& text) {
  if (text.empty()) return nullptr;
  if (!JsonDepthWithin(text)) return json(text);
  json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
  return value.is_discarded() ? json(text) : value;
}

}  // namespace

Result<json> AuditPage(store::Database& db, std::optional<int64_t> workspace_id,
                       const HttpRequest& request) {
  auth::AuditQuery query;
  query.entity = request.Query("entity");
  VAFA_ASSIGN_OR_RETURN(query.entity_id, QueryInt(request, "entity_id"));
  if (query.entity_id && query.entity.empty()) {
    return Status::Invalid("entity_id needs entity", "entity_id");
  }
  VAFA_ASSIGN_OR_RETURN(query.user_id, QueryInt(request, "user_id"));
  VAFA_ASSIGN_OR_RETURN(auto limit, QueryInt(request, "limit"));
  query.limit =
      static_cast<int>(std::clamp<int64_t>(limit.value_or(50), 1, 500));
  if (std::string cursor = request.Query("cursor"); !cursor.empty()) {
    VAFA_ASSIGN_OR_RETURN(json key, DecodeCursor(cursor));
    if (!key.is_number_integer() || key.get<int64_t>() <= 0) {
      return Status::Invalid("cursor is not from this list", "cursor");
    }
    query.before_id = key.get<int64_t>();
  }
  VAFA_ASSIGN_OR_RETURN(auto entries, auth::ListAudit(db, workspace_id, query));
  json items = json::array();
  for (const auth::AuditEntry& e : entries) {
    items.push_back({{"id", e.id},
                     {"at", e.at},
                     {"user_id", Nullable(e.user_id)},
                     {"actor", e.actor},
                     {"client_address", Nullable(e.client_address)},
                     {"action", e.action},
                     {"entity", e.entity},
                     {"entity_id", Nullable(e.entity_id)},
                     {"before", StoredImage(e.before_json)},
                     {"after", StoredImage(e.after_json)},
                     {"hash", e.hash}});
  }
  json next = nullptr;
  if (static_cast<int>(entries.size()) == query.limit) {
    next = EncodeCursor(entries.back().id);
  }
  return json{{"items", items}, {"next_cursor", next}};
}

void AddAccountAuditRoutes(Router& router, const ApiContext& context) {
  router.Add("GET", "/api/v1/audit", [context](const HttpRequest& request) {
    store::Database* db = nullptr;
    VAFA_API_TRY(Caller caller, Administrator(context, request, db));
    VAFA_API_TRY(json page, AuditPage(*db, std::nullopt, request));
    return JsonResponse(200, page);
  });
}

}  // namespace vafa::api::internal
