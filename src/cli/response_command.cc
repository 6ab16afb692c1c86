// vafa response measure: the campaign response and uplift models
// (docs/analytics.md) trained and judged on planted campaign members whose
// truth is known: response AUC and lift by decile, each uplift model's Qini
// coefficient against the oracle's, the share of the planted incremental
// buyers in its top 30%, and uplift by decile. Uses no store.
#include <sys/resource.h>

#include <chrono>
#include <cmath>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "analytics/response/planted_measure.h"
#include "cli/command.h"

namespace vafa::cli {
namespace {

namespace resp = analytics::response;

struct MeasureFlags {
  int64_t members = 100000;
  double treated_share = 0.8;
  uint64_t seed = 7;
  std::string format = "text";
};

nlohmann::json NumberOrNull(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

nlohmann::json DecilesJson(const std::array<resp::UpliftDecile, 10>& deciles) {
  nlohmann::json out = nlohmann::json::array();
  for (const resp::UpliftDecile& d : deciles) {
    out.push_back({{"treated", d.treated},
                   {"control", d.control},
                   {"treated_rate", NumberOrNull(d.treated_rate)},
                   {"control_rate", NumberOrNull(d.control_rate)},
                   {"uplift", NumberOrNull(d.uplift)},
                   {"mean_predicted", NumberOrNull(d.mean_score)}});
  }
  return out;
}

nlohmann::json MeasureJson(const resp::PlantedMeasure& m, double seconds,
                           double peak_mib) {
  nlohmann::json response = nlohmann::json::array();
  for (const resp::ResponseFigures& r : m.response) {
    response.push_back({{"learner", resp::LearnerName(r.learner)},
                        {"auc", NumberOrNull(r.holdout.auc)},
                        {"lift_by_decile", r.holdout.lift},
                        {"seconds", r.seconds}});
  }
  nlohmann::json uplift = nlohmann::json::array();
  for (const resp::UpliftFigures& u : m.uplift) {
    uplift.push_back({{"method", resp::UpliftMethodName(u.method)},
                      {"learner", resp::LearnerName(u.learner)},
                      {"qini", u.qini},
                      {"qini_of_oracle", NumberOrNull(u.qini_of_oracle)},
                      {"recovered_at_30", NumberOrNull(u.recovered_at_30)},
                      {"uplift_by_decile", DecilesJson(u.deciles)},
                      {"seconds", u.seconds}});
  }
  return {{"command", "response measure"},
          {"members", m.members},
          {"train", m.train},
          {"holdout", m.holdout},
          {"oracle",
           {{"response_auc", NumberOrNull(m.oracle_response_auc)},
            {"qini", m.oracle_qini},
            {"recovered_at_30", NumberOrNull(m.oracle_recovered_at_30)}}},
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

int RunMeasure(const MeasureFlags& flags) {
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

}  // namespace

void AddResponseCommand(CLI::App& app, CommandContext& context) {
  CLI::App* response = app.add_subcommand(
      "response", "Campaign response and uplift models (docs/analytics.md)");
  response->require_subcommand(1);
  auto flags = std::make_shared<MeasureFlags>();
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
    context.run = [flags] { return RunMeasure(*flags); };
  });
}

}  // namespace vafa::cli
