// vafa duplicates scan | measure: likely duplicate customers of the
// workspace, scored and explained field by field (docs/duplicates.md), and
// merged when they share a strong key (--auto-merge-above); and the scan
// measured on a planted population whose truth is known. The merge
// subcommands are in duplicate_merges_command.cc.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "analytics/duplicates/duplicate_scan.h"
#include "analytics/duplicates/planted_duplicates.h"
#include "cli/command.h"
#include "cli/duplicate_merges_command.h"
#include "pipeline/duplicate_people.h"

namespace vafa::cli {
namespace {

namespace dup = analytics::duplicates;

struct ScanFlags {
  double min_score = 0.8;
  std::optional<double> auto_merge_above;  // name similarity
  std::string format = "text";
  int limit = 50;
};

struct MeasureFlags {
  int customers = 100000;
  double share = 0.05;
  uint32_t seed = 11;
  double min_score = 0.8;
  std::string format = "text";
};

void AddFormat(CLI::App* command, std::string& format) {
  command->add_option("--format", format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
}

int RunScan(const CommandContext& context, const ScanFlags& flags) {
  auto db = context.Open();
  if (!db.ok()) return Fail(db.status());
  auto workspace = context.Workspace(**db, /*create=*/false);
  if (!workspace.ok()) return Fail(workspace.status());
  auto read = pipeline::ReadDuplicatePeople(**db, workspace->id);
  if (!read.ok()) return Fail(read.status());
  dup::ScanOptions options;
  options.min_score = flags.min_score;
  if (flags.auto_merge_above) {
    // A shared phone with names this alike scores 0.25 + 0.7 x name;
    // pairs the scan marks down (a different birth date) stay out.
    options.min_score =
        std::min(flags.min_score, 0.25 + 0.7 * *flags.auto_merge_above - 1e-9);
  }
  const dup::ScanResult result = dup::ScanForDuplicates(read->people, options);
  if (flags.auto_merge_above) {
    return RunAutoMerge(**db, *workspace, *read, result.pairs,
                        *flags.auto_merge_above, flags.format);
  }
  std::map<int64_t, const dup::PersonRecord*> by_id;
  for (const dup::PersonRecord& person : read->people) {
    by_id[person.id] = &person;
  }
  auto who = [&](int64_t id) {
    return nlohmann::json{{"id", id},
                          {"external_id", read->external_ids.at(id)},
                          {"name", by_id.at(id)->name}};
  };
  if (flags.format == "json") {
    nlohmann::json pairs = nlohmann::json::array();
    for (const dup::DuplicatePair& pair : result.pairs) {
      pairs.push_back({{"first", who(pair.first)},
                       {"second", who(pair.second)},
                       {"score", pair.score},
                       {"name_similarity", pair.name_similarity},
                       {"reasons", pair.reasons}});
    }
    std::cout << nlohmann::json{{"command", "duplicates scan"},
                                {"workspace", workspace->slug},
                                {"customers", read->people.size()},
                                {"compared", result.compared},
                                {"min_score", flags.min_score},
                                {"pairs", pairs},
                                {"groups", result.groups}}
                     .dump(2)
              << "\n";
    return 0;
  }
  std::cout << read->people.size() << " customers, " << result.compared
            << " pairs compared; " << result.pairs.size()
            << " likely duplicate pairs in " << result.groups.size()
            << " groups (score " << std::fixed << std::setprecision(2)
            << flags.min_score << " or more)\n";
  int shown = 0;
  for (const dup::DuplicatePair& pair : result.pairs) {
    if (shown++ == flags.limit) {
      std::cout << "... " << result.pairs.size() - flags.limit
                << " more (--limit, or --format json for all)\n";
      break;
    }
    auto name = [&](int64_t id) {
      const std::string& external = read->external_ids.at(id);
      return "#" + std::to_string(id) +
             (external.empty() ? "" : " " + external) + " " +
             by_id.at(id)->name;
    };
    std::cout << pair.score << "  " << name(pair.first) << "  ~  "
              << name(pair.second) << "  (" << pair.reasons << ")\n";
  }
  return 0;
}

int RunMeasure(const MeasureFlags& flags) {
  const dup::PlantedPopulation population =
      dup::PlantDuplicates(flags.customers, flags.share, flags.seed);
  dup::ScanOptions options;
  options.min_score = flags.min_score;
  const auto started = std::chrono::steady_clock::now();
  const dup::ScanResult result =
      dup::ScanForDuplicates(population.people, options);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
          .count();
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  std::set<std::pair<int64_t, int64_t>> found;
  for (const dup::DuplicatePair& pair : result.pairs) {
    found.insert({pair.first, pair.second});
  }
  std::map<std::string, std::pair<int, int>> by_kind;  // planted, found
  int64_t true_positives = 0;
  for (const dup::PlantedPair& pair : population.truth) {
    const bool hit = found.contains({pair.original, pair.duplicate});
    auto& [planted, recalled] = by_kind[dup::PlantedKindName(pair.kind)];
    ++planted;
    recalled += hit;
    true_positives += hit;
  }
  const double precision = result.pairs.empty()
                               ? 1.0
                               : static_cast<double>(true_positives) /
                                     static_cast<double>(result.pairs.size());
  const double recall = population.truth.empty()
                            ? 1.0
                            : static_cast<double>(true_positives) /
                                  static_cast<double>(population.truth.size());
  const double peak_mib = static_cast<double>(usage.ru_maxrss) / 1024.0;
  if (flags.format == "json") {
    nlohmann::json kinds = nlohmann::json::object();
    for (const auto& [kind, counts] : by_kind) {
      kinds[kind] = {{"planted", counts.first}, {"found", counts.second}};
    }
    std::cout << nlohmann::json{{"command", "duplicates measure"},
                                {"customers", population.people.size()},
                                {"planted", population.truth.size()},
                                {"compared", result.compared},
                                {"pairs", result.pairs.size()},
                                {"precision", precision},
                                {"recall", recall},
                                {"by_kind", kinds},
                                {"scan_seconds", seconds},
                                {"peak_rss_mib", peak_mib}}
                     .dump(2)
              << "\n";
    return 0;
  }
  std::cout << std::fixed << std::setprecision(3) << population.people.size()
            << " customers with " << population.truth.size()
            << " planted duplicates: scanned in " << seconds << " s ("
            << result.compared << " pairs compared), peak memory "
            << std::setprecision(0) << peak_mib << " MiB\n"
            << std::setprecision(3) << "precision " << precision << ", recall "
            << recall << " (" << result.pairs.size() << " pairs at score "
            << flags.min_score << " or more)\n";
  for (const auto& [kind, counts] : by_kind) {
    std::cout << "  " << kind << ": " << counts.second << " of " << counts.first
              << " found\n";
  }
  return 0;
}

}  // namespace

void AddDuplicatesCommand(CLI::App& app, CommandContext& context) {
  CLI::App* duplicates = app.add_subcommand(
      "duplicates", "Customers recorded more than once (docs/duplicates.md)");
  duplicates->require_subcommand(1);

  auto scan_flags = std::make_shared<ScanFlags>();
  CLI::App* scan = duplicates->add_subcommand(
      "scan", "Likely duplicate customers of the workspace, explained");
  scan->add_option("--min-score", scan_flags->min_score,
                   "Report pairs scored at least this (0 to 1)")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  scan->add_option("--limit", scan_flags->limit, "Pairs printed as text")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  scan->add_option("--auto-merge-above", scan_flags->auto_merge_above,
                   "Merge the pairs that share a valid national id or a "
                   "phone and whose names are at least this similar (0 to "
                   "1), one transaction each, as one batch")
      ->check(CLI::Range(0.0, 1.0));
  AddFormat(scan, scan_flags->format);
  scan->callback([&context, scan_flags] {
    context.run = [&context, scan_flags] {
      return RunScan(context, *scan_flags);
    };
  });

  auto measure_flags = std::make_shared<MeasureFlags>();
  CLI::App* measure = duplicates->add_subcommand(
      "measure",
      "The scan on a planted population with known duplicates: time, "
      "memory, precision and recall by kind (no store is used)");
  measure
      ->add_option("--customers", measure_flags->customers,
                   "Distinct people planted")
      ->check(CLI::Range(2, 50000000))
      ->capture_default_str();
  measure
      ->add_option("--share", measure_flags->share,
                   "Duplicates planted, as a share of the people")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  measure->add_option("--seed", measure_flags->seed)->capture_default_str();
  measure->add_option("--min-score", measure_flags->min_score)
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  AddFormat(measure, measure_flags->format);
  measure->callback([&context, measure_flags] {
    context.run = [measure_flags] { return RunMeasure(*measure_flags); };
  });

  AddDuplicateMergeCommands(duplicates, context);
}

}  // namespace vafa::cli
