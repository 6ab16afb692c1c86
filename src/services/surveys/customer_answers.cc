#include "services/surveys/customer_answers.h"

#include <soci/soci.h>

#include "store/customer_rows.h"
#include "store/sql_values.h"

namespace vafa::services::surveys {
namespace {

constexpr char kCustomerAnswers[] =
    "SELECT s.id, s.name, s.kind, r.score, r.comment, r.answered_at, "
    "r.ticket_id FROM survey_responses r JOIN surveys s ON s.workspace_id = "
    "r.workspace_id AND s.id = r.survey_id WHERE r.workspace_id = :w AND "
    "r.customer_id = :c AND s.deleted_at IS NULL ORDER BY r.answered_at "
    "DESC, r.id DESC LIMIT :n";

}  // namespace

Result<std::vector<CustomerSurveyAnswer>> SurveyAnswersForCustomer(
    store::Database& db, int64_t workspace_id, int64_t customer_id, int limit) {
  return store::ReadRowsOfCustomer<CustomerSurveyAnswer>(
      db, kCustomerAnswers, workspace_id, customer_id, limit,
      "reading survey answers", [](const soci::row& row) {
        return CustomerSurveyAnswer{.survey_id = store::RowInt(row, 0),
                                    .survey = store::RowText(row, 1),
                                    .kind = store::RowText(row, 2),
                                    .score = store::RowOptionalInt(row, 3),
                                    .comment = store::RowText(row, 4),
                                    .answered_at = store::RowInt(row, 5),
                                    .ticket_id = store::RowOptionalInt(row, 6)};
      });
}

}  // namespace vafa::services::surveys
