#include "pipeline/response_training.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <vector>

#include "pipeline/campaign_history.h"
#include "pipeline/score_writer.h"

namespace vafa::pipeline {
namespace {

namespace response = analytics::response;
using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

nlohmann::json NumberOrNull(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

// The score at which the top `share` of `values` begins (+inf when empty).
double TopShareLine(std::vector<double> values, double share) {
  if (values.empty()) return INFINITY;
  const auto top = static_cast<size_t>(
      std::max<double>(1.0, std::floor(share * values.size())));
  std::nth_element(values.begin(), values.begin() + (top - 1), values.end(),
                   std::greater<>());
  return values[top - 1];
}

// The two score columns of the customers in `now` and the audience sizes.
std::vector<ScoreColumn> ScoreColumns(const std::vector<double>& respond,
                                      const std::vector<double>& uplift,
                                      ResponseTrainingReport& report) {
  ScoreColumn probability{"response_probability", respond, {}};
  ScoreColumn predicted{"predicted_uplift", uplift, {}};
  const double respond_line = TopShareLine(respond, kAudienceShare);
  const double uplift_line = TopShareLine(uplift, kAudienceShare);
  probability.label.resize(respond.size());
  predicted.label.resize(uplift.size());
  for (size_t i = 0; i < respond.size(); ++i) {
    if (respond[i] >= respond_line) {
      probability.label[i] = "predicted_responder";
      ++report.predicted_responders;
    }
    if (uplift[i] > 0 && uplift[i] >= uplift_line) {
      predicted.label[i] = "persuadable";
      ++report.persuadable;
    } else if (uplift[i] < 0) {
      predicted.label[i] = "do_not_disturb";
      ++report.do_not_disturb;
    }
  }
  return {std::move(probability), std::move(predicted)};
}

nlohmann::json Parameters(const ResponseTrainingOptions& options) {
  return {{"campaign_type", options.goal},
          {"holdout_campaigns", options.training.holdout_campaigns},
          {"holdout_share", options.training.holdout_share},
          {"now", options.now}};
}

constexpr int kDriversPerAudience = 3;

// The drivers of the three audiences the labels of `columns` mark, and a
// third column: each customer's uplift drivers (label: the features that
// move their predicted uplift most in its sign's direction; value: the
// strongest one's contribution).
Status FindDrivers(const response::CampaignTraining& training,
                   const response::CampaignMemberRows& now,
                   std::vector<ScoreColumn>& columns,
                   ResponseTrainingReport& report) {
  VAFA_ASSIGN_OR_RETURN(
      std::vector<float> respond_parts,
      training.response_model->Contributions(now.x, now.rows));
  VAFA_ASSIGN_OR_RETURN(std::vector<float> uplift_parts,
                        training.uplift_model->Contributions(now.x, now.rows));
  auto marked = [](const ScoreColumn& column, const std::string& label) {
    std::vector<uint8_t> in(column.label.size());
    for (size_t i = 0; i < in.size(); ++i) in[i] = column.label[i] == label;
    return in;
  };
  report.drivers[0] = response::AudienceDrivers(
      respond_parts, now.x, now.cols, marked(columns[0], "predicted_responder"),
      +1, kDriversPerAudience);
  report.drivers[1] = response::AudienceDrivers(
      uplift_parts, now.x, now.cols, marked(columns[1], "persuadable"), +1,
      kDriversPerAudience);
  report.drivers[2] = response::AudienceDrivers(
      uplift_parts, now.x, now.cols, marked(columns[1], "do_not_disturb"), -1,
      kDriversPerAudience);
  const auto n = static_cast<size_t>(now.rows);
  ScoreColumn drivers{"uplift_drivers", std::vector<double>(n, NAN),
                      std::vector<std::string>(n)};
  for (size_t i = 0; i < n; ++i) {
    const float* row = &uplift_parts[i * (now.cols + 1)];
    const int direction = columns[1].value[i] < 0 ? -1 : +1;
    drivers.label[i] = response::CustomerDrivers(row, now.cols, direction,
                                                 kDriversPerAudience);
    if (drivers.label[i].empty()) continue;
    float strongest = 0;
    for (int j = 0; j < now.cols; ++j) {
      if (row[j] * direction > strongest * direction) strongest = row[j];
    }
    drivers.value[i] = strongest;
  }
  columns.push_back(std::move(drivers));
  return Status::Ok();
}

nlohmann::json DriversJson(
    const std::vector<response::AudienceDriver>& drivers) {
  nlohmann::json out = nlohmann::json::array();
  for (const response::AudienceDriver& d : drivers) {
    out.push_back({{"feature", response::kDrawFeatureNames[d.feature]},
                   {"contribution", NumberOrNull(d.contribution)},
                   {"audience_mean", NumberOrNull(d.audience_mean)},
                   {"overall_mean", NumberOrNull(d.overall_mean)},
                   {"en", response::DescribeDriver(d, "en")},
                   {"fa", response::DescribeDriver(d, "fa")}});
  }
  return out;
}

double SpendPerBuyer(const response::CampaignMemberRows& rows) {
  double spend = 0;
  int64_t buyers = 0;
  for (int64_t i = 0; i < rows.rows; ++i) {
    if (rows.treated[i] == 0 || rows.bought[i] == 0) continue;
    spend += static_cast<double>(rows.revenue[i]);
    ++buyers;
  }
  return buyers > 0 ? spend / static_cast<double>(buyers) : NAN;
}

}  // namespace

Result<ResponseTrainingReport> TrainResponseModels(
    store::Database& db, int64_t workspace_id,
    const ResponseTrainingOptions& options) {
  const int64_t started_at = store::NowSeconds();
  const auto started = Clock::now();
  ResponseTrainingReport report;
  CampaignHistoryOptions history_options;
  history_options.now = options.now;
  history_options.goal = options.goal;
  history_options.threads = options.threads;
  history_options.score_now = options.store;
  VAFA_ASSIGN_OR_RETURN(CampaignHistory history,
                        LoadCampaignHistory(db, workspace_id, history_options));
  report.finished_campaigns = history.finished_campaigns;
  report.members = history.rows.rows;
  report.spend_per_buyer = SpendPerBuyer(history.rows);
  report.seconds_features = SecondsSince(started);
  const auto training_started = Clock::now();
  response::TrainingOptions training = options.training;
  training.learn.trees.threads = options.threads;
  VAFA_ASSIGN_OR_RETURN(
      report.training,
      response::TrainOnCampaigns(history.rows, history.campaigns, training));
  report.seconds_training = SecondsSince(training_started);
  if (!options.store) return report;

  const response::CampaignMemberRows& now = history.now;
  VAFA_ASSIGN_OR_RETURN(
      std::vector<double> respond,
      report.training.response_model->Predict(now.x, now.rows));
  VAFA_ASSIGN_OR_RETURN(std::vector<double> uplift,
                        report.training.uplift_model->Predict(now.x, now.rows));
  report.scored_customers = now.rows;
  std::vector<ScoreColumn> columns = ScoreColumns(respond, uplift, report);
  VAFA_RETURN_IF_ERROR(FindDrivers(report.training, now, columns, report));
  AnalysisRun run;
  run.kind = "response";
  run.parameters = Parameters(options).dump();
  run.data_fingerprint =
      "campaigns:" + std::to_string(report.finished_campaigns) +
      ";members:" + std::to_string(report.members);
  run.started_at = started_at;
  run.duration_ms = static_cast<int64_t>(SecondsSince(started) * 1000);
  run.summary = ResponseTrainingJson(report).dump();
  VAFA_ASSIGN_OR_RETURN(
      report.run_id,
      WriteScores(db, workspace_id, now.customer_id, columns, run));
  return report;
}

nlohmann::json ResponseTrainingJson(const ResponseTrainingReport& report) {
  const response::CampaignTraining& t = report.training;
  nlohmann::json models = nlohmann::json::array();
  for (size_t m = 0; m < t.response.size(); ++m) {
    const response::ResponseEvaluation& r = t.response[m];
    models.push_back({{"learner", response::LearnerName(r.learner)},
                      {"auc", NumberOrNull(r.holdout.auc)},
                      {"lift_by_decile", r.holdout.lift},
                      {"chosen", m == t.chosen_response}});
  }
  nlohmann::json uplift = nlohmann::json::array();
  for (size_t m = 0; m < t.uplift.size(); ++m) {
    const response::UpliftEvaluation& u = t.uplift[m];
    nlohmann::json deciles = nlohmann::json::array();
    for (const response::UpliftDecile& d : u.deciles) {
      deciles.push_back({{"treated", d.treated},
                         {"control", d.control},
                         {"treated_rate", NumberOrNull(d.treated_rate)},
                         {"control_rate", NumberOrNull(d.control_rate)},
                         {"uplift", NumberOrNull(d.uplift)},
                         {"mean_predicted", NumberOrNull(d.mean_score)}});
    }
    uplift.push_back({{"method", response::UpliftMethodName(u.method)},
                      {"learner", response::LearnerName(u.learner)},
                      {"qini", u.qini},
                      {"qini_of_oracle", NumberOrNull(u.qini_of_oracle)},
                      {"recovered_at_30", NumberOrNull(u.recovered_at_30)},
                      {"uplift_by_decile", deciles},
                      {"chosen", m == t.chosen_uplift}});
  }
  return {{"command", "response train"},
          {"finished_campaigns", report.finished_campaigns},
          {"members", report.members},
          {"holdout",
           {{"campaigns", t.holdout_campaigns},
            {"member_share", t.holdout_share},
            {"train_members", t.train_rows},
            {"holdout_members", t.holdout_rows},
            {"train_responders", t.train_responders},
            {"holdout_responders", t.holdout_responders}}},
          {"response", models},
          {"oracle",
           {{"qini", NumberOrNull(t.oracle_qini)},
            {"recovered_at_30", NumberOrNull(t.oracle_recovered_at_30)}}},
          {"uplift", uplift},
          {"scored_customers", report.scored_customers},
          {"spend_per_buyer", NumberOrNull(report.spend_per_buyer)},
          {"audiences",
           {{"predicted_responders", report.predicted_responders},
            {"persuadable", report.persuadable},
            {"do_not_disturb", report.do_not_disturb}}},
          {"drivers",
           {{"predicted_responders", DriversJson(report.drivers[0])},
            {"persuadable", DriversJson(report.drivers[1])},
            {"do_not_disturb", DriversJson(report.drivers[2])}}},
          {"seconds",
           {{"features", report.seconds_features},
            {"training", report.seconds_training}}}};
}

}  // namespace vafa::pipeline
