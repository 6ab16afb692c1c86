#include "services/surveys/surveys.h"

#include <soci/soci.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <unordered_set>

#include "core/hash.h"
#include "core/json_depth.h"
#include "store/sql_values.h"

namespace vafa::services::surveys {
namespace {

constexpr char kSurveyHead[] =
    "SELECT kind, min_group, status FROM surveys WHERE workspace_id = :w AND "
    "id = :i AND deleted_at IS NULL";
constexpr char kInsertSurvey[] =
    "INSERT INTO surveys (workspace_id, name, kind, question, status, "
    "min_group, created_at) VALUES (:w, :n, :k, :q, :s, :m, :c) RETURNING id";

using nlohmann::json;

std::string MonthOf(UnixSeconds at, bool jalali) {
  return (jalali ? FormatJalali(DayOf(at)) : FormatGregorian(DayOf(at)))
      .substr(0, 7);
}

std::string AnswersJson(const std::map<std::string, int>& answers) {
  json out = json::object();
  for (const auto& [key, value] : answers) out[key] = value;
  return out.dump();
}

std::map<std::string, int> ParseAnswers(const std::string& text) {
  std::map<std::string, int> answers;
  if (!JsonDepthWithin(text)) return answers;
  json parsed = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_object()) return answers;
  for (const auto& [key, value] : parsed.items()) {
    if (value.is_number_integer()) answers[key] = value.get<int>();
  }
  return answers;
}

}  // namespace

Status CheckSurveyAnswer(SurveyKind kind, const SurveyAnswer& answer) {
  if (kind == SurveyKind::kPulse) {
    // Anonymous by design: no person, ticket or campaign may ride along.
    if (answer.customer_id != 0 || answer.ticket_id != 0 ||
        answer.campaign_id != 0) {
      return Status::Refused(answer.customer_id != 0 ? "customer_id"
                             : answer.ticket_id != 0 ? "ticket_id"
                                                     : "campaign_id",
                             "a pulse answer names no one: it is anonymous");
    }
    if (answer.group.empty()) {
      return Status::Refused("group",
                             "a pulse answer names the team or branch it "
                             "counts for");
    }
  }
  if (answer.comment.size() > 5000) {
    return Status::Refused("comment", "a comment is at most 5000 bytes");
  }
  if (kind == SurveyKind::kReadiness) {
    if (answer.score) {
      return Status::Refused("score",
                             "a readiness assessment answers its items "
                             "(answers), not one score");
    }
    std::string error;
    if (!ScoreReadiness(answer.answers, &error)) {
      return Status::Refused("answers." + error,
                             "every item of the questionnaire, from 1 to 7");
    }
    return Status::Ok();
  }
  if (!answer.answers.empty()) {
    return Status::Refused("answers", "only a readiness assessment has items");
  }
  if (!answer.score || *answer.score < ScaleMin(kind) ||
      *answer.score > ScaleMax(kind)) {
    return Status::Refused(
        "score", "a " + std::string(SurveyKindName(kind)) + " score is " +
                     std::to_string(ScaleMin(kind)) + " to " +
                     std::to_string(ScaleMax(kind)));
  }
  return Status::Ok();
}

Result<SurveyHead> LoadSurveyHead(store::Database& db, int64_t workspace_id,
                                  int64_t survey_id) {
  SurveyHead survey;
  try {
    long long ws = workspace_id, wanted = survey_id;
    std::string kind;
    db.sql() << kSurveyHead, soci::use(ws), soci::use(wanted), soci::into(kind),
        soci::into(survey.min_group), soci::into(survey.status);
    if (!db.sql().got_data()) {
      return Status::NotFound("survey " + std::to_string(survey_id) +
                              " does not exist");
    }
    survey.kind = ParseSurveyKind(kind).value_or(SurveyKind::kNps);
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the survey", error);
  }
  return survey;
}

Result<int64_t> RecordSurveyAnswer(store::Database& db, int64_t workspace_id,
                                   int64_t survey_id,
                                   const SurveyAnswer& answer) {
  try {
    long long workspace = workspace_id, survey = survey_id,
              customer = answer.customer_id, ticket = answer.ticket_id,
              campaign = answer.campaign_id, at = answer.answered_at,
              created = store::NowSeconds(), id = 0;
    int score = answer.score.value_or(0);
    std::string answers =
        answer.answers.empty() ? "" : AnswersJson(answer.answers);
    auto null_if = [](bool empty) { return empty ? soci::i_null : soci::i_ok; };
    soci::indicator customer_null = null_if(customer == 0),
                    ticket_null = null_if(ticket == 0),
                    campaign_null = null_if(campaign == 0),
                    group_null = null_if(answer.group.empty()),
                    channel_null = null_if(answer.channel.empty()),
                    branch_null = null_if(answer.branch.empty()),
                    score_null = null_if(!answer.score),
                    answers_null = null_if(answers.empty()),
                    comment_null = null_if(answer.comment.empty());
    db.sql() << "INSERT INTO survey_responses (workspace_id, survey_id, "
                "customer_id, ticket_id, campaign_id, respondent_group, "
                "channel, branch, score, answers, comment, answered_at, "
                "created_at) VALUES (:w, :s, :c, :t, :k, :g, :ch, :b, :sc, "
                ":a, :co, :at, :cr) RETURNING id",
        soci::use(workspace), soci::use(survey),
        soci::use(customer, customer_null), soci::use(ticket, ticket_null),
        soci::use(campaign, campaign_null), soci::use(answer.group, group_null),
        soci::use(answer.channel, channel_null),
        soci::use(answer.branch, branch_null), soci::use(score, score_null),
        soci::use(answers, answers_null),
        soci::use(answer.comment, comment_null), soci::use(at),
        soci::use(created), soci::into(id);
    return static_cast<int64_t>(id);
  } catch (const std::exception& error) {
    return store::DatabaseError("recording the answer", error);
  }
}

std::optional<SurveyBreakdown> ParseSurveyBreakdown(const std::string& name) {
  if (name.empty() || name == "none") return SurveyBreakdown::kNone;
  if (name == "month") return SurveyBreakdown::kMonth;
  if (name == "branch") return SurveyBreakdown::kBranch;
  if (name == "channel") return SurveyBreakdown::kChannel;
  if (name == "segment") return SurveyBreakdown::kSegment;
  if (name == "group") return SurveyBreakdown::kGroup;
  return std::nullopt;
}

Result<SurveyReport> ComputeSurveyReport(store::Database& db,
                                         int64_t workspace_id,
                                         int64_t survey_id, SurveyKind kind,
                                         int min_group, SurveyBreakdown by,
                                         bool jalali, UnixSeconds from,
                                         UnixSeconds to) {
  SurveyReport report;
  std::vector<int> all;
  std::map<std::string, std::vector<int>> groups;
  try {
    long long workspace = workspace_id, survey = survey_id, a = from, b = to;
    soci::rowset<soci::row> rows =
        (db.sql().prepare
             << "SELECT r.id, r.score, r.answers, r.respondent_group, "
                "r.channel, r.branch, r.answered_at, s.label FROM "
                "survey_responses r LEFT JOIN scores s ON s.workspace_id = "
                "r.workspace_id AND s.customer_id = r.customer_id AND s.name "
                "= 'rfm_segment' WHERE r.workspace_id = :w AND r.survey_id = "
                ":s AND r.answered_at >= :a AND r.answered_at < :b ORDER BY "
                "r.answered_at, r.id",
         soci::use(workspace), soci::use(survey), soci::use(a), soci::use(b));
    for (const soci::row& row : rows) {
      ++report.responses;
      const UnixSeconds at = store::RowInt(row, 6);
      if (kind == SurveyKind::kReadiness) {
        std::string ignored;
        auto result =
            ScoreReadiness(ParseAnswers(store::RowText(row, 2)), &ignored);
        if (result) {
          report.assessments.push_back(
              {store::RowInt(row, 0), at, store::RowText(row, 3), *result});
        }
        continue;
      }
      if (store::RowIsNull(row, 1)) continue;
      const int score = static_cast<int>(store::RowInt(row, 1));
      all.push_back(score);
      std::string key;
      switch (by) {
        case SurveyBreakdown::kNone:
          continue;
        case SurveyBreakdown::kMonth:
          key = MonthOf(at, jalali);
          break;
        case SurveyBreakdown::kGroup:
          key = store::RowText(row, 3);
          break;
        case SurveyBreakdown::kChannel:
          key = store::RowText(row, 4);
          break;
        case SurveyBreakdown::kBranch:
          key = store::RowText(row, 5);
          break;
        case SurveyBreakdown::kSegment:
          key = store::RowText(row, 7);
          break;
      }
      groups[key.empty() ? "none" : key].push_back(score);
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the answers", error);
  }
  if (kind == SurveyKind::kReadiness) return report;
  const bool withhold = kind == SurveyKind::kPulse;
  if (!withhold || static_cast<int>(all.size()) >= min_group) {
    report.overall = Summarize(kind, all);
  }
  for (const auto& [key, scores] : groups) {
    SurveyGroupResult group{key, static_cast<int64_t>(scores.size()), {}};
    if (!withhold || static_cast<int>(scores.size()) >= min_group) {
      group.summary = Summarize(kind, scores);
    }
    report.groups.push_back(std::move(group));
  }
  return report;
}

Result<int64_t> CreateSurvey(store::Database& db, int64_t workspace_id,
                             const NewSurvey& survey) {
  try {
    long long workspace = workspace_id, created = survey.created_at, id = 0;
    db.sql() << kInsertSurvey, soci::use(workspace), soci::use(survey.name),
        soci::use(survey.kind), soci::use(survey.question),
        soci::use(survey.status), soci::use(survey.min_group),
        soci::use(created), soci::into(id);
    return static_cast<int64_t>(id);
  } catch (const std::exception& error) {
    return store::DatabaseError("writing the survey", error);
  }
}

}  // namespace vafa::services::surveys
