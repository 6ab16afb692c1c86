#include "demo/demo_sales.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "core/hash.h"
#include "services/sales/sales.h"
#include "services/sales/tasks.h"
#include "store/customer_repository.h"

namespace vafa::demo {
namespace {

using services::sales::DealState;
using services::sales::DealStatus;
using services::sales::Pipeline;

constexpr const char* kTeams[] = {"north", "south", "key-accounts"};

class Draw {
 public:
  explicit Draw(uint64_t seed) : seed_(seed) {}
  double operator()(uint64_t key, uint64_t purpose) const {
    return SeededDraw(seed_, key, purpose);
  }

 private:
  uint64_t seed_;
};

// The workspace's live customers, by id.
Result<std::vector<int64_t>> CustomerIds(store::Database& db,
                                         int64_t workspace_id) {
  std::vector<int64_t> ids;
  store::CustomerRepository customers(db);
  for (;;) {
    VAFA_ASSIGN_OR_RETURN(
        auto page,
        customers.List(workspace_id, ids.empty() ? 0 : ids.back(), 1000));
    if (page.empty()) break;
    for (const store::Customer& customer : page) ids.push_back(customer.id);
  }
  return ids;
}

// A deal's path from its opening at `at`: each stage advances, loses or
// stays, after 3 to 25 days, never past `now`.
Result<DealState> WalkDeal(
    const Pipeline& pipeline, const Draw& draw, uint64_t key, UnixSeconds at,
    UnixSeconds now, std::vector<std::pair<std::string, UnixSeconds>>& moves) {
  const char* const kLostReasons[] = {"price", "chose a competitor",
                                      "no budget", "no decision", "timing"};
  VAFA_ASSIGN_OR_RETURN(DealState state,
                        services::sales::OpenDeal(pipeline, "", at));
  moves = {{state.stage, at}};
  const double kAdvance[] = {0.75, 0.70, 0.65, 0.65};
  for (int step = 0; step < 4; ++step) {
    const UnixSeconds next =
        at + static_cast<UnixSeconds>(3 + draw(key, 10 + step) * 22) * 86400;
    if (next > now) break;
    const double d = draw(key, 20 + step);
    std::string to;
    std::string reason;
    if (d < kAdvance[step]) {
      to = step == 3 ? "won" : pipeline.stages[step + 1].key;
    } else if (d < kAdvance[step] + 0.15) {
      to = "lost";
      reason = kLostReasons[static_cast<int>(draw(key, 30 + step) * 5)];
    } else {
      break;
    }
    VAFA_ASSIGN_OR_RETURN(
        state, services::sales::MoveDeal(pipeline, state, to, reason, next));
    moves.push_back({to, next});
    at = next;
    if (state.status != DealStatus::kOpen) break;
  }
  return state;
}

// The deal of `customer`, its moves and, while it is open, its next step
// (due from 5 days ago to 14 days on).
Status OpenDemoDeal(store::Database& db, int64_t workspace_id,
                    const Pipeline& pipeline, const Draw& draw,
                    int64_t customer, UnixSeconds now) {
  const char* const kProducts[] = {
      "Annual supply contract", "Corporate gift order", "Branch fit-out",
      "Loyalty card rollout",   "Wholesale order",      "Service plan renewal"};
  const char* const kTaskKinds[] = {"call", "meeting", "visit", "email"};
  const uint64_t key = static_cast<uint64_t>(customer);
  const UnixSeconds created =
      now - static_cast<UnixSeconds>(draw(key, 2) * 240) * 86400 -
      static_cast<UnixSeconds>(draw(key, 3) * 36000);
  // 5 to 500 million, log-uniform, in whole millions.
  const int64_t value = static_cast<int64_t>(std::exp(
                            std::log(5.0) + draw(key, 4) * std::log(100.0))) *
                        1000000;
  std::vector<std::pair<std::string, UnixSeconds>> moves;
  VAFA_ASSIGN_OR_RETURN(DealState state,
                        WalkDeal(pipeline, draw, key, created, now, moves));
  UnixSeconds expected =
      created + static_cast<UnixSeconds>(45 + draw(key, 5) * 75) * 86400;
  if (state.status != DealStatus::kOpen) {
    expected = state.closed_at;
  } else if (expected < now && draw(key, 6) < 0.75) {
    expected = now + static_cast<UnixSeconds>(7 + draw(key, 7) * 90) * 86400;
  }
  const std::string team = kTeams[static_cast<int>(draw(key, 8) * 3)];
  const std::string title = kProducts[static_cast<int>(draw(key, 9) * 6)];
  VAFA_ASSIGN_OR_RETURN(
      int64_t deal_id,
      services::sales::InsertDeal(
          db, workspace_id, customer, "demo-deal-" + std::to_string(customer),
          title, pipeline.key, state, value, team, 0, 0, expected, created));
  std::string from;
  for (const auto& [stage, when] : moves) {
    VAFA_RETURN_IF_ERROR(services::sales::RecordDealMove(
        db, workspace_id, deal_id, from, stage, 0, when));
    from = stage;
  }
  if (state.status != DealStatus::kOpen) return Status::Ok();
  const UnixSeconds due =
      now + static_cast<UnixSeconds>((draw(key, 40) * 19 - 5) * 86400);
  return services::sales::InsertDealTask(
      db, workspace_id, customer, deal_id, "Follow up: " + title,
      kTaskKinds[static_cast<int>(draw(key, 41) * 4)], due, now);
}

// Leads not yet customers: 40 of them, in every status but converted.
Status OpenDemoLeads(store::Database& db, int64_t workspace_id,
                     const Draw& draw, UnixSeconds now) {
  const char* const kNames[] = {
      "مهسا کریمی", "آرش رضایی", "نگار احمدی", "بهرام صادقی", "لیلا موسوی",
      "کاوه حسینی", "سارا نوری", "پویا جعفری", "مینا قاسمی",  "رضا طاهری"};
  const char* const kCompanies[] = {"", "", "شرکت آرمان", "فروشگاه نیلوفر",
                                    "گروه صنعتی پارس"};
  const char* const kSources[] = {"web", "referral", "exhibition", "phone"};
  const char* const kStatuses[] = {"new", "new", "contacted", "qualified",
                                   "disqualified"};
  for (int i = 0; i < 40; ++i) {
    const uint64_t key = 1000000 + i;
    services::sales::NewLead lead;
    lead.estimated_value_minor =
        static_cast<int64_t>(2 + draw(key, 1) * 98) * 1000000;
    lead.created_at = now - static_cast<UnixSeconds>(draw(key, 2) * 60) * 86400;
    lead.external_id = "demo-lead-" + std::to_string(i + 1);
    lead.name = kNames[i % 10];
    lead.company = kCompanies[static_cast<int>(draw(key, 3) * 5)];
    lead.source = kSources[static_cast<int>(draw(key, 4) * 4)];
    lead.status = kStatuses[static_cast<int>(draw(key, 5) * 5)];
    lead.phone = "+98912" + std::to_string(1000000 + i * 7919);
    lead.team = kTeams[static_cast<int>(draw(key, 6) * 3)];
    if (lead.status == "disqualified") lead.disqualify_reason = "no budget";
    VAFA_RETURN_IF_ERROR(services::sales::InsertLead(db, workspace_id, lead));
  }
  return Status::Ok();
}

// Targets for this month and the next two, in both calendars: a fifth above
// what the pipeline lets expect (won plus weighted) in those months on
// average, in whole millions.
Status SetDemoTargets(store::Database& db, int64_t workspace_id,
                      UnixSeconds now) {
  const DayNumber today = DayOf(now);
  VAFA_ASSIGN_OR_RETURN(auto facts,
                        services::sales::LoadDealFacts(
                            db, workspace_id, services::sales::DealFilter{}));
  for (services::sales::SalesCalendar calendar :
       {services::sales::SalesCalendar::kGregorian,
        services::sales::SalesCalendar::kJalali}) {
    VAFA_ASSIGN_OR_RETURN(services::sales::Forecast coming,
                          services::sales::ComputeForecast(
                              facts, today, today + 61, today, calendar, {}));
    int64_t expected = 0;
    for (const services::sales::ForecastMonth& month : coming.months) {
      expected += month.expected_minor;
    }
    const int64_t months = static_cast<int64_t>(coming.months.size());
    const int64_t target = std::max<int64_t>(
        1000000, expected * 12 / 10 / months / 1000000 * 1000000);
    std::vector<services::sales::SalesTarget> targets;
    for (const services::sales::ForecastMonth& month : coming.months) {
      targets.push_back({month.month, "all", target});
    }
    VAFA_RETURN_IF_ERROR(
        services::sales::SaveSalesTargets(db, workspace_id, calendar, targets));
  }
  return Status::Ok();
}

}  // namespace

Result<int64_t> OpenDemoSales(store::Database& db, int64_t workspace_id,
                              uint64_t seed, UnixSeconds now) {
  VAFA_ASSIGN_OR_RETURN(std::vector<int64_t> customer_ids,
                        CustomerIds(db, workspace_id));
  const Draw draw(seed);
  const Pipeline pipeline = services::sales::DefaultPipeline();
  VAFA_RETURN_IF_ERROR(
      services::sales::SavePipeline(db, workspace_id, pipeline));
  // About one customer in eight has a deal, at most 400.
  int64_t deals = 0;
  for (int64_t customer : customer_ids) {
    if (deals >= 400) break;
    if (draw(static_cast<uint64_t>(customer), 1) >= 0.125) continue;
    VAFA_RETURN_IF_ERROR(
        OpenDemoDeal(db, workspace_id, pipeline, draw, customer, now));
    ++deals;
  }
  VAFA_RETURN_IF_ERROR(OpenDemoLeads(db, workspace_id, draw, now));
  VAFA_RETURN_IF_ERROR(SetDemoTargets(db, workspace_id, now));
  return deals;
}

}  // namespace vafa::demo
