// The routes over a workspace's data, one function per group; each route
// opens its Scope (access.h) first. Registered together by AddApiRoutes
// (routes.h).
#ifndef VAFA_API_DATA_ROUTES_H_
#define VAFA_API_DATA_ROUTES_H_

#include <nlohmann/json_fwd.hpp>

#include "api/access.h"
#include "core/json_writer.h"
#include "store/customer.h"

namespace vafa::services::marketing {
struct SegmentRules;
}  // namespace vafa::services::marketing

namespace vafa::services::service {
struct TicketAttachment;
}  // namespace vafa::services::service

namespace vafa::api {

// A customer as the API shows it to this scope's role: contact details and
// acquisition cost are null for roles that may not see them.
nlohmann::json CustomerJson(const store::Customer& customer,
                            const Scope& scope);
// The same customer written straight into `json`: the bytes of
// CustomerJson(customer, scope) printed by JsonResponse, with no tree of
// values (a page of customers is built this way).
void WriteCustomerJson(JsonWriter& json, const store::Customer& customer,
                       const Scope& scope);

// A ticket attachment's metadata as the API shows it (ticket_records.cc).
nlohmann::json TicketAttachmentJson(
    const services::service::TicketAttachment& attachment);

void AddCustomerRoutes(Router& router, const ApiContext& context);
// GET …/customers/{id}/360 (added by AddCustomerRoutes).
void AddCustomer360Route(Router& router, const ApiContext& context);
// The customer named by the path's {id} in the caller's workspace
// (NotFound otherwise, and when deleted unless `deleted_ok`).
Result<store::Customer> PathCustomer(const Scope& scope,
                                     const HttpRequest& request,
                                     bool deleted_ok);
// Whether `table` (a name of ours, never the caller's) has a row `id` in the
// caller's workspace that is not deleted.
bool LiveRecordExists(const Scope& scope, const std::string& table, int64_t id);
// The path's {id} when it names a live record of `table` in the caller's
// workspace; NotFound ("ticket 7 does not exist") otherwise, before any body
// is read, so a record of another workspace is never reached.
Result<int64_t> PathRecordId(const Scope& scope, const HttpRequest& request,
                             const std::string& table, std::string_view what);
// Products, orders (with lines) and interactions.
void AddRecordRoutes(Router& router, const ApiContext& context);
// Import batches (list, one, revert), the scores table and the audit log.
void AddWorkspaceDataRoutes(Router& router, const ApiContext& context);
// The saved column mappings of imports (import_profile_routes.cc).
void AddImportProfileRoutes(Router& router, const ApiContext& context);
void AddAnalyticsRoutes(Router& router, const ApiContext& context);
// Ticket replies and notes, SLA targets and holidays, the service report
// (the ticket records are among the record routes).
void AddServiceRoutes(Router& router, const ApiContext& context);
// The loyalty programme: rules, posting orders, accounts, liability.
void AddLoyaltyRoutes(Router& router, const ApiContext& context);
// Pipelines, the board, forecast, conversion, targets, converting a lead
// and the agenda (the lead, deal and task records are among the record
// routes).
void AddSalesRoutes(Router& router, const ApiContext& context);
// Segment previews and customers, drawing campaign members, responses, the
// campaign report and member list (the segment and campaign records are
// among the record routes).
void AddMarketingRoutes(Router& router, const ApiContext& context);
// Survey answers, reports and the readiness questionnaire (the survey
// records are among the record routes).
void AddSurveyRoutes(Router& router, const ApiContext& context);
// What needs the caller's attention: SLA warnings and breaches, overdue
// tasks and due reminders.
void AddNotificationRoutes(Router& router, const ApiContext& context);
// Duplicate customers: the scan, merges and their undo (duplicate_routes.cc).
void AddDuplicateRoutes(Router& router, const ApiContext& context);
// Message channels (with a test send) and templates (with a preview for
// one customer) (messaging_routes.cc).
void AddMessagingRoutes(Router& router, const ApiContext& context);
// The workspace's messaging rules: quiet hours, the weekly cap and the
// tracking switches, read and changed field by field
// (messaging_rules_routes.cc).
void AddMessagingRulesRoutes(Router& router, const ApiContext& context);
// Queueing campaign messages and satisfaction requests, the outbox, and
// each customer's messages and consent (outbox_routes.cc).
void AddOutboxRoutes(Router& router, const ApiContext& context);
// The public page of a marketing message's unsubscribe link, GET and POST
// /unsubscribe/{token} (unsubscribe_routes.cc).
void AddUnsubscribeRoutes(Router& router, const ApiContext& context);
// The public open pixel and tracked-link redirect of marketing messages,
// GET /open/{token} and /link/{token}/{index} (tracking_routes.cc).
void AddTrackingRoutes(Router& router, const ApiContext& context);
// Incoming SMS from a gateway, with opt-out keywords, POST
// …/sms-inbound (sms_inbound_routes.cc).
void AddSmsInboundRoutes(Router& router, const ApiContext& context);
// …/message-channels/{id}/delivery-reports (delivery_report_routes.cc).
void AddDeliveryReportRoutes(Router& router, const ApiContext& context);
// Rules that read a score need analytics read, a money score money_scores
// too (403 naming "rules").
Status CheckSegmentAccess(const Scope& scope,
                          const services::marketing::SegmentRules& rules);

}  // namespace vafa::api

#endif  // VAFA_API_DATA_ROUTES_H_
