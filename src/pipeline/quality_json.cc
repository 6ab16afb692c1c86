#include "pipeline/quality_json.h"

#include <map>

namespace vafa::pipeline {
namespace {

namespace quality = analytics::quality;

nlohmann::json FieldJson(const quality::FieldQuality& field) {
  return {{"field", quality::FieldName(field.field)},
          {"applicable", field.applicable},
          {"filled", field.filled},
          {"invalid", field.invalid},
          {"inconsistent", field.inconsistent},
          {"affected", field.Affected()},
          {"completeness", field.Completeness()},
          {"validity", field.Validity()},
          {"consistency", field.Consistency()},
          {"score", field.Score()}};
}

nlohmann::json RunJson(const QualityRunRecord& run) {
  return {{"id", run.id}, {"ran_at", FormatIsoDateTime(run.ran_at)}};
}

nlohmann::json OverallJson(const quality::FieldQuality& overall) {
  return {{"completeness", overall.Completeness()},
          {"validity", overall.Validity()},
          {"consistency", overall.Consistency()},
          {"score", overall.Score()}};
}

}  // namespace

nlohmann::json QualityReportJson(const quality::QualityReport& report) {
  nlohmann::json fields = nlohmann::json::array();
  for (const quality::FieldQuality& field : report.fields) {
    fields.push_back(FieldJson(field));
  }
  nlohmann::json problems = nlohmann::json::array();
  for (const quality::Problem& problem : report.problems) {
    problems.push_back({{"field", quality::FieldName(problem.field)},
                        {"kind", problem.kind == quality::ProblemKind::kValidity
                                     ? "validity"
                                     : "consistency"},
                        {"code", problem.code},
                        {"description", problem.description},
                        {"customers", problem.customers},
                        {"examples", problem.examples}});
  }
  nlohmann::json worst = nlohmann::json::array();
  for (quality::Field field : report.worst_fields) {
    const quality::FieldQuality& figures =
        report.fields[static_cast<int>(field)];
    worst.push_back({{"field", quality::FieldName(field)},
                     {"affected", figures.Affected()},
                     {"score", figures.Score()},
                     {"examples", figures.examples}});
  }
  const quality::DuplicateFigures& duplicates = report.duplicates;
  return {{"customers", report.customers},
          {"customers_with_problems", report.customers_with_problems},
          {"fields", fields},
          {"problems", problems},
          {"worst_fields", worst},
          {"duplicates",
           {{"min_score", duplicates.min_score},
            {"pairs", duplicates.pairs},
            {"groups", duplicates.groups},
            {"customers_in_groups", duplicates.customers_in_groups},
            {"example_groups", duplicates.example_groups}}}};
}

nlohmann::json QualityRunJson(const QualityRunRecord& latest,
                              const QualityRunRecord* previous) {
  nlohmann::json out = latest.report;
  // Runs stored before the worst fields named their customers.
  for (nlohmann::json& worst : out["worst_fields"]) {
    if (!worst.contains("examples"))
      worst["examples"] = nlohmann::json::array();
  }
  out["run"] = RunJson(latest);
  out["previous"] = previous == nullptr ? nlohmann::json() : RunJson(*previous);
  const quality::FieldQuality overall = OverallQuality(latest.fields);
  out["overall"] = OverallJson(overall);
  if (previous == nullptr) {
    out["change"] = nullptr;
    for (nlohmann::json& field : out["fields"]) field["change"] = nullptr;
    return out;
  }
  out["change"] = {
      {"customers", latest.customers - previous->customers},
      {"customers_with_problems",
       latest.customers_with_problems - previous->customers_with_problems},
      {"duplicate_pairs", latest.duplicate_pairs - previous->duplicate_pairs},
      {"customers_in_duplicates",
       latest.customers_in_duplicates - previous->customers_in_duplicates},
      {"completeness", overall.Completeness() -
                           OverallQuality(previous->fields).Completeness()},
      {"validity",
       overall.Validity() - OverallQuality(previous->fields).Validity()}};
  auto by_name = [](const std::vector<quality::FieldQuality>& fields) {
    std::map<std::string, const quality::FieldQuality*> named;
    for (const quality::FieldQuality& field : fields) {
      named[std::string(quality::FieldName(field.field))] = &field;
    }
    return named;
  };
  const auto now = by_name(latest.fields);
  const auto before = by_name(previous->fields);
  for (nlohmann::json& field : out["fields"]) {
    const std::string name = field["field"].get<std::string>();
    auto is = now.find(name);
    auto was = before.find(name);
    if (is == now.end() || was == before.end()) {
      field["change"] = nullptr;
      continue;
    }
    field["change"] = {
        {"completeness",
         is->second->Completeness() - was->second->Completeness()},
        {"validity", is->second->Validity() - was->second->Validity()},
        {"affected", is->second->Affected() - was->second->Affected()}};
  }
  return out;
}

quality::FieldQuality OverallQuality(
    std::span<const quality::FieldQuality> fields) {
  quality::FieldQuality all;
  for (const quality::FieldQuality& field : fields) {
    all.applicable += field.applicable;
    all.filled += field.filled;
    all.invalid += field.invalid;
    all.inconsistent += field.inconsistent;
  }
  return all;
}

nlohmann::json QualityHistoryJson(std::span<const QualityRunRecord> runs) {
  nlohmann::json items = nlohmann::json::array();
  for (size_t run_idx = 0; run_idx < runs.size(); ++run_idx) {
    const QualityRunRecord& run = runs[run_idx];
    const quality::FieldQuality overall = OverallQuality(run.fields);
    nlohmann::json change;
    if (run_idx + 1 < runs.size()) {
      const QualityRunRecord& before = runs[run_idx + 1];
      const quality::FieldQuality was = OverallQuality(before.fields);
      change = {
          {"completeness", overall.Completeness() - was.Completeness()},
          {"validity", overall.Validity() - was.Validity()},
          {"customers_with_problems",
           run.customers_with_problems - before.customers_with_problems},
          {"duplicate_pairs", run.duplicate_pairs - before.duplicate_pairs}};
    }
    items.push_back({{"run", RunJson(run)},
                     {"customers", run.customers},
                     {"customers_with_problems", run.customers_with_problems},
                     {"duplicate_pairs", run.duplicate_pairs},
                     {"customers_in_duplicates", run.customers_in_duplicates},
                     {"overall", OverallJson(overall)},
                     {"change", change}});
  }
  return {{"items", items}};
}

}  // namespace vafa::pipeline
