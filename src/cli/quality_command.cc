// vafa quality: the quality of the workspace's customer data (docs/quality.md)
// per field, completeness, validity and consistency, with the duplicates
// found, the worst fields and the change since the previous run. Each run
// is stored.
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/command.h"
#include "pipeline/customer_quality.h"
#include "pipeline/quality_json.h"
#include "pipeline/quality_runs.h"

namespace vafa::cli {
namespace {

using nlohmann::json;

std::string Percent(double share) {
  std::ostringstream text;
  text << std::fixed << std::setprecision(1) << share * 100 << "%";
  return text.str();
}

// "+3", "-1", "0"; "" when there is no previous run.
std::string Signed(const json& change) {
  if (change.is_null()) return "";
  const int64_t value = change.get<int64_t>();
  return (value > 0 ? "+" : "") + std::to_string(value);
}

std::string Ids(const json& ids) {
  std::string text;
  for (const json& id : ids) {
    text += (text.empty() ? "#" : " #") + std::to_string(id.get<int64_t>());
  }
  return text;
}

void PrintFields(const json& report) {
  const bool trend = !report["previous"].is_null();
  std::printf("\n%-20s %9s %9s %11s %9s %s\n", "field", "complete", "valid",
              "consistent", "affected", trend ? "  change" : "");
  for (const json& field : report["fields"]) {
    const json& change = field["change"];
    const std::string since =
        change.is_null() ? "" : Signed(change["affected"]);
    std::printf("%-20s %9s %9s %11s %9lld %8s\n",
                field["field"].get<std::string>().c_str(),
                Percent(field["completeness"].get<double>()).c_str(),
                Percent(field["validity"].get<double>()).c_str(),
                Percent(field["consistency"].get<double>()).c_str(),
                static_cast<long long>(field["affected"].get<int64_t>()),
                since.c_str());
  }
  std::fflush(stdout);
}

void PrintText(const json& report, const std::string& workspace) {
  std::cout << "Customer data of " << workspace << ": "
            << report["customers"].get<int64_t>() << " customers, "
            << report["customers_with_problems"].get<int64_t>()
            << " with an invalid or inconsistent value (run "
            << report["run"]["id"].get<int64_t>() << ", "
            << report["run"]["ran_at"].get<std::string>() << ")\n";
  if (report["previous"].is_null()) {
    std::cout << "No previous run to compare with.\n";
  } else {
    const json& change = report["change"];
    std::cout << "Since run " << report["previous"]["id"].get<int64_t>()
              << ": customers " << Signed(change["customers"])
              << ", with a problem "
              << Signed(change["customers_with_problems"])
              << ", duplicate pairs " << Signed(change["duplicate_pairs"])
              << "\n";
  }
  if (!report["worst_fields"].empty()) {
    std::cout << "\nWorst fields:\n";
    for (const json& field : report["worst_fields"]) {
      std::cout << "  " << field["field"].get<std::string>() << ": "
                << field["affected"].get<int64_t>()
                << " customers missing, invalid or inconsistent ("
                << Percent(field["score"].get<double>()) << " good)\n";
    }
  }
  PrintFields(report);
  if (!report["problems"].empty()) {
    std::cout << "\nProblems:\n";
    for (const json& problem : report["problems"]) {
      std::cout << "  " << problem["field"].get<std::string>() << " "
                << problem["description"].get<std::string>() << ": "
                << problem["customers"].get<int64_t>() << " customers (e.g. "
                << Ids(problem["examples"]) << ")\n";
    }
  }
  const json& duplicates = report["duplicates"];
  std::cout << "\nLikely duplicates (score " << std::fixed
            << std::setprecision(2) << duplicates["min_score"].get<double>()
            << " or more): " << duplicates["pairs"].get<int64_t>() << " pairs, "
            << duplicates["customers_in_groups"].get<int64_t>()
            << " customers in " << duplicates["groups"].get<int64_t>()
            << " groups";
  for (const json& group : duplicates["example_groups"]) {
    std::cout << (&group == &duplicates["example_groups"].front() ? " (e.g. "
                                                                  : "; ")
              << Ids(group);
  }
  if (!duplicates["example_groups"].empty()) std::cout << ")";
  std::cout << "\n(vafa duplicates scan lists them)\n";
}

int RunQuality(const CommandContext& context, const std::string& format) {
  auto db = context.Open();
  if (!db.ok()) return Fail(db.status());
  auto workspace = context.Workspace(**db, /*create=*/false);
  if (!workspace.ok()) return Fail(workspace.status());
  auto report =
      pipeline::RunCustomerQuality(**db, workspace->id, store::NowSeconds());
  if (!report.ok()) return Fail(report.status());
  if (format == "json") {
    json document = *report;
    document["command"] = "quality";
    document["workspace"] = workspace->slug;
    std::cout << document.dump(2) << "\n";
    return 0;
  }
  PrintText(*report, workspace->slug);
  return 0;
}

// "+1.5 pts", "-0.2 pts"; "" without a run before.
std::string Points(const json& change) {
  if (change.is_null()) return "";
  std::ostringstream text;
  text << std::showpos << std::fixed << std::setprecision(1)
       << change.get<double>() * 100 << " pts";
  return text.str();
}

// --history: the stored runs, newest first, with the figures the API's run
// list gives (pipeline::QualityHistoryJson); nothing is measured.
int PrintHistory(const CommandContext& context, const std::string& format,
                 int limit) {
  auto db = context.Open();
  if (!db.ok()) return Fail(db.status());
  auto workspace = context.Workspace(**db, /*create=*/false);
  if (!workspace.ok()) return Fail(workspace.status());
  // One more than shown, so the oldest shown has its change too.
  auto runs = pipeline::LatestQualityRuns(**db, workspace->id, limit + 1);
  if (!runs.ok()) return Fail(runs.status());
  json history = pipeline::QualityHistoryJson(*runs);
  if (static_cast<int>(history["items"].size()) > limit) {
    history["items"].erase(history["items"].end() - 1);
  }
  if (format == "json") {
    history["command"] = "quality";
    history["workspace"] = workspace->slug;
    std::cout << history.dump(2) << "\n";
    return 0;
  }
  if (history["items"].empty()) {
    std::cout << "No quality run in " << workspace->slug
              << " yet (vafa quality makes one).\n";
    return 0;
  }
  std::printf("%-6s %-20s %9s %9s %14s %10s %8s\n", "run", "ran at",
              "customers", "complete", "change", "valid", "problems");
  for (const json& item : history["items"]) {
    const json& change = item["change"];
    std::printf(
        "%-6lld %-20s %9lld %9s %14s %10s %8lld\n",
        static_cast<long long>(item["run"]["id"].get<int64_t>()),
        item["run"]["ran_at"].get<std::string>().c_str(),
        static_cast<long long>(item["customers"].get<int64_t>()),
        Percent(item["overall"]["completeness"].get<double>()).c_str(),
        change.is_null() ? "" : Points(change["completeness"]).c_str(),
        Percent(item["overall"]["validity"].get<double>()).c_str(),
        static_cast<long long>(item["customers_with_problems"].get<int64_t>()));
  }
  return 0;
}

}  // namespace

void AddQualityCommand(CLI::App& app, CommandContext& context) {
  auto format = std::make_shared<std::string>("text");
  CLI::App* quality = app.add_subcommand(
      "quality",
      "The quality of the customer data, field by field, with the change "
      "since the previous run (docs/quality.md); each run is stored");
  quality->add_option("--format", *format, "text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  auto history = std::make_shared<bool>(false);
  auto limit = std::make_shared<int>(20);
  quality->add_flag("--history", *history,
                    "List the stored runs, newest first, with the change "
                    "since each run before; measures nothing");
  quality->add_option("--limit", *limit, "Runs --history lists")
      ->check(CLI::Range(1, 200))
      ->capture_default_str();
  quality->callback([&context, format, history, limit] {
    context.run = [&context, format, history, limit] {
      return *history ? PrintHistory(context, *format, *limit)
                      : RunQuality(context, *format);
    };
  });
}

}  // namespace vafa::cli
