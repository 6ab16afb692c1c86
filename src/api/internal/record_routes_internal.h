// The pieces the record routes share with the entities defined beside them
// (ticket_records.cc): an entity's routes and hooks, and the checks every
// entity uses.
#ifndef VAFA_API_RECORD_ROUTES_INTERNAL_H_
#define VAFA_API_RECORD_ROUTES_INTERNAL_H_

#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "api/access.h"
#include "store/record_table.h"

namespace vafa::api {

// The record routes serve store::RecordTable over the domains' TableDefs.
using store::CheckFields;
using store::FieldDef;
using store::FieldKind;
using store::ListQuery;
using store::Page;
using store::RecordTable;
using store::TableDef;
using store::TimeValue;

struct EntityRoutes {
  std::string path;  // "products"
  auth::Resource resource;
  TableDef def;
  // Checks and completes the columns before a write; `before` is null on a
  // create.
  std::function<Status(const Scope&, const nlohmann::json& body,
                       const nlohmann::json& before, nlohmann::json& values)>
      prepare;
  // Writes what belongs to the record outside its row (order lines).
  std::function<Status(const Scope&, int64_t id, const nlohmann::json& body,
                       const nlohmann::json& values)>
      write_more;
  // Adds what belongs to the record outside its row to a read.
  std::function<Status(const Scope&, nlohmann::json& record)> read_more;
  // Adds what a list shows beside each row (cheaper than read_more).
  std::function<Status(const Scope&, nlohmann::json& items)> list_more;
  // A sort on these columns needs a customer_id filter (an index on
  // (workspace, customer, time) serves it; the whole table has none).
  bool sort_needs_customer = false;
};

// A random external id ("api-0f3a…") for a record created without one.
std::string RandomId(std::string_view prefix);
// A customer_id in `values` must be a live customer of the workspace (422).
Status CheckCustomer(const Scope& scope, const nlohmann::json& values);
// A user id in `values[field]` (when present and not null) must be a
// member of the workspace (422 naming the field).
Status CheckMember(const Scope& scope, const nlohmann::json& values,
                   const std::string& field);

// Tickets: the record routes with the service desk's rules.
EntityRoutes TicketEntity();
// Deals, leads and tasks: the record routes with the sales rules.
EntityRoutes DealEntity();
EntityRoutes LeadEntity();
EntityRoutes TaskEntity();
// Segments and campaigns: the record routes with the marketing rules.
EntityRoutes SegmentEntity();
EntityRoutes CampaignEntity();
// Surveys: the record routes with their kind fixed.
EntityRoutes SurveyEntity();

}  // namespace vafa::api

#endif  // VAFA_API_RECORD_ROUTES_INTERNAL_H_
