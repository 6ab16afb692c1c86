// Segment rules (docs/marketing.md): a list of conditions over customer
// fields, order history and scores, all of which (or any of which) a
// customer must meet, e.g.
//
//   {"match": "all", "conditions": [
//      {"field": "rfm_segment", "op": "in", "value": ["At risk"]},
//      {"field": "clv", "op": ">", "value": 5000000},
//      {"field": "city", "op": "=", "value": "تهران"}]}
//
// Parsed and checked here (errors name "conditions[1].op"), then compiled
// to one SQL condition over the customers table (alias c) that the store
// evaluates, so a segment of a million customers never leaves the database.
#ifndef VAFA_SERVICES_MARKETING_SEGMENT_RULES_H_
#define VAFA_SERVICES_MARKETING_SEGMENT_RULES_H_

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "core/dates.h"
#include "core/result.h"

namespace vafa::services::marketing {

enum class SegmentField : uint8_t {
  kCustomerText,        // city, province, kind, gender, acquisition_channel,
                        // language
  kJoinedAt,            // the customer's joined_at (dates)
  kOrdersCount,         // orders_count: orders on record
  kDaysSinceLastOrder,  // days_since_last_order (none: no match)
  kScore,               // any other name: a score of the latest analysis
};

struct SegmentCondition {
  std::string field;
  SegmentField kind = SegmentField::kScore;
  // =, !=, in, not_in (text); >, >=, <, <=, between (numbers and dates);
  // top (the N highest of a score); exists (has the score).
  std::string op;
  std::vector<std::string> texts;
  std::vector<double> numbers;  // dates as Unix seconds
};

struct SegmentRules {
  bool match_all = true;
  std::vector<SegmentCondition> conditions;  // none: every customer
};

Result<SegmentRules> ParseSegmentRules(const nlohmann::json& rules);

// The score names the rules read (for the caller's permission checks).
std::vector<std::string> ScoresUsed(const SegmentRules& rules);

// One SQL condition over `customers c` of workspace `workspace_id` as of
// `now` (order history up to then): text values are placeholders :g0, :g1, … in
// `texts` order (bind them in that order after any placeholder before the
// condition); numbers are written into the text.
struct SegmentSql {
  std::string where;
  std::vector<std::string> texts;
};
SegmentSql CompileSegment(const SegmentRules& rules, int64_t workspace_id,
                          UnixSeconds now);

}  // namespace vafa::services::marketing

#endif  // VAFA_SERVICES_MARKETING_SEGMENT_RULES_H_
