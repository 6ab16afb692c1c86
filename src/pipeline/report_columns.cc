#include "pipeline/report_columns.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <charconv>
#include <cmath>
#include <map>

#include "core/csv_cell.h"
#include "import/csv_reader.h"

namespace vafa::pipeline {
namespace {

constexpr ColumnType T = ColumnType::kText;
constexpr ColumnType I = ColumnType::kInteger;
constexpr ColumnType N = ColumnType::kNumber;

constexpr ReportColumn kSummary[] = {{"customer", T},
                                     {"first_purchase", T},
                                     {"last_purchase", T},
                                     {"orders", I},
                                     {"refunds", I},
                                     {"purchase_days", I},
                                     {"repeat_purchases", I},
                                     {"recency_days", I},
                                     {"tenure_days", I},
                                     {"purchase_span_days", I},
                                     {"revenue", I},
                                     {"refund_amount", I},
                                     {"mean_order_value", N},
                                     {"cost_of_goods", I},
                                     {"margin", I},
                                     {"distinct_products", I},
                                     {"distinct_channels", I},
                                     {"distinct_branches", I},
                                     {"discounted_order_share", N}};
constexpr ReportColumn kRfm[] = {
    {"customer", T},       {"recency_score", I}, {"frequency_score", I},
    {"monetary_score", I}, {"rfm", I},           {"segment", T}};
constexpr ReportColumn kSegments[] = {
    {"segment", T}, {"customers", I}, {"revenue", I}, {"profit", I}};
constexpr ReportColumn kPareto[] = {
    {"customer_percent", I}, {"revenue_share", N}, {"margin_share", N}};
constexpr ReportColumn kAbc[] = {
    {"class", T}, {"customers", I}, {"revenue", I}, {"profit", I}};
constexpr ReportColumn kValue[] = {
    {"customer", T}, {"abc", T}, {"profit", I}, {"acquisition_retention", T}};
constexpr ReportColumn kMatrix[] = {{"group", T},
                                    {"customers", I},
                                    {"customer_share", N},
                                    {"profit", I},
                                    {"profit_share", N}};
constexpr ReportColumn kKpis[] = {{"month", T},
                                  {"active_customers", I},
                                  {"new_customers", I},
                                  {"retained_customers", I},
                                  {"repeat_customers", I},
                                  {"acquisition_rate", N},
                                  {"retention_rate", N},
                                  {"churn_rate", N},
                                  {"repeat_purchase_rate", N},
                                  {"purchase_days", I},
                                  {"purchase_frequency", N},
                                  {"orders", I},
                                  {"gross_sales", I},
                                  {"refunds", I},
                                  {"revenue", I},
                                  {"average_order_value", N}};
constexpr ReportColumn kCohorts[] = {{"cohort", T},
                                     {"size", I},
                                     {"months_since", I},
                                     {"active", I},
                                     {"retention", N}};
constexpr ReportColumn kClv[] = {{"customer", T},
                                 {"p_alive", N},
                                 {"expected_purchases_1y", N},
                                 {"clv_1y", I}};
constexpr ReportColumn kClvDistribution[] = {{"p_alive_from", N},
                                             {"p_alive_to", N},
                                             {"customers", I},
                                             {"expected_purchases_1y", N},
                                             {"clv_1y", I}};
constexpr ReportColumn kClvModel[] = {
    {"model", T},          {"parameter", T},      {"value", N},
    {"standard_error", N}, {"relative_error", N}, {"unit", T}};
constexpr ReportColumn kClvDiagnostics[] = {
    {"model", T},
    {"degenerate", I},
    {"customers", I},
    {"share_p_alive_above_0_9", N},
    {"share_silent_over_3x_interval", N},
    {"share_of_silent_p_alive_above_0_9", N},
    {"max_relative_error", N},
    {"largest_correlation", N},
    {"correlated_pair", T},
    {"problems", T},
    {"warning", T}};
constexpr ReportColumn kBasket[] = {{"antecedent", T},    {"consequent", T},
                                    {"support_count", I}, {"support", N},
                                    {"confidence", N},    {"lift", N},
                                    {"leverage", N},      {"conviction", N}};
constexpr ReportColumn kAffinity[] = {
    {"relation", T}, {"product", T}, {"count", I}, {"share", N}, {"lift", N}};
constexpr ReportColumn kClvTracking[] = {{"week", I},
                                         {"end_day", T},
                                         {"actual_cumulative", N},
                                         {"predicted_cumulative", N},
                                         {"period", T}};
constexpr ReportColumn kRfmMoves[] = {{"from", T}, {"to", T}, {"customers", I}};
constexpr ReportColumn kChurn[] = {
    {"customer", T},     {"churn_risk", N}, {"band", T},     {"rule_risk", N},
    {"stage", T},        {"value", I},      {"priority", I}, {"action", T},
    {"action_value", I}, {"reasons", T}};
constexpr ReportColumn kChurnModels[] = {{"model", T},
                                         {"examples", I},
                                         {"churners", I},
                                         {"auc", N},
                                         {"top_decile_precision", N},
                                         {"top_decile_recall", N},
                                         {"lift_top_decile", N},
                                         {"brier", N},
                                         {"train_seconds", N},
                                         {"chosen", I}};
constexpr ReportColumn kChurnEvidence[] = {
    {"snapshots", I},          {"history_days", I},
    {"window_days", I},        {"training_rows", I},
    {"training_customers", I}, {"training_churners", I},
    {"holdout_customers", I},  {"holdout_churners", I},
    {"min_churners", I},       {"learned_models", I},
    {"chosen_model", T},       {"refusal", T},
    {"data_absent", T}};
constexpr ReportColumn kChurnCalibration[] = {{"model", T},
                                              {"decile", I},
                                              {"customers", I},
                                              {"mean_predicted", N},
                                              {"observed_rate", N}};
constexpr ReportColumn kChurnLift[] = {{"decile", I}};
constexpr ReportColumn kChurnReasons[] = {
    {"reason", T},    {"kind", T},  {"controllable", I},
    {"customers", I}, {"first", I}, {"first_cause", I}};
constexpr ReportColumn kChurnStages[] = {
    {"stage", T}, {"customers", I}, {"value", I}, {"value_at_risk", I}};
constexpr ReportColumn kRetentionList[] = {
    {"customer_id", I}, {"customer", T},     {"name", T},
    {"churn_risk", N},  {"band", T},         {"rule_risk", N},
    {"stage", T},       {"value", I},        {"priority", I},
    {"action", T},      {"action_value", I}, {"reasons", T}};

const std::map<std::string_view, ReportShape>& Shapes() {
  static const std::map<std::string_view, ReportShape> shapes = {
      {"summary", {kSummary}},
      {"rfm", {kRfm}},
      {"segments", {kSegments}},
      {"pareto", {kPareto}},
      {"abc", {kAbc}},
      {"value", {kValue}},
      {"matrix", {kMatrix}},
      {"kpis", {kKpis}},
      {"cohorts", {kCohorts}},
      {"clv", {kClv}},
      {"clv_distribution", {kClvDistribution}},
      {"clv_model", {kClvModel}},
      {"clv_diagnostics", {kClvDiagnostics}},
      {"basket", {kBasket}},
      {"affinity", {kAffinity}},
      {"clv_tracking", {kClvTracking}},
      {"rfm_moves", {kRfmMoves}},
      {"churn", {kChurn}},
      {"churn_models", {kChurnModels}},
      {"churn_evidence", {kChurnEvidence}},
      {"churn_calibration", {kChurnCalibration}},
      // One column per model after the decile: its lift.
      {"churn_lift", {kChurnLift, /*open=*/true, ColumnType::kNumber}},
      {"churn_reasons", {kChurnReasons}},
      {"churn_stages", {kChurnStages}},
      {"retention_list", {kRetentionList}},
  };
  return shapes;
}

// The cell of a typed column, or false when it does not read as its type.
bool WriteCell(rapidjson::Writer<rapidjson::StringBuffer>& w, ColumnType type,
               std::string_view cell) {
  if (cell.empty()) return w.Null();
  const char* end = cell.data() + cell.size();
  if (type == ColumnType::kInteger) {
    int64_t integer = 0;
    auto [at, error] = std::from_chars(cell.data(), end, integer);
    if (error != std::errc() || at != end) return false;
    return w.Int64(integer);
  }
  if (type == ColumnType::kNumber) {
    double number = 0;
    auto [at, error] = std::from_chars(cell.data(), end, number);
    if (error != std::errc() || at != end || !std::isfinite(number)) {
      return false;
    }
    return w.Double(number);
  }
  // The CSV's text cells are formula-protected; JSON has the value.
  const std::string_view text = UnprotectCsvText(cell);
  return w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

}  // namespace

std::string_view ColumnTypeName(ColumnType type) {
  switch (type) {
    case ColumnType::kText:
      return "text";
    case ColumnType::kInteger:
      return "integer";
    case ColumnType::kNumber:
      return "number";
  }
  return "text";
}

ColumnType ReportShape::TypeOf(std::string_view column) const {
  for (const ReportColumn& known : columns) {
    if (known.name == column) return known.type;
  }
  return open ? others : ColumnType::kText;
}

const ReportShape* ShapeOfReport(std::string_view name) {
  auto found = Shapes().find(name);
  return found == Shapes().end() ? nullptr : &found->second;
}

std::vector<std::string_view> ShapedReportNames() {
  std::vector<std::string_view> names;
  for (const auto& [name, shape] : Shapes()) names.push_back(name);
  return names;
}

Result<std::string> ReportCsvToJson(std::string csv, const std::string& name,
                                    const ReportRun* run) {
  static const ReportShape kUnknown{};
  const ReportShape* found = ShapeOfReport(name);
  const ReportShape& shape = found != nullptr ? *found : kUnknown;
  auto reader = import::CsvReader::FromString(std::move(csv), name);
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("report");
  w.String(name.c_str());
  if (run != nullptr) {
    w.Key("run");
    w.StartObject();
    w.Key("id");
    w.Int64(run->id);
    w.Key("computed_at");
    w.Int64(run->computed_at);
    w.EndObject();
  }
  std::vector<std::string_view> fields;
  std::vector<std::string> header;
  std::vector<ColumnType> types;
  VAFA_ASSIGN_OR_RETURN(bool more, reader->Next(fields));
  for (size_t i = 0; more && i < fields.size(); ++i) {
    header.emplace_back(fields[i]);
    types.push_back(shape.TypeOf(fields[i]));
  }
  w.Key("columns");
  w.StartArray();
  for (const std::string& column : header) w.String(column.c_str());
  w.EndArray();
  w.Key("column_types");
  w.StartArray();
  for (ColumnType type : types) {
    const std::string_view type_name = ColumnTypeName(type);
    w.String(type_name.data(),
             static_cast<rapidjson::SizeType>(type_name.size()));
  }
  w.EndArray();
  w.Key("rows");
  w.StartArray();
  int64_t line = 1;
  while (more) {
    VAFA_ASSIGN_OR_RETURN(more, reader->Next(fields));
    if (!more) break;
    ++line;
    w.StartArray();
    for (size_t i = 0; i < fields.size(); ++i) {
      const ColumnType type = i < types.size() ? types[i] : ColumnType::kText;
      if (!WriteCell(w, type, fields[i])) {
        const std::string column =
            i < header.size() ? header[i] : "#" + std::to_string(i + 1);
        return Status::Internal("report " + name + ", line " +
                                std::to_string(line) + ", column " + column +
                                ": \"" + std::string(fields[i]) + "\" is not " +
                                std::string(ColumnTypeName(type)));
      }
    }
    w.EndArray();
  }
  w.EndArray();
  w.EndObject();
  return std::string(buffer.GetString());
}

}  // namespace vafa::pipeline
