#include "demo/demo_surveys.h"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/hash.h"
#include "services/customers/interactions.h"
#include "services/customers/orders.h"
#include "services/service/tickets.h"
#include "services/surveys/scoring.h"
#include "services/surveys/surveys.h"

namespace vafa::demo {
namespace {

using services::surveys::SurveyAnswer;

// Everything a part of the demo's surveys needs to write.
struct SurveyDemo {
  store::Database& db;
  int64_t workspace_id;
  uint64_t seed;
  UnixSeconds end;
  UnixSeconds now;
  int64_t written = 0;

  double Draw(uint64_t key, uint64_t purpose) const {
    return SeededDraw(seed, key, purpose);
  }
  Result<int64_t> MakeSurvey(const std::string& name, const std::string& kind,
                             const std::string& question) {
    return services::surveys::CreateSurvey(
        db, workspace_id,
        {.name = name, .kind = kind, .question = question, .created_at = now});
  }
  Status Answer(int64_t survey, const SurveyAnswer& answer) {
    VAFA_RETURN_IF_ERROR(
        services::surveys::RecordSurveyAnswer(db, workspace_id, survey, answer)
            .status());
    ++written;
    return Status::Ok();
  }
};

// NPS: about a third of last year's buyers, on their last order's channel
// and branch; complainers lean to detractors.
Status AnswerNps(SurveyDemo& demo) {
  VAFA_ASSIGN_OR_RETURN(
      int64_t nps,
      demo.MakeSurvey("Would you recommend us?", "nps",
                      "How likely are you to recommend us to a friend? "
                      "(0-10)"));
  struct LastOrder {
    UnixSeconds at = 0;
    std::string channel, branch;
  };
  std::unordered_map<int64_t, LastOrder> last;
  VAFA_ASSIGN_OR_RETURN(
      auto places, services::customers::OrderPlacesSince(
                       demo.db, demo.workspace_id, demo.end - 365 * 86400));
  for (services::customers::OrderPlace& place : places) {
    if (demo.Draw(static_cast<uint64_t>(place.customer_id), 1) >= 0.34) {
      continue;
    }
    LastOrder& l = last[place.customer_id];
    if (place.ordered_at >= l.at) {
      l = {place.ordered_at, std::move(place.channel), std::move(place.branch)};
    }
  }
  VAFA_ASSIGN_OR_RETURN(
      std::vector<int64_t> complained,
      services::customers::CustomersWhoComplained(demo.db, demo.workspace_id));
  const std::unordered_set<int64_t> complainers(complained.begin(),
                                                complained.end());
  std::vector<int64_t> respondents;
  for (const auto& [customer, order] : last) respondents.push_back(customer);
  std::sort(respondents.begin(), respondents.end());
  if (respondents.size() > 20000) respondents.resize(20000);
  for (int64_t customer : respondents) {
    const uint64_t key = static_cast<uint64_t>(customer);
    const LastOrder& order = last[customer];
    const double d = demo.Draw(key, 2);
    const bool complainer = complainers.contains(customer);
    const double detractor = complainer ? 0.6 : 0.2;
    const double passive = complainer ? 0.25 : 0.3;
    int score = d < detractor ? static_cast<int>(demo.Draw(key, 3) * 7)
                : d < detractor + passive
                    ? 7 + static_cast<int>(demo.Draw(key, 3) * 2)
                    : 9 + static_cast<int>(demo.Draw(key, 3) * 2);
    SurveyAnswer answer;
    answer.customer_id = customer;
    answer.score = std::min(score, 10);
    answer.channel = order.channel;
    answer.branch = order.branch;
    answer.answered_at =
        std::min(demo.end, order.at + static_cast<UnixSeconds>(
                                          (1 + demo.Draw(key, 4) * 6) * 86400));
    VAFA_RETURN_IF_ERROR(demo.Answer(nps, answer));
  }
  return Status::Ok();
}

// CSAT: every resolved ticket the customer rated.
Status AnswerCsat(SurveyDemo& demo) {
  VAFA_ASSIGN_OR_RETURN(
      int64_t csat,
      demo.MakeSurvey("Satisfaction with support", "csat",
                      "How satisfied are you with how we handled your "
                      "request? (1-5)"));
  VAFA_ASSIGN_OR_RETURN(auto rated, services::service::ListRatedTickets(
                                        demo.db, demo.workspace_id));
  for (const services::service::RatedTicket& ticket : rated) {
    SurveyAnswer answer;
    answer.ticket_id = ticket.id;
    answer.customer_id = ticket.customer_id;
    answer.score = ticket.satisfaction;
    answer.answered_at = ticket.resolved_at;
    answer.channel = ticket.channel;
    VAFA_RETURN_IF_ERROR(demo.Answer(csat, answer));
  }
  return Status::Ok();
}

// The employee pulse: six branches, one with only three answers.
Status AnswerPulse(SurveyDemo& demo) {
  VAFA_ASSIGN_OR_RETURN(
      int64_t pulse,
      demo.MakeSurvey("Monthly pulse", "pulse",
                      "I have what I need to serve customers well. (1-5)"));
  // The demo's branches, as its orders name them.
  const char* const kBranches[] = {"تهران - ونک", "تهران - تجریش", "اصفهان",
                                   "شیراز",       "مشهد",          "تبریز"};
  for (int b = 0; b < 6; ++b) {
    const int answers = b == 5 ? 3 : 6 + static_cast<int>(demo.Draw(b, 5) * 7);
    const double mood = 0.4 + 0.1 * b;  // branches differ
    for (int i = 0; i < answers; ++i) {
      const uint64_t key = 5000 + b * 100 + i;
      SurveyAnswer answer;
      answer.group = kBranches[b];
      answer.score =
          std::clamp(static_cast<int>(1 + demo.Draw(key, 6) * 3 +
                                      (demo.Draw(key, 7) < mood ? 2 : 0)),
                     1, 5);
      answer.answered_at =
          demo.end - static_cast<UnixSeconds>(demo.Draw(key, 8) * 20 * 86400);
      VAFA_RETURN_IF_ERROR(demo.Answer(pulse, answer));
    }
  }
  return Status::Ok();
}

// Two readiness self-assessments by the management team, six months
// apart: the second after a year with a CRM.
Status AnswerReadiness(SurveyDemo& demo) {
  VAFA_ASSIGN_OR_RETURN(
      int64_t readiness,
      demo.MakeSurvey("CRM readiness", "readiness",
                      "How ready is the organisation for CRM? (Sin, Tse & "
                      "Yim)"));
  for (int round = 0; round < 2; ++round) {
    SurveyAnswer answer;
    answer.group = "management team";
    answer.answered_at = demo.end - (round == 0 ? 200 : 20) * 86400;
    for (const services::surveys::ReadinessItem& item :
         services::surveys::ReadinessQuestionnaire()) {
      const bool improved =
          round == 1 &&
          (item.dimension ==
               services::surveys::ReadinessDimension::kKnowledgeManagement ||
           item.dimension ==
               services::surveys::ReadinessDimension::kTechnologyBasedCrm);
      const uint64_t key = Fnv1a64(item.key) + round;
      answer.answers[item.key] = std::clamp(
          3 + static_cast<int>(demo.Draw(key, 9) * 3) + (improved ? 2 : 0), 1,
          7);
    }
    VAFA_RETURN_IF_ERROR(demo.Answer(readiness, answer));
  }
  return Status::Ok();
}

}  // namespace

Result<int64_t> OpenDemoSurveys(store::Database& db, int64_t workspace_id,
                                uint64_t seed, UnixSeconds end) {
  SurveyDemo demo{db, workspace_id, seed, end, store::NowSeconds()};
  VAFA_RETURN_IF_ERROR(AnswerNps(demo));
  VAFA_RETURN_IF_ERROR(AnswerCsat(demo));
  VAFA_RETURN_IF_ERROR(AnswerPulse(demo));
  VAFA_RETURN_IF_ERROR(AnswerReadiness(demo));
  return demo.written;
}

}  // namespace vafa::demo
