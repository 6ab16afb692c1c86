#include "demo/demo_tickets.h"

#include <string>
#include <vector>

#include "core/hash.h"
#include "services/service/tickets.h"
#include "services/service/work_calendar.h"

namespace vafa::demo {

Result<int64_t> OpenDemoComplaintTickets(store::Database& db,
                                         int64_t workspace_id, uint64_t seed) {
  using services::service::Priority;
  VAFA_ASSIGN_OR_RETURN(services::service::WorkCalendar calendar,
                        services::service::LoadWorkCalendar(db, workspace_id));
  VAFA_ASSIGN_OR_RETURN(services::service::SlaPolicy policy,
                        services::service::LoadSlaPolicy(db, workspace_id));
  VAFA_ASSIGN_OR_RETURN(
      auto complaints,
      services::service::ComplaintsWithoutTicket(db, workspace_id));
  // A deterministic draw in [0, 1) per complaint and purpose (the purpose
  // added unmixed, unlike SeededDraw: the demo's tickets stay as they were).
  auto draw = [seed](int64_t id, uint64_t purpose) {
    return UnitInterval(
        Mix64(seed * kGoldenGamma +
              static_cast<uint64_t>(id) * 0xBF58476D1CE4E5B9ULL + purpose));
  };
  const UnixSeconds now = store::NowSeconds();
  int64_t opened = 0;
  for (const services::service::UnticketedComplaint& c : complaints) {
    const int64_t id = c.interaction_id;
    services::service::RecordedTicket ticket;
    ticket.customer_id = c.customer_id;
    ticket.external_id = "complaint-" + std::to_string(id);
    ticket.subject = c.subject.empty() ? "complaint" : c.subject;
    ticket.type = "complaint";
    ticket.channel = "phone";
    ticket.category =
        c.subject.find("ارسال") != std::string::npos ? "delivery" : "product";
    ticket.priority = draw(id, 1) < 0.3 ? Priority::kHigh : Priority::kNormal;
    ticket.opened_at = c.at;
    // Answered within 0.1 to 8 business hours (so some answers are late).
    VAFA_ASSIGN_OR_RETURN(
        ticket.first_response_at,
        services::service::AddBusinessTime(
            calendar, c.at,
            static_cast<int64_t>((0.1 + 7.9 * draw(id, 2) * draw(id, 3)) *
                                 3600)));
    if (ticket.first_response_at > now) ticket.first_response_at = 0;
    if (c.outcome == "resolved" && ticket.first_response_at != 0) {
      VAFA_ASSIGN_OR_RETURN(
          ticket.resolved_at,
          services::service::AddBusinessTime(
              calendar, ticket.first_response_at,
              static_cast<int64_t>((1 + 40 * draw(id, 4) * draw(id, 5)) *
                                   3600)));
      if (ticket.resolved_at > now) {
        ticket.resolved_at = 0;
      } else {
        ticket.satisfaction = 1 + static_cast<int>(draw(id, 6) * 5);
        if (draw(id, 7) < 0.8) ticket.closed_at = ticket.resolved_at;
      }
    }
    VAFA_RETURN_IF_ERROR(services::service::InsertRecordedTicket(
                             db, workspace_id, ticket, calendar, policy)
                             .status());
    ++opened;
  }
  return opened;
}

}  // namespace vafa::demo
