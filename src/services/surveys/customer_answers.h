// A customer's survey answers as the customer's own pages show them (the
// 360 view): the latest first. A pulse's answers name no one, so they never
// appear here; nor do the answers of a deleted survey. Rows of other
// workspaces are never read. One query on
// survey_responses_customer.
#ifndef VAFA_SERVICES_SURVEYS_CUSTOMER_ANSWERS_H_
#define VAFA_SERVICES_SURVEYS_CUSTOMER_ANSWERS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/dates.h"
#include "core/result.h"
#include "store/database.h"

namespace vafa::services::surveys {

struct CustomerSurveyAnswer {
  int64_t survey_id = 0;
  std::string survey;            // its name
  std::string kind;              // nps | csat | ces | ...
  std::optional<int64_t> score;  // nullopt: only a comment
  std::string comment;           // "" when not given
  UnixSeconds answered_at = 0;
  std::optional<int64_t> ticket_id;  // the ticket it was asked about
};
// The customer's latest `limit` survey answers, newest first (ties: the
// later response first).
Result<std::vector<CustomerSurveyAnswer>> SurveyAnswersForCustomer(
    store::Database& db, int64_t workspace_id, int64_t customer_id, int limit);

}  // namespace vafa::services::surveys

#endif  // VAFA_SERVICES_SURVEYS_CUSTOMER_ANSWERS_H_
