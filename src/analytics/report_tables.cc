#include "analytics/report_tables.h"

#include <cmath>
#include <cstdio>
#include <initializer_list>
#include <string_view>

namespace vafa::analytics {
namespace {

constexpr ColumnType kText = ColumnType::kText;
constexpr ColumnType kInteger = ColumnType::kInteger;
constexpr ColumnType kNumber = ColumnType::kNumber;
constexpr ColumnType kMoney = ColumnType::kMoney;
constexpr ColumnType kDate = ColumnType::kDate;

}  // namespace

ReportTable NewReportTable(std::string name,
                           std::initializer_list<ReportColumnSpec> columns,
                           const std::string& currency) {
  ReportTable table(std::move(name));
  table.set_currency(currency);
  for (const ReportColumnSpec& column : columns) {
    table.AddColumn(std::string(column.name), column.type, kShareDecimals);
  }
  return table;
}

void TextCell(ReportTable& table, std::string_view text) {
  if (text.empty()) {
    table.Empty();
  } else {
    table.Text(text);
  }
}

void MoneyCell(ReportTable& table, double amount) {
  if (std::isnan(amount)) {
    table.Empty();
  } else {
    table.Integer(static_cast<int64_t>(std::llround(amount)));
  }
}

std::string FormatShare(double value) {
  if (std::isnan(value)) return "";
  char text[64];
  std::snprintf(text, sizeof text, "%.6f", value);
  return text;
}

ReportTable CustomerSummaryTable(const std::vector<std::string>& customer_keys,
                                 const CustomerSummary& s,
                                 const std::string& currency) {
  ReportTable table = NewReportTable("summary",
                                     {{"customer", kText},
                                      {"first_purchase", kDate},
                                      {"last_purchase", kDate},
                                      {"orders", kInteger},
                                      {"refunds", kInteger},
                                      {"purchase_days", kInteger},
                                      {"repeat_purchases", kInteger},
                                      {"recency_days", kInteger},
                                      {"tenure_days", kInteger},
                                      {"purchase_span_days", kInteger},
                                      {"revenue", kMoney},
                                      {"refund_amount", kMoney},
                                      {"mean_order_value", kNumber},
                                      {"cost_of_goods", kMoney},
                                      {"margin", kMoney},
                                      {"distinct_products", kInteger},
                                      {"distinct_channels", kInteger},
                                      {"distinct_branches", kInteger},
                                      {"discounted_order_share", kNumber}},
                                     currency);
  table.Reserve(static_cast<size_t>(s.size()));
  for (int32_t c = 0; c < s.size(); ++c) {
    if (s.orders[c] == 0 && s.refunds[c] == 0) continue;
    table.Text(customer_keys[c]);
    table.Date(s.first_purchase_day[c], kNoDay);
    table.Date(s.last_purchase_day[c], kNoDay);
    table.Integer(s.orders[c]);
    table.Integer(s.refunds[c]);
    table.Integer(s.purchase_days[c]);
    table.Integer(s.repeat_purchases[c]);
    if (s.has_purchase(c)) {
      table.Integer(s.recency_days[c]);
      table.Integer(s.tenure_days[c]);
      table.Integer(s.purchase_span_days[c]);
    } else {
      table.Empty();
      table.Empty();
      table.Empty();
    }
    table.Integer(s.revenue[c]);
    table.Integer(s.refund_amount[c]);
    table.Number(s.mean_order_value[c]);
    if (s.cost_known[c]) {
      table.Integer(s.cost_of_goods[c]);
      table.Integer(s.margin[c]);
    } else {
      table.Empty();
      table.Empty();
    }
    table.Integer(s.distinct_products[c]);
    table.Integer(s.distinct_channels[c]);
    table.Integer(s.distinct_branches[c]);
    table.Number(s.discounted_order_share[c]);
    table.EndWrittenRow();
  }
  return table;
}

ReportTable RfmTable(const std::vector<std::string>& customer_keys,
                     const RfmScores& rfm) {
  ReportTable table = NewReportTable("rfm", {{"customer", kText},
                                             {"recency_score", kInteger},
                                             {"frequency_score", kInteger},
                                             {"monetary_score", kInteger},
                                             {"rfm", kInteger},
                                             {"segment", kText}});
  table.Reserve(rfm.segment.size());
  for (size_t c = 0; c < rfm.segment.size(); ++c) {
    if (rfm.segment[c] == RfmSegment::kNone) continue;
    const int r = rfm.recency[c], f = rfm.frequency[c], m = rfm.monetary[c];
    table.Text(customer_keys[c]);
    table.Integer(r);
    table.Integer(f);
    table.Integer(m);
    table.Integer(r * 100 + f * 10 + m);  // scores are 1 to 5: "rfm" digits
    table.Text(RfmSegmentName(rfm.segment[c]));
    table.EndWrittenRow();
  }
  return table;
}

ReportTable ParetoTable(const KeyCustomers& key) {
  ReportTable table = NewReportTable("pareto", {{"customer_percent", kInteger},
                                                {"revenue_share", kNumber},
                                                {"margin_share", kNumber}});
  for (int percent = 0; percent <= 100; ++percent) {
    table.Integer(percent);
    table.Number(key.revenue.value_share[percent]);
    if (key.margin.customers > 0) {
      table.Number(key.margin.value_share[percent]);
    } else {
      table.Empty();
    }
    table.EndWrittenRow();
  }
  return table;
}

ReportTable CustomerValueTable(const std::vector<std::string>& customer_keys,
                               const KeyCustomers& key,
                               const Profitability& profitability,
                               const std::string& currency) {
  ReportTable table = NewReportTable("value",
                                     {{"customer", kText},
                                      {"abc", kText},
                                      {"profit", kMoney},
                                      {"acquisition_retention", kText}},
                                     currency);
  table.Reserve(key.abc.size());
  for (size_t c = 0; c < key.abc.size(); ++c) {
    if (key.abc[c] == AbcClass::kNone) continue;
    table.Text(customer_keys[c]);
    const char letter = AbcClassLetter(key.abc[c]);
    table.Text(std::string_view(&letter, 1));
    table.Integer(profitability.profit[c]);
    table.Text(AcquisitionRetentionName(profitability.group[c]));
    table.EndWrittenRow();
  }
  return table;
}

ReportTable MatrixTable(const Profitability& profitability,
                        const std::string& currency) {
  ReportTable table = NewReportTable("matrix",
                                     {{"group", kText},
                                      {"customers", kInteger},
                                      {"customer_share", kNumber},
                                      {"profit", kMoney},
                                      {"profit_share", kNumber}},
                                     currency);
  for (size_t group = 0; group < profitability.matrix.size(); ++group) {
    const MatrixCell& cell = profitability.matrix[group];
    table.Text(
        AcquisitionRetentionName(static_cast<AcquisitionRetention>(group)));
    table.Integer(cell.customers);
    table.Number(cell.customer_share);
    table.Integer(cell.profit);
    table.Number(cell.profit_share);
    table.EndWrittenRow();
  }
  return table;
}

ReportTable SegmentsTable(const CustomerSummary& summary, const RfmScores& rfm,
                          const Profitability& profitability,
                          const std::string& currency) {
  std::vector<int64_t> customers(kRfmSegmentCount), revenue(kRfmSegmentCount),
      profit(kRfmSegmentCount);
  for (int32_t c = 0; c < summary.size(); ++c) {
    auto segment = static_cast<size_t>(rfm.segment[c]);
    ++customers[segment];
    revenue[segment] += summary.revenue[c];
    profit[segment] += profitability.profit[c];
  }
  ReportTable table = NewReportTable("segments",
                                     {{"segment", kText},
                                      {"customers", kInteger},
                                      {"revenue", kMoney},
                                      {"profit", kMoney}},
                                     currency);
  for (int segment = 1; segment < kRfmSegmentCount; ++segment) {
    table.Text(RfmSegmentName(static_cast<RfmSegment>(segment)));
    table.Integer(customers[segment]);
    table.Integer(revenue[segment]);
    table.Integer(profit[segment]);
    table.EndWrittenRow();
  }
  return table;
}

ReportTable AbcTable(const CustomerSummary& summary, const KeyCustomers& key,
                     const Profitability& profitability,
                     const std::string& currency) {
  std::vector<int64_t> customers(4), revenue(4), profit(4);
  for (int32_t c = 0; c < summary.size(); ++c) {
    auto abc = static_cast<size_t>(key.abc[c]);
    ++customers[abc];
    revenue[abc] += summary.revenue[c];
    profit[abc] += profitability.profit[c];
  }
  ReportTable table = NewReportTable("abc",
                                     {{"class", kText},
                                      {"customers", kInteger},
                                      {"revenue", kMoney},
                                      {"profit", kMoney}},
                                     currency);
  for (AbcClass abc : {AbcClass::kA, AbcClass::kB, AbcClass::kC}) {
    auto i = static_cast<size_t>(abc);
    const char letter = AbcClassLetter(abc);
    table.Text(std::string_view(&letter, 1));
    table.Integer(customers[i]);
    table.Integer(revenue[i]);
    table.Integer(profit[i]);
    table.EndWrittenRow();
  }
  return table;
}

ReportTable RetentionKpisTable(const RetentionKpis& k,
                               const std::string& currency) {
  ReportTable table = NewReportTable("kpis",
                                     {{"month", kText},
                                      {"active_customers", kInteger},
                                      {"new_customers", kInteger},
                                      {"retained_customers", kInteger},
                                      {"repeat_customers", kInteger},
                                      {"acquisition_rate", kNumber},
                                      {"retention_rate", kNumber},
                                      {"churn_rate", kNumber},
                                      {"repeat_purchase_rate", kNumber},
                                      {"purchase_days", kInteger},
                                      {"purchase_frequency", kNumber},
                                      {"orders", kInteger},
                                      {"gross_sales", kMoney},
                                      {"refunds", kMoney},
                                      {"revenue", kMoney},
                                      {"average_order_value", kNumber}},
                                     currency);
  for (size_t m = 0; m < k.size(); ++m) {
    table.Text(MonthLabel(k.month[m], k.calendar));
    table.Integer(k.active_customers[m]);
    table.Integer(k.new_customers[m]);
    table.Integer(k.retained_customers[m]);
    table.Integer(k.repeat_customers[m]);
    table.Number(k.acquisition_rate[m]);
    table.Number(k.retention_rate[m]);
    table.Number(k.churn_rate[m]);
    table.Number(k.repeat_purchase_rate[m]);
    table.Integer(k.purchase_days[m]);
    table.Number(k.purchase_frequency[m]);
    table.Integer(k.orders[m]);
    table.Integer(k.gross_sales[m]);
    table.Integer(k.refunds[m]);
    table.Integer(k.revenue[m]);
    table.Number(k.average_order_value[m]);
    table.EndWrittenRow();
  }
  return table;
}

ReportTable CohortsTable(const CohortTable& cohorts) {
  ReportTable table = NewReportTable("cohorts", {{"cohort", kText},
                                                 {"size", kInteger},
                                                 {"months_since", kInteger},
                                                 {"active", kInteger},
                                                 {"retention", kNumber}});
  for (size_t c = 0; c < cohorts.cohort_month.size(); ++c) {
    const std::string label =
        MonthLabel(cohorts.cohort_month[c], cohorts.calendar);
    for (size_t since = 0; since < cohorts.active[c].size(); ++since) {
      table.Text(label);
      table.Integer(cohorts.size[c]);
      table.Integer(static_cast<int64_t>(since));
      table.Integer(cohorts.active[c][since]);
      table.Number(cohorts.Retention(c, since));
      table.EndWrittenRow();
    }
  }
  return table;
}

}  // namespace vafa::analytics
