// vafa response measure: the campaign response and uplift models
// (docs/analytics.md) trained and judged on planted campaign members whose
// truth is known: response AUC and lift by decile, each uplift model's Qini
// coefficient against the oracle's, the share of the planted incremental
// buyers in its top 30%, and uplift by decile. Uses no store.
// vafa response train: the same models learned from the workspace's own
// finished campaigns (features as of each draw), judged on held-out
// campaigns or members, stored as a run with two scores per customer
// (pipeline/response_training.h); refuses, naming the figure that is short,
// when the history is too thin.
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "analytics/response/planted_measure.h"
#include "cli/analysis_json.h"
#include "cli/command.h"
#include "pipeline/response_training.h"
#include "store/database.h"

namespace vafa::cli {
namespace {

namespace resp = analytics::response;

struct ResponseMeasureFlags {
  int64_t members = 100000;
  double treated_share = 0.8;
  uint64_t seed = 7;
  std::string format = "text";
};

nlohmann::json DecilesJson(const std::array<resp::UpliftDecile, 10>& deciles) {
  nlohmann::json out = nlohmann::json::array();
  for (const resp::UpliftDecile& d : deciles) {
    out.push_back({{"treated", d.treated},
                   {"control", d.control},
                   {"treated_rate", FiniteOrNull(d.treated_rate)},
                   {"control_rate", FiniteOrNull(d.control_rate)},
                   {"uplift", FiniteOrNull(d.uplift)},
                   {"mean_predicted", FiniteOrNull(d.mean_score)}});
  }
  return out;
}

nlohmann::json MeasureJson(const resp::PlantedMeasure& m, double seconds,
                           double peak_mib) {
  nlohmann::json response = nlohmann::json::array();
  for (const resp::ResponseFigures& r : m.response) {
    response.push_back({{"learner", resp::LearnerName(r.learner)},
                        {"auc", FiniteOrNull(r.holdout.auc)},
                        {"lift_by_decile", r.holdout.lift},
                        {"seconds", r.seconds}});
  }
  nlohmann::json uplift = nlohmann::json::array();
  for (const resp::UpliftFigures& u : m.uplift) {
    uplift.push_back({{"method", resp::UpliftMethodName(u.method)},
                      {"learner", resp::LearnerName(u.learner)},
                      {"qini", u.qini},
                      {"qini_of_oracle", FiniteOrNull(u.qini_of_oracle)},
                      {"recovered_at_30", FiniteOrNull(u.recovered_at_30)},
                      {"uplift_by_decile", DecilesJson(u.deciles)},
                      {"seconds", u.seconds}});
  }
  return {{"command", "response measure"},
          {"members", m.members},
          {"train", m.train},
          {"holdout", m.holdout},
          {"oracle",
           {{"response_auc", FiniteOrNull(m.oracle_response_auc)},
            {"qini", m.oracle_qini},
            {"recovered_at_30", FiniteOrNull(m.oracle_recovered_at_30)}}},
          {"response", response},
          {"uplift", uplift},
          {"seconds", seconds},
          {"peak_rss_mib", peak_mib}};
}

void PrintMeasure(const resp::PlantedMeasure& m, double seconds,
                  double peak_mib) {
  std::cout << std::fixed << std::setprecision(3) << m.members
            << " planted campaign members: trained on " << m.train
            << ", judged on " << m.holdout << " (" << std::setprecision(1)
            << seconds << " s, peak memory " << std::setprecision(0) << peak_mib
            << " MiB)\n"
            << std::setprecision(3) << "response (treated members):\n";
  for (const resp::ResponseFigures& r : m.response) {
    std::cout << "  " << std::left << std::setw(14)
              << resp::LearnerName(r.learner) << std::right << " AUC "
              << r.holdout.auc << ", lift in the top decile "
              << r.holdout.lift[0] << "\n";
  }
  std::cout << "  " << std::left << std::setw(14) << "oracle" << std::right
            << " AUC " << m.oracle_response_auc << "\n"
            << "uplift (Qini coefficient; share of the oracle's; planted "
               "incremental buyers in the top 30%):\n";
  for (const resp::UpliftFigures& u : m.uplift) {
    std::cout << "  " << std::left << std::setw(36)
              << (std::string(resp::UpliftMethodName(u.method)) + " / " +
                  std::string(resp::LearnerName(u.learner)))
              << std::right << " Qini " << u.qini << "; " << u.qini_of_oracle
              << " of the oracle; " << u.recovered_at_30 << "\n";
  }
  std::cout << "  " << std::left << std::setw(36) << "oracle (true uplift)"
            << std::right << " Qini " << m.oracle_qini << "; 1.000; "
            << m.oracle_recovered_at_30 << "\n";
}

int RunResponseMeasure(const ResponseMeasureFlags& flags) {
  resp::PlantOptions plant;
  plant.members = flags.members;
  plant.treated_share = flags.treated_share;
  plant.seed = flags.seed;
  const auto started = std::chrono::steady_clock::now();
  auto measure = resp::MeasureOnPlanted(plant);
  if (!measure.ok()) return Fail(measure.status());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
          .count();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const double peak_mib = static_cast<double>(usage.ru_maxrss) / 1024.0;
  if (flags.format == "json") {
    std::cout << MeasureJson(*measure, seconds, peak_mib).dump(2) << "\n";
  } else {
    PrintMeasure(*measure, seconds, peak_mib);
  }
  return 0;
}

struct TrainFlags {
  std::string campaign_type;
  int holdout_campaigns = 0;
  double holdout_share = 0;
  int threads = 0;
  bool no_store = false;
  bool against_planted = false;
  std::string format = "text";
};

void PrintTraining(const pipeline::ResponseTrainingReport& report) {
  const resp::CampaignTraining& t = report.training;
  std::cout << std::fixed << std::setprecision(3) << report.members
            << " members of " << report.finished_campaigns
            << " finished campaigns; judged on ";
  if (t.holdout_campaigns > 0) {
    std::cout << "the latest " << t.holdout_campaigns << " campaigns";
  } else {
    std::cout << "a " << std::setprecision(0) << t.holdout_share * 100
              << "% share of the members" << std::setprecision(3);
  }
  std::cout << " (" << t.holdout_rows << " members, " << t.holdout_responders
            << " responders)\nresponse (treated members):\n";
  for (size_t m = 0; m < t.response.size(); ++m) {
    const resp::ResponseEvaluation& r = t.response[m];
    std::cout << "  " << std::left << std::setw(14)
              << resp::LearnerName(r.learner) << std::right << " AUC "
              << r.holdout.auc << ", lift in the top decile "
              << r.holdout.lift[0] << (m == t.chosen_response ? "  chosen" : "")
              << "\n";
  }
  std::cout << "uplift (Qini coefficient on the holdout):\n";
  for (size_t m = 0; m < t.uplift.size(); ++m) {
    const resp::UpliftEvaluation& u = t.uplift[m];
    std::cout << "  " << std::left << std::setw(36)
              << (std::string(resp::UpliftMethodName(u.method)) + " / " +
                  std::string(resp::LearnerName(u.learner)))
              << std::right << " Qini " << u.qini;
    if (std::isfinite(u.qini_of_oracle)) {
      std::cout << "; " << u.qini_of_oracle << " of the oracle; top 30% holds "
                << u.recovered_at_30 << " of the planted incremental buyers";
    }
    std::cout << (m == t.chosen_uplift ? "  chosen" : "") << "\n";
  }
  if (std::isfinite(t.oracle_qini)) {
    std::cout << "  " << std::left << std::setw(36) << "oracle (planted uplift)"
              << std::right << " Qini " << t.oracle_qini << "; top 30% holds "
              << t.oracle_recovered_at_30 << "\n";
  }
  if (report.run_id != 0) {
    std::cout << report.scored_customers
              << " customers scored as response_probability and "
                 "predicted_uplift (run "
              << report.run_id << "): " << report.predicted_responders
              << " predicted responders, " << report.persuadable
              << " persuadable, " << report.do_not_disturb
              << " not to disturb\n";
  }
  std::cout << std::setprecision(2) << "features " << report.seconds_features
            << " s, training " << report.seconds_training << " s\n"
            << std::defaultfloat;
}

int RunTrain(CommandContext& context, const TrainFlags& flags) {
  auto db = context.Open();
  if (!db.ok()) return Fail(db.status());
  auto workspace = context.Workspace(**db, false);
  if (!workspace.ok()) return Fail(workspace.status());
  pipeline::ResponseTrainingOptions options;
  options.now = store::NowSeconds();
  options.goal = flags.campaign_type;
  options.training.holdout_campaigns = flags.holdout_campaigns;
  options.training.holdout_share = flags.holdout_share;
  options.threads = flags.threads;
  options.store = !flags.no_store;
  if (flags.against_planted) {
    options.training.true_uplift = [](const float* row) {
      return resp::PlantedTruthAtDraw(row).uplift();
    };
  }
  auto report = pipeline::TrainResponseModels(**db, workspace->id, options);
  if (!report.ok()) return Fail(report.status());
  if (flags.format == "json") {
    nlohmann::json out = pipeline::ResponseTrainingJson(*report);
    out["run_id"] = report->run_id == 0 ? nlohmann::json(nullptr)
                                        : nlohmann::json(report->run_id);
    std::cout << out.dump(2) << "\n";
  } else {
    PrintTraining(*report);
  }
  return 0;
}

void AddTrainCommand(CLI::App& response, CommandContext& context) {
  auto flags = std::make_shared<TrainFlags>();
  CLI::App* train = response.add_subcommand(
      "train",
      "Learn the response and uplift models from the workspace's finished "
      "campaigns, judge them on held-out campaigns, and store the scores");
  train->add_option("--campaign-type", flags->campaign_type,
                    "Only campaigns of this goal (retention, winback, ...)");
  auto* by_campaigns =
      train
          ->add_option("--holdout-campaigns", flags->holdout_campaigns,
                       "Judge on the latest K campaigns (default: a quarter, "
                       "at least 2)")
          ->check(CLI::Range(1, 1000));
  train
      ->add_option("--holdout-share", flags->holdout_share,
                   "Judge on this share of the members instead")
      ->check(CLI::Range(0.05, 0.5))
      ->excludes(by_campaigns);
  train->add_option("--threads", flags->threads, "0: all cores");
  train->add_flag("--no-store", flags->no_store,
                  "Judge the models without storing scores");
  train->add_flag("--against-planted", flags->against_planted,
                  "Also judge the uplift models against the truth the demo "
                  "workspace planted (vafa demo)");
  train->add_option("--format", flags->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  train->callback([&context, flags] {
    context.run = [&context, flags] { return RunTrain(context, *flags); };
  });
}

}  // namespace

void AddResponseCommand(CLI::App& app, CommandContext& context) {
  CLI::App* response = app.add_subcommand(
      "response", "Campaign response and uplift models (docs/analytics.md)");
  response->require_subcommand(1);
  auto flags = std::make_shared<ResponseMeasureFlags>();
  CLI::App* measure = response->add_subcommand(
      "measure",
      "The response and uplift models on planted campaign members whose "
      "truth is known: AUC, Qini against the oracle, uplift by decile (no "
      "store is used)");
  measure->add_option("--members", flags->members, "Members planted")
      ->check(CLI::Range(int64_t{100}, int64_t{20000000}))
      ->capture_default_str();
  measure
      ->add_option("--treated-share", flags->treated_share,
                   "Share of members treated; the rest are held out")
      ->check(CLI::Range(0.05, 0.95))
      ->capture_default_str();
  measure->add_option("--seed", flags->seed)->capture_default_str();
  measure->add_option("--format", flags->format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  measure->callback([&context, flags] {
    context.run = [flags] { return RunResponseMeasure(*flags); };
  });
  AddTrainCommand(*response, context);
}

}  // namespace vafa::cli
