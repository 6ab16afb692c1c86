// Fuzzes a JSON request body the way POST /segments/preview reads it:
// api::ParseJsonObject (size, type and nesting limit of core/json_depth.h),
// then services::marketing::ParseSegmentRules on its "rules" (or on the body
// itself), the SQL compilation, and the count of the segment on a scratch
// SQLite store. Rules that parse must compile to SQL the store accepts; a text
// nested deeper than kMaxJsonDepth must be refused before parsing; an accepted
// body must print and copy without trouble.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "api/json_io.h"
#include "core/json_depth.h"
#include "fuzz/fuzz_check.h"
#include "fuzz/scratch_store.h"
#include "services/marketing/campaigns.h"
#include "services/marketing/segment_rules.h"
#include "store/workspace_repository.h"

namespace {

int64_t WorkspaceId() {
  static const int64_t id = [] {
    auto& store = vafa::fuzz::OpenScratchStore();
    vafa::store::WorkspaceRepository workspaces(*store.db);
    auto workspace = workspaces.Create("fuzz", "فازینگ");
    VAFA_FUZZ_CHECK(workspace.ok(), "creating the workspace");
    return workspace->id;
  }();
  return id;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  vafa::api::HttpRequest request;
  request.method = "POST";
  request.path = "/api/v1/workspaces/fuzz/segments/preview";
  request.headers["content-type"] = "application/json";
  request.body.assign(reinterpret_cast<const char*>(data), size);

  auto body = vafa::api::ParseJsonObject(request);
  if (!body.ok()) return 0;
  VAFA_FUZZ_CHECK(vafa::JsonNestingDepth(request.body) <= vafa::kMaxJsonDepth,
                  "a body nested past the limit was parsed");
  const nlohmann::json copy = *body;
  (void)copy.dump();

  const nlohmann::json& rules =
      body->contains("rules") ? (*body)["rules"] : *body;
  auto parsed = vafa::services::marketing::ParseSegmentRules(rules);
  if (!parsed.ok()) {
    VAFA_FUZZ_CHECK(!parsed.status().message().empty(),
                    "an error without a message");
    return 0;
  }
  (void)vafa::services::marketing::ScoresUsed(*parsed);
  const int64_t now = 1764806400;  // 2025-12-04
  auto sql =
      vafa::services::marketing::CompileSegment(*parsed, WorkspaceId(), now);
  VAFA_FUZZ_CHECK(!sql.where.empty(), "an empty SQL condition");
  auto& store = vafa::fuzz::OpenScratchStore();
  auto count = vafa::services::marketing::CountSegment(*store.db, WorkspaceId(),
                                                       *parsed, now);
  VAFA_FUZZ_CHECK(count.ok(), "rules that parse give SQL the store refuses: " +
                                  (count.ok() ? "" : count.status().message()) +
                                  "\n" + sql.where);
  return 0;
}
