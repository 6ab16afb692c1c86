// How survey answers become figures (docs/surveys.md): Net Promoter Score
// with its margin of error, customer satisfaction (CSAT) and effort (CES),
// employee pulse results shown only for groups large enough to keep answers
// anonymous, and the CRM-readiness self-assessment on the four dimensions
// of Sin, Tse & Yim (2005).
#ifndef VAFA_SERVICES_SURVEYS_SCORING_H_
#define VAFA_SERVICES_SURVEYS_SCORING_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vafa::services::surveys {

enum class SurveyKind : uint8_t { kNps, kCsat, kCes, kPulse, kReadiness };
std::string_view SurveyKindName(SurveyKind kind);
std::optional<SurveyKind> ParseSurveyKind(std::string_view name);
// The answer scale of a kind: NPS 0..10, CSAT 1..5, CES 1..7, pulse 1..5,
// readiness items 1..7.
int ScaleMin(SurveyKind kind);
int ScaleMax(SurveyKind kind);

struct ScoreSummary {
  int64_t responses = 0;
  double mean = 0;
  // NPS: promoters (9-10) minus detractors (0-6), in points (-100..100).
  // CSAT: the share answering 4 or 5, in percent. CES: the share answering
  // 5 to 7 (easy), in percent. Pulse: the share answering 4 or 5.
  double score = 0;
  // Half the width of the 95% interval of `score`, in the same units.
  double margin = 0;
  int64_t top = 0;     // promoters, satisfied, easy, favourable
  int64_t bottom = 0;  // detractors (NPS), 1-2 (CSAT, pulse), 1-3 (CES)
};

// Answers outside the kind's scale are the caller's to refuse; none gives
// responses = 0 and zeroes.
ScoreSummary Summarize(SurveyKind kind, const std::vector<int>& answers);

// Pulse results by group: groups under `min_group` responses are withheld
// (nullopt) so no one's answer can be singled out.
std::map<std::string, std::optional<ScoreSummary>> PulseByGroup(
    const std::map<std::string, std::vector<int>>& answers, int min_group);

// ---- CRM readiness --------------------------------------------------------

enum class ReadinessDimension : uint8_t {
  kKeyCustomerFocus,
  kCrmOrganisation,
  kKnowledgeManagement,
  kTechnologyBasedCrm,
};
std::string_view ReadinessDimensionName(ReadinessDimension dimension);

struct ReadinessItem {
  std::string key;  // "kcf1"
  ReadinessDimension dimension;
  std::string text_en;
  std::string text_fa;
};
// Sixteen statements, four on each dimension, each answered from 1
// (strongly disagree) to 7 (strongly agree).
const std::vector<ReadinessItem>& ReadinessQuestionnaire();

struct ReadinessResult {
  // Per dimension: (mean answer - 1) / 6 x 100, from 0 to 100.
  std::map<ReadinessDimension, double> dimensions;
  double overall = 0;  // the mean of the four
  ReadinessDimension weakest = ReadinessDimension::kKeyCustomerFocus;
};
// `answers` maps every item key to 1..7; a missing or unknown key or an
// answer off the scale is an error naming the key (in `error`).
std::optional<ReadinessResult> ScoreReadiness(
    const std::map<std::string, int>& answers, std::string* error);

}  // namespace vafa::services::surveys

#endif  // VAFA_SERVICES_SURVEYS_SCORING_H_
