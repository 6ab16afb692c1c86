// Reads of the scores table that analysis runs write (score_writer.h): the
// latest value of each named score per customer. Rows of other workspaces
// are never read. Whether a caller may see a money score (clv, ...) is the
// caller's rule, not this file's.
#ifndef VAFA_PIPELINE_SCORE_READS_H_
#define VAFA_PIPELINE_SCORE_READS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/dates.h"
#include "core/result.h"
#include "store/database.h"

namespace vafa::pipeline {

struct CustomerScore {
  std::string name;  // e.g. "rfm_segment"
  std::optional<double> value;
  std::optional<std::string> label;
  UnixSeconds computed_at = 0;
};
// Every score the customer has, by name.
Result<std::vector<CustomerScore>> ScoresForCustomer(store::Database& db,
                                                     int64_t workspace_id,
                                                     int64_t customer_id);

// One page of a score's values over the workspace's live customers (the
// scores table's list), in keyset order.
enum class ScoreOrder { kCustomer, kValueAscending, kValueDescending };
struct ScorePageQuery {
  std::string name;                   // the score, e.g. "clv"
  std::string label;                  // "": any label
  std::vector<std::string> segments;  // "": any RFM segment; else one of these
  ScoreOrder order = ScoreOrder::kCustomer;
  // The last row of the previous page (its value is ignored in customer
  // order); nullopt: the first page.
  struct After {
    double value = 0;
    int64_t customer_id = 0;
  };
  std::optional<After> after;
  int limit = 100;
};
struct ScoreOfCustomer {
  int64_t customer_id = 0;
  std::optional<double> value;
  std::optional<std::string> label;
  UnixSeconds computed_at = 0;
};
// At most `limit` rows after `after`: by customer id, or by value (then
// customer id) where customers without a value are left out. Deleted
// customers are left out.
Result<std::vector<ScoreOfCustomer>> ScorePage(store::Database& db,
                                               int64_t workspace_id,
                                               const ScorePageQuery& query);

// How the workspace's live customers spread over the labels of score
// `name`: per label, how many and their mean value; with `measure` (another
// score's name, "" for none) that score's sum and mean over the label's
// customers (revenue per RFM segment, say). The largest group first, ties
// by label.
struct ScoreGroup {
  std::optional<std::string> label;  // nullopt: customers with no label
  int64_t customers = 0;
  std::optional<double> mean_value;
  std::optional<double> measure_sum;  // nullopt without a measure or values
  std::optional<double> measure_mean;
};
Result<std::vector<ScoreGroup>> ScoreGroups(store::Database& db,
                                            int64_t workspace_id,
                                            const std::string& name,
                                            const std::string& measure);

}  // namespace vafa::pipeline

#endif  // VAFA_PIPELINE_SCORE_READS_H_
