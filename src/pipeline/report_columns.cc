#include "pipeline/report_columns.h"

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
constexpr ColumnType M = ColumnType::kMoney;
constexpr ColumnType D = ColumnType::kDate;

constexpr ReportColumn kSummary[] = {{"customer", T},
                                     {"first_purchase", D},
                                     {"last_purchase", D},
                                     {"orders", I},
                                     {"refunds", I},
                                     {"purchase_days", I},
                                     {"repeat_purchases", I},
                                     {"recency_days", I},
                                     {"tenure_days", I},
                                     {"purchase_span_days", I},
                                     {"revenue", M},
                                     {"refund_amount", M},
                                     {"mean_order_value", N},
                                     {"cost_of_goods", M},
                                     {"margin", M},
                                     {"distinct_products", I},
                                     {"distinct_channels", I},
                                     {"distinct_branches", I},
                                     {"discounted_order_share", N}};
constexpr ReportColumn kRfm[] = {
    {"customer", T},       {"recency_score", I}, {"frequency_score", I},
    {"monetary_score", I}, {"rfm", I},           {"segment", T}};
constexpr ReportColumn kSegments[] = {
    {"segment", T}, {"customers", I}, {"revenue", M}, {"profit", M}};
constexpr ReportColumn kPareto[] = {
    {"customer_percent", I}, {"revenue_share", N}, {"margin_share", N}};
constexpr ReportColumn kAbc[] = {
    {"class", T}, {"customers", I}, {"revenue", M}, {"profit", M}};
constexpr ReportColumn kValue[] = {
    {"customer", T}, {"abc", T}, {"profit", M}, {"acquisition_retention", T}};
constexpr ReportColumn kMatrix[] = {{"group", T},
                                    {"customers", I},
                                    {"customer_share", N},
                                    {"profit", M},
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
                                  {"gross_sales", M},
                                  {"refunds", M},
                                  {"revenue", M},
                                  {"average_order_value", N}};
constexpr ReportColumn kCohorts[] = {{"cohort", T},
                                     {"size", I},
                                     {"months_since", I},
                                     {"active", I},
                                     {"retention", N}};
constexpr ReportColumn kClv[] = {{"customer", T},
                                 {"p_alive", N},
                                 {"expected_purchases_1y", N},
                                 {"clv_1y", M}};
constexpr ReportColumn kClvDistribution[] = {{"p_alive_from", N},
                                             {"p_alive_to", N},
                                             {"customers", I},
                                             {"expected_purchases_1y", N},
                                             {"clv_1y", M}};
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
                                         {"end_day", D},
                                         {"actual_cumulative", N},
                                         {"predicted_cumulative", N},
                                         {"period", T}};
constexpr ReportColumn kRfmMoves[] = {{"from", T}, {"to", T}, {"customers", I}};
constexpr ReportColumn kChurn[] = {
    {"customer", T},     {"churn_risk", N}, {"band", T},     {"rule_risk", N},
    {"stage", T},        {"value", M},      {"priority", I}, {"action", T},
    {"action_value", M}, {"reasons", T}};
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
    {"stage", T}, {"customers", I}, {"value", M}, {"value_at_risk", M}};
constexpr ReportColumn kRetentionList[] = {
    {"customer_id", I}, {"customer", T},     {"name", T},
    {"churn_risk", N},  {"band", T},         {"rule_risk", N},
    {"stage", T},       {"value", M},        {"priority", I},
    {"action", T},      {"action_value", M}, {"reasons", T}};

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

// Whether `cell` is a day written "YYYY-MM-DD".
bool IsIsoDay(std::string_view cell) {
  if (cell.size() != 10 || cell[4] != '-' || cell[7] != '-') return false;
  for (size_t i = 0; i < cell.size(); ++i) {
    if (i != 4 && i != 7 && (cell[i] < '0' || cell[i] > '9')) return false;
  }
  return true;
}

// Adds a CSV cell to the table by its column's type; false when it does
// not read as that type.
bool AddCell(ReportTable& table, ColumnType type, std::string_view cell) {
  if (cell.empty()) {
    table.Empty();
    return true;
  }
  const char* end = cell.data() + cell.size();
  if (HoldsIntegers(type)) {
    int64_t integer = 0;
    auto [at, error] = std::from_chars(cell.data(), end, integer);
    if (error != std::errc() || at != end) return false;
    table.Integer(integer);
    return true;
  }
  if (type == ColumnType::kNumber) {
    double number = 0;
    auto [at, error] = std::from_chars(cell.data(), end, number);
    if (error != std::errc() || at != end || std::isnan(number)) return false;
    // An infinite figure (a rule's conviction when its confidence is 1)
    // has no number in JSON: an empty cell.
    table.Number(number);
    return true;
  }
  if (type == ColumnType::kDate && !IsIsoDay(cell)) return false;
  // The CSV's text cells are formula-protected; the table has the value.
  table.Text(UnprotectCsvText(cell));
  return true;
}

// Plain decimals only: an optional '-', digits without a leading zero (or a
// lone 0: "0912..." is a phone), an optional fraction; at most 15
// significant digits, which a double holds exactly as a spreadsheet shows.
bool LooksLikeNumber(std::string_view text) {
  size_t i = text.size() > 1 && text[0] == '-' ? 1 : 0;
  const size_t start = i;
  size_t digits = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i, ++digits;
  if (digits == 0 || (text[start] == '0' && digits > 1)) return false;
  if (i < text.size() && text[i] == '.') {
    ++i;
    size_t fraction = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
      ++i, ++fraction;
    }
    if (fraction == 0) return false;
    digits += fraction;
  }
  return i == text.size() && digits <= 15;
}

// The types of a report without a shape, by its cells' looks: a column
// whose every cell is empty or looks like a number is a number column.
Result<std::vector<ColumnType>> TypesByLooks(const std::string& csv,
                                             const std::string& name,
                                             size_t columns) {
  std::vector<ColumnType> types(columns, ColumnType::kNumber);
  auto reader = import::CsvReader::FromString(csv, name);
  std::vector<std::string_view> fields;
  VAFA_ASSIGN_OR_RETURN(bool more, reader->Next(fields));  // the header
  while (more) {
    VAFA_ASSIGN_OR_RETURN(more, reader->Next(fields));
    for (size_t i = 0; more && i < fields.size() && i < columns; ++i) {
      if (!fields[i].empty() && !LooksLikeNumber(fields[i])) {
        types[i] = ColumnType::kText;
      }
    }
  }
  return types;
}

}  // namespace

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

Result<ReportTable> ReportTableFromCsv(std::string csv, const std::string& name,
                                       const std::string& currency,
                                       bool unknown_by_looks) {
  static const ReportShape kUnknown{};
  const ReportShape* found = ShapeOfReport(name);
  const ReportShape& shape = found != nullptr ? *found : kUnknown;
  ReportTable table(name);
  table.set_currency(currency);
  std::vector<std::string_view> fields;
  std::vector<std::string> header;
  std::vector<ColumnType> types;
  {
    auto reader = import::CsvReader::FromString(csv, name);
    VAFA_ASSIGN_OR_RETURN(bool more, reader->Next(fields));
    for (size_t i = 0; more && i < fields.size(); ++i) {
      header.emplace_back(fields[i]);
      types.push_back(shape.TypeOf(fields[i]));
    }
  }
  if (found == nullptr && unknown_by_looks) {
    VAFA_ASSIGN_OR_RETURN(types, TypesByLooks(csv, name, header.size()));
  }
  for (size_t i = 0; i < header.size(); ++i) {
    table.AddColumn(header[i], types[i]);
  }
  auto reader = import::CsvReader::FromString(std::move(csv), name);
  VAFA_ASSIGN_OR_RETURN(bool more, reader->Next(fields));  // the header
  int64_t line = 1;
  while (more) {
    VAFA_ASSIGN_OR_RETURN(more, reader->Next(fields));
    if (!more) break;
    ++line;
    for (size_t i = 0; i < fields.size(); ++i) {
      const ColumnType type = i < types.size() ? types[i] : ColumnType::kText;
      if (!AddCell(table, type, fields[i])) {
        const std::string column =
            i < header.size() ? header[i] : "#" + std::to_string(i + 1);
        return Status::Internal("report " + name + ", line " +
                                std::to_string(line) + ", column " + column +
                                ": \"" + std::string(fields[i]) + "\" is not " +
                                std::string(ColumnTypeName(type)));
      }
    }
    VAFA_RETURN_IF_ERROR(table.EndRow());
  }
  return table;
}

}  // namespace vafa::pipeline
