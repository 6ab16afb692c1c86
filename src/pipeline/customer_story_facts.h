// What a customer's story (analytics/churn/customer_story.h) needs from the
// store beside the customer's scores: the parameters of the workspace's
// latest completed churn run, and the customer's purchase days up to it.
#ifndef VAFA_PIPELINE_CUSTOMER_STORY_FACTS_H_
#define VAFA_PIPELINE_CUSTOMER_STORY_FACTS_H_

#include <cstdint>
#include <optional>
#include <string>

#include "core/dates.h"
#include "core/result.h"
#include "store/database.h"

namespace vafa::pipeline {

// The parameters (JSON text, as the run stored them) of the latest
// completed run of `kind`; nullopt when there is none.
Result<std::optional<std::string>> LatestRunParameters(store::Database& db,
                                                       int64_t workspace_id,
                                                       const std::string& kind);

// A customer's purchase days (refunds and deleted orders left out) before
// `end`: how many distinct days, and the first and last order's instants.
struct PurchaseDays {
  int64_t days = 0;
  std::optional<UnixSeconds> first;  // nullopt: no purchase
  std::optional<UnixSeconds> last;
};
Result<PurchaseDays> PurchaseDaysBefore(store::Database& db,
                                        int64_t workspace_id,
                                        int64_t customer_id, UnixSeconds end);

}  // namespace vafa::pipeline

#endif  // VAFA_PIPELINE_CUSTOMER_STORY_FACTS_H_
