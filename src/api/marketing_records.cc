// Segments and campaigns as records (the six routes of every entity) with
// the marketing rules (docs/marketing.md): a segment's rules are checked
// (and a rule on a score needs the role to see that score); a campaign runs
// on a live segment, ends after it starts, holds out at most half as its
// control group, and keeps its segment and control share once its members
// are drawn. Drawing, responses, the report and the member list are in
// marketing_routes.cc.
#include <soci/soci.h>

#include <nlohmann/json.hpp>

#include "api/internal/data_routes.h"
#include "api/internal/record_routes_internal.h"
#include "api/json_io.h"
#include "pipeline/campaign_expectation.h"
#include "services/marketing/campaigns.h"
#include "services/marketing/record_tables.h"

namespace vafa::api {
namespace {

using auth::Access;
using auth::Resource;
using nlohmann::json;

Status PrepareSegment(const Scope& scope, const json&, const json&,
                      json& values) {
  if (!values.contains("rules")) return Status::Ok();
  auto rules = services::marketing::ParseSegmentRules(values["rules"]);
  if (!rules.ok()) {
    return FieldError("rules." + rules.status().field(),
                      rules.status().message());
  }
  return CheckSegmentAccess(scope, *rules);
}

// How many customers the segment holds now.
Status CountSegmentMembers(const Scope& scope, json& record) {
  auto rules = services::marketing::ParseSegmentRules(record["rules"]);
  if (!rules.ok()) return Status::Ok();  // kept rules are checked on write
  VAFA_ASSIGN_OR_RETURN(record["customers"], services::marketing::CountSegment(
                                                 *scope.db, scope.workspace.id,
                                                 *rules, store::NowSeconds()));
  return Status::Ok();
}

int64_t IntOr(const json& values, const json& before, const char* field,
              int64_t fallback) {
  if (values.contains(field) && values[field].is_number_integer()) {
    return values[field].get<int64_t>();
  }
  if (before.is_object() && before.contains(field) &&
      before[field].is_number_integer()) {
    return before[field].get<int64_t>();
  }
  return fallback;
}

Status PrepareCampaign(const Scope& scope, const json&, const json& before,
                       json& values) {
  const bool creating = before.is_null();
  if (creating) {
    if (!values.contains("status")) values["status"] = "draft";
    if (!values.contains("attribution_days")) values["attribution_days"] = 30;
    if (!values.contains("control_percent")) values["control_percent"] = 10;
    if (!values.contains("cost_minor")) values["cost_minor"] = 0;
  }
  const bool drawn = !creating && !before["drawn_at"].is_null();
  for (const char* fixed : {"segment_id", "control_percent"}) {
    if (drawn && values.contains(fixed) && values[fixed] != before[fixed]) {
      return FieldError(fixed, std::string("the members were drawn: ") + fixed +
                                   " stays as it was");
    }
  }
  if (values.contains("segment_id") && !values["segment_id"].is_null() &&
      !LiveRecordExists(scope, "segments", values["segment_id"])) {
    return FieldError("segment_id",
                      "no segment " + values["segment_id"].dump());
  }
  const int64_t control = IntOr(values, before, "control_percent", 10);
  if (control < 0 || control > 50) {
    return FieldError("control_percent",
                      "the control group is 0 to 50 percent of the members");
  }
  const int64_t attribution = IntOr(values, before, "attribution_days", 30);
  if (attribution < 0 || attribution > 365) {
    return FieldError("attribution_days", "attribution is 0 to 365 days");
  }
  for (const char* money : {"budget_minor", "cost_minor"}) {
    if (values.contains(money) && values[money].is_number_integer() &&
        values[money].get<int64_t>() < 0) {
      return FieldError(money, std::string(money) + " must be >= 0");
    }
  }
  if (IntOr(values, before, "ends_at", 0) <
      IntOr(values, before, "starts_at", 0)) {
    return FieldError("ends_at", "a campaign ends after it starts");
  }
  return Status::Ok();
}

// A drawn campaign started with response models trained keeps what it is
// expected to bring, unless its draw kept it already
// (pipeline/campaign_expectation.h).
Status KeepExpectationOnStart(const Scope& scope, int64_t id, const json& body,
                              const json& values) {
  if (body.contains("lines")) {
    return FieldError("lines", "unknown field \"lines\"");
  }
  if (!values.contains("status") || values["status"] != "running") {
    return Status::Ok();
  }
  VAFA_ASSIGN_OR_RETURN(
      services::marketing::CampaignHead head,
      services::marketing::LoadCampaignHead(*scope.db, scope.workspace.id, id));
  if (!head.drawn) return Status::Ok();
  return pipeline::RecordCampaignExpectation(*scope.db, scope.workspace.id, id,
                                             store::NowSeconds())
      .status();
}

}  // namespace

EntityRoutes SegmentEntity() {
  EntityRoutes segments;
  segments.path = "segments";
  segments.resource = Resource::kMarketing;
  segments.def = services::marketing::SegmentTable();
  segments.prepare = PrepareSegment;
  segments.read_more = CountSegmentMembers;
  return segments;
}

EntityRoutes CampaignEntity() {
  EntityRoutes campaigns;
  campaigns.path = "campaigns";
  campaigns.resource = Resource::kMarketing;
  campaigns.def = services::marketing::CampaignTable();
  campaigns.prepare = PrepareCampaign;
  campaigns.write_more = KeepExpectationOnStart;
  return campaigns;
}

}  // namespace vafa::api
