// Surveys in the store (docs/surveys.md): checking and recording answers,
// the report of a survey broken down by month, branch, channel, RFM segment
// or (pulse) group, the history of readiness self-assessments, and the
// demo's surveys. Writes run in the caller's transaction.
#ifndef VAFA_SERVICES_SURVEYS_SURVEYS_H_
#define VAFA_SERVICES_SURVEYS_SURVEYS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/dates.h"
#include "core/result.h"
#include "services/surveys/scoring.h"
#include "store/database.h"

namespace vafa::services::surveys {

struct SurveyAnswer {
  int64_t customer_id = 0;  // 0: none (never for a pulse)
  int64_t ticket_id = 0;
  int64_t campaign_id = 0;
  std::string group;  // a pulse's team or branch
  std::string channel;
  std::string branch;
  std::optional<int> score;            // every kind but readiness
  std::map<std::string, int> answers;  // readiness
  std::string comment;
  UnixSeconds answered_at = 0;
};

// What answering and reporting need of a live survey.
struct SurveyHead {
  SurveyKind kind = SurveyKind::kNps;
  int min_group = 5;
  std::string status;  // open, closed
};
// NotFound ("survey 7 does not exist") when there is no live survey `id`.
Result<SurveyHead> LoadSurveyHead(store::Database& db, int64_t workspace_id,
                                  int64_t survey_id);

// The kind's rules: the score on its scale; a pulse names its group and no
// person, ticket or campaign; a readiness assessment answers every item.
// Errors name the field ("score", "answers.km3").
Status CheckSurveyAnswer(SurveyKind kind, const SurveyAnswer& answer);

// Records a checked answer to survey `survey_id`. Returns its id.
Result<int64_t> RecordSurveyAnswer(store::Database& db, int64_t workspace_id,
                                   int64_t survey_id,
                                   const SurveyAnswer& answer);

enum class SurveyBreakdown : uint8_t {
  kNone,
  kMonth,
  kBranch,
  kChannel,
  kSegment,
  kGroup
};
std::optional<SurveyBreakdown> ParseSurveyBreakdown(const std::string& name);

struct SurveyGroupResult {
  std::string key;
  int64_t responses = 0;
  std::optional<ScoreSummary> summary;  // withheld below min_group
};

struct ReadinessEntry {
  int64_t response_id = 0;
  UnixSeconds answered_at = 0;
  std::string group;  // who assessed: a team or unit
  ReadinessResult result;
};

struct SurveyReport {
  std::optional<ScoreSummary> overall;  // withheld below min_group (pulse)
  int64_t responses = 0;
  std::vector<SurveyGroupResult> groups;    // in key order
  std::vector<ReadinessEntry> assessments;  // readiness: oldest first
};

// Answers in [from, to). `min_group` withholds small groups of a pulse
// (every kind's groups for a pulse; other kinds show every group).
Result<SurveyReport> ComputeSurveyReport(store::Database& db,
                                         int64_t workspace_id,
                                         int64_t survey_id, SurveyKind kind,
                                         int min_group, SurveyBreakdown by,
                                         bool jalali, UnixSeconds from,
                                         UnixSeconds to);

// A survey as recorded elsewhere (another system, the demo). Returns its id.
struct NewSurvey {
  std::string name;
  std::string kind;  // nps, csat, ces, pulse, readiness
  std::string question;
  std::string status = "open";
  int min_group = 5;
  UnixSeconds created_at = 0;
};
Result<int64_t> CreateSurvey(store::Database& db, int64_t workspace_id,
                             const NewSurvey& survey);

}  // namespace vafa::services::surveys

#endif  // VAFA_SERVICES_SURVEYS_SURVEYS_H_
