// Leads, deals and tasks as records (the six routes of every entity) with
// the sales rules (docs/sales.md): a deal opens at an open stage of its
// pipeline and every stage it enters is recorded; a lost deal needs a
// reason; a converted lead stays converted; a finished call, meeting, visit
// or e-mail task is logged on the customer's timeline. The board, the
// forecast, targets and converting a lead are in sales_routes.cc.
#include <nlohmann/json.hpp>
#include <optional>
#include <string_view>

#include "api/internal/data_routes.h"
#include "api/internal/record_routes_internal.h"
#include "api/json_io.h"
#include "core/phone.h"
#include "services/sales/record_tables.h"
#include "services/sales/sales.h"
#include "services/sales/tasks.h"
#include "services/service/ticket_records.h"
#include "store/sql_values.h"

namespace vafa::api {
namespace {

using auth::Access;
using auth::Resource;
using nlohmann::json;

// A record id in `values[field]` must be a live record of the workspace.
Status CheckLinked(const Scope& scope, const json& values,
                   const std::string& field, const std::string& table) {
  if (!values.contains(field) || values[field].is_null()) return Status::Ok();
  const int64_t id = values[field].get<int64_t>();
  if (!LiveRecordExists(scope, table, id)) {
    return FieldError(field, "no " + field.substr(0, field.size() - 3) + " " +
                                 std::to_string(id));
  }
  return Status::Ok();
}

Status CheckNotNegative(const json& values, const char* field) {
  if (values.contains(field) && !values[field].is_null() &&
      values[field].get<int64_t>() < 0) {
    return FieldError(field, std::string(field) + " must be >= 0");
  }
  return Status::Ok();
}

// ---- deals ----------------------------------------------------------------

services::sales::DealState StateOf(const json& deal) {
  services::sales::DealState state;
  state.stage = deal.value("stage", "");
  state.status = services::sales::ParseDealStatus(deal.value("status", "open"))
                     .value_or(services::sales::DealStatus::kOpen);
  state.probability = deal.value("probability", 0);
  state.stage_entered_at = deal.value("stage_entered_at", int64_t{0});
  state.closed_at = deal["closed_at"].is_number_integer()
                        ? deal["closed_at"].get<int64_t>()
                        : 0;
  state.close_reason = deal["close_reason"].is_string()
                           ? deal["close_reason"].get<std::string>()
                           : "";
  return state;
}

// Opens a deal at its stage or moves it: status, probability, closing and
// the time it entered the stage follow from the pipeline. `values` keeps
// "stage" only when the deal enters a stage (write_more records the move).
Status PrepareDeal(const Scope& scope, const json&, const json& before,
                   json& values) {
  VAFA_RETURN_IF_ERROR(CheckCustomer(scope, values));
  VAFA_RETURN_IF_ERROR(CheckMember(scope, values, "owner_user_id"));
  VAFA_RETURN_IF_ERROR(CheckNotNegative(values, "value_minor"));
  const bool creating = before.is_null();
  const int64_t now = store::NowSeconds();
  if (!creating) {
    for (const char* fixed : {"customer_id", "pipeline"}) {
      if (values.contains(fixed) && values[fixed] != before[fixed]) {
        return FieldError(fixed, std::string("a deal keeps its ") + fixed);
      }
    }
  }
  const std::string key = creating ? values.value("pipeline", "sales")
                                   : before["pipeline"].get<std::string>();
  auto pipeline =
      services::sales::LoadPipeline(*scope.db, scope.workspace.id, key);
  if (!pipeline.ok()) {
    return FieldError("pipeline", pipeline.status().message());
  }
  // "status" is a shortcut to the pipeline's won, first lost or first open
  // stage.
  std::string stage = values.value("stage", "");
  if (values.contains("status")) {
    const std::string status = values["status"];
    const services::sales::DealState current =
        creating ? services::sales::DealState{} : StateOf(before);
    const std::string want = status == "won"    ? pipeline->Won().key
                             : status == "lost" ? pipeline->FirstLost().key
                                                : pipeline->FirstOpen().key;
    const bool already =
        !creating && services::sales::DealStatusName(current.status) == status;
    if (!stage.empty()) {
      const services::sales::Stage* named = pipeline->Find(stage);
      if (named != nullptr &&
          services::sales::DealStatusName(named->outcome) != status) {
        return FieldError(
            "status",
            "stage \"" + stage + "\" is " +
                std::string(services::sales::DealStatusName(named->outcome)) +
                ", not " + status);
      }
    } else if (!already) {
      stage = want;
    }
    values.erase("status");
  }
  const std::string reason = values.value("close_reason", "");
  services::sales::DealState state;
  if (creating) {
    // A deal recorded as already won or lost opens and closes at once.
    const services::sales::Stage* target = pipeline->Find(stage);
    if (target != nullptr &&
        target->outcome != services::sales::DealStatus::kOpen) {
      VAFA_ASSIGN_OR_RETURN(services::sales::DealState opened,
                            services::sales::OpenDeal(*pipeline, "", now));
      VAFA_ASSIGN_OR_RETURN(state, services::sales::MoveDeal(
                                       *pipeline, opened, stage, reason, now));
    } else {
      VAFA_ASSIGN_OR_RETURN(state,
                            services::sales::OpenDeal(*pipeline, stage, now));
    }
    if (!values.contains("external_id")) values["external_id"] = RandomId("d-");
    values["pipeline"] = pipeline->key;
    if (!values.contains("owner_user_id")) {
      values["owner_user_id"] = scope.caller.user.id;
    }
  } else {
    const services::sales::DealState current = StateOf(before);
    if (stage.empty() || stage == current.stage) {
      // No move: a reason may still be given or changed on a closed deal.
      values.erase("stage");
      if (values.contains("close_reason") &&
          current.status == services::sales::DealStatus::kOpen) {
        return FieldError("close_reason", "an open deal has no close reason");
      }
      if (values.contains("close_reason") &&
          current.status == services::sales::DealStatus::kLost &&
          reason.empty()) {
        return FieldError("close_reason", "a lost deal needs a reason");
      }
      return Status::Ok();
    }
    VAFA_ASSIGN_OR_RETURN(
        state, services::sales::MoveDeal(
                   *pipeline, current, stage,
                   reason.empty() ? current.close_reason : reason, now));
  }
  values["stage"] = state.stage;
  values["status"] = std::string(services::sales::DealStatusName(state.status));
  values["probability"] = state.probability;
  values["stage_entered_at"] = state.stage_entered_at;
  values["closed_at"] = state.closed_at == 0 ? json() : json(state.closed_at);
  values["close_reason"] =
      state.close_reason.empty() ? json() : json(state.close_reason);
  return Status::Ok();
}

// Records the stage the deal entered (prepare left "stage" only then).
Status WriteDealMove(const Scope& scope, int64_t id, const json&,
                     const json& values) {
  if (!values.contains("stage")) return Status::Ok();
  VAFA_ASSIGN_OR_RETURN(
      std::string from,
      services::sales::LastDealStage(*scope.db, scope.workspace.id, id));
  return services::sales::RecordDealMove(
      *scope.db, scope.workspace.id, id, from, values["stage"],
      scope.caller.user.id, values.value("stage_entered_at", int64_t{0}));
}

// The stages the deal entered, oldest first.
Status ReadDealMoves(const Scope& scope, json& record) {
  VAFA_ASSIGN_OR_RETURN(
      std::vector<services::sales::DealMove> moves,
      services::sales::ListDealMoves(*scope.db, scope.workspace.id,
                                     record["id"].get<int64_t>()));
  json list = json::array();
  for (const services::sales::DealMove& move : moves) {
    list.push_back(
        {{"from", move.from.empty() ? json() : json(move.from)},
         {"to", move.to},
         {"user_id", move.user_id == 0 ? json() : json(move.user_id)},
         {"at", move.at}});
  }
  record["moves"] = std::move(list);
  return Status::Ok();
}

// ---- leads ----------------------------------------------------------------

Status PrepareLead(const Scope& scope, const json&, const json& before,
                   json& values) {
  VAFA_RETURN_IF_ERROR(CheckMember(scope, values, "owner_user_id"));
  VAFA_RETURN_IF_ERROR(CheckNotNegative(values, "estimated_value_minor"));
  const bool creating = before.is_null();
  if (!creating && before["status"] == "converted" && !values.empty()) {
    return FieldError("status",
                      "a converted lead stays as it was; change its customer "
                      "or deal instead");
  }
  if (creating && !values.contains("external_id")) {
    values["external_id"] = RandomId("l-");
  }
  if (creating && !values.contains("status")) values["status"] = "new";
  if (creating && !values.contains("owner_user_id")) {
    values["owner_user_id"] = scope.caller.user.id;
  }
  if (values.contains("phone") && values["phone"].is_string() &&
      !values["phone"].get<std::string>().empty()) {
    auto phone = NormalizePhone(values["phone"].get<std::string>());
    if (!phone.ok()) return FieldError("phone", phone.status().message());
    values["phone"] = *phone;
  }
  if (values.contains("email") && values["email"].is_string()) {
    const std::string email = values["email"];
    if (!email.empty() && (email.find('@') == std::string::npos ||
                           email.find(' ') != std::string::npos)) {
      return FieldError("email", "not an e-mail address");
    }
  }
  const std::string status =
      values.value("status", creating ? "new" : before.value("status", "new"));
  const json& reason = values.contains("disqualify_reason")
                           ? values["disqualify_reason"]
                           : (creating ? json() : before["disqualify_reason"]);
  if (status == "disqualified" &&
      (!reason.is_string() || reason.get<std::string>().empty())) {
    return FieldError("disqualify_reason",
                      "a disqualified lead needs a reason");
  }
  if (status != "disqualified" && values.contains("status")) {
    values["disqualify_reason"] = nullptr;
  }
  return Status::Ok();
}

// Leads' phone and e-mail are contact details.
Status RedactLead(const Scope& scope, json& lead) {
  if (!scope.Can(Resource::kContactDetails, Access::kRead)) {
    lead["phone"] = nullptr;
    lead["email"] = nullptr;
  }
  return Status::Ok();
}

// ---- tasks ----------------------------------------------------------------

Status PrepareTask(const Scope& scope, const json&, const json& before,
                   json& values) {
  VAFA_RETURN_IF_ERROR(CheckCustomer(scope, values));
  VAFA_RETURN_IF_ERROR(CheckLinked(scope, values, "deal_id", "deals"));
  VAFA_RETURN_IF_ERROR(CheckLinked(scope, values, "ticket_id", "tickets"));
  VAFA_RETURN_IF_ERROR(CheckMember(scope, values, "owner_user_id"));
  const bool creating = before.is_null();
  if (creating) {
    if (!values.contains("kind")) values["kind"] = "todo";
    if (!values.contains("status")) values["status"] = "open";
    if (!values.contains("owner_user_id")) {
      values["owner_user_id"] = scope.caller.user.id;
    }
  }
  // A task on a deal or ticket is about that deal's or ticket's customer.
  for (const char* field : {"deal_id", "ticket_id"}) {
    if (!values.contains(field) || values[field].is_null()) continue;
    const int64_t id = values[field].get<int64_t>();
    VAFA_ASSIGN_OR_RETURN(
        std::optional<int64_t> linked,
        std::string_view(field) == "deal_id"
            ? services::sales::DealCustomer(*scope.db, scope.workspace.id, id)
            : services::service::TicketCustomer(*scope.db, scope.workspace.id,
                                                id));
    const int64_t customer = linked.value_or(0);
    const json current = values.contains("customer_id")
                             ? values["customer_id"]
                             : (creating ? json() : before["customer_id"]);
    if (current.is_null()) {
      values["customer_id"] = customer;
    } else if (current.get<int64_t>() != customer) {
      return FieldError(field, std::string(field) + " " + std::to_string(id) +
                                   " belongs to another customer");
    }
  }
  const std::string was = creating ? "" : before.value("status", "open");
  const std::string status = values.value("status", was);
  const int64_t now = store::NowSeconds();
  if (status == "done" && was != "done") values["done_at"] = now;
  if (status != "done" && was == "done") values["done_at"] = nullptr;
  const json remind = values.contains("remind_at")
                          ? values["remind_at"]
                          : (creating ? json() : before["remind_at"]);
  const json due = values.contains("due_at")
                       ? values["due_at"]
                       : (creating ? json() : before["due_at"]);
  if (remind.is_number_integer() && due.is_number_integer() &&
      remind.get<int64_t>() > due.get<int64_t>()) {
    return FieldError("remind_at", "a reminder comes before the task is due");
  }
  return Status::Ok();
}

// A finished call, meeting, visit or e-mail is logged on the customer's
// timeline once, as an interaction the task points to.
Status LogTaskActivity(const Scope& scope, int64_t id, const json&,
                       const json& values) {
  if (values.value("status", "") != "done") return Status::Ok();
  return services::sales::LogFinishedActivity(*scope.db, scope.workspace.id, id,
                                              scope.caller.user.id,
                                              store::NowSeconds());
}

}  // namespace

EntityRoutes DealEntity() {
  EntityRoutes deals;
  deals.path = "deals";
  deals.resource = Resource::kSales;
  deals.def = services::sales::DealTable();
  deals.prepare = PrepareDeal;
  deals.write_more = WriteDealMove;
  deals.read_more = ReadDealMoves;
  return deals;
}

EntityRoutes LeadEntity() {
  EntityRoutes leads;
  leads.path = "leads";
  leads.resource = Resource::kSales;
  leads.def = services::sales::LeadTable();
  leads.prepare = PrepareLead;
  leads.read_more = RedactLead;
  leads.list_more = [](const Scope& scope, json& items) {
    for (json& item : items) VAFA_RETURN_IF_ERROR(RedactLead(scope, item));
    return Status::Ok();
  };
  return leads;
}

EntityRoutes TaskEntity() {
  EntityRoutes tasks;
  tasks.path = "tasks";
  tasks.resource = Resource::kTasks;
  tasks.def = services::sales::TaskTable();
  tasks.prepare = PrepareTask;
  tasks.write_more = LogTaskActivity;
  return tasks;
}

}  // namespace vafa::api
