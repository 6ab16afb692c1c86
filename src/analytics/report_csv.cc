#include "analytics/report_csv.h"

#include <cmath>
#include <cstdio>

#include "analytics/csv_row_buffer.h"

namespace vafa::analytics {

std::string FormatShare(double value) {
  if (std::isnan(value)) return "";
  char text[64];
  std::snprintf(text, sizeof text, "%.6f", value);
  return text;
}

void WriteCustomerSummaryCsv(std::ostream& out,
                             const std::vector<std::string>& customer_keys,
                             const CustomerSummary& s) {
  CsvRowBuffer row(out);
  row << "customer,first_purchase,last_purchase,orders,refunds,purchase_days,"
         "repeat_purchases,recency_days,tenure_days,purchase_span_days,"
         "revenue,refund_amount,mean_order_value,cost_of_goods,margin,"
         "distinct_products,distinct_channels,distinct_branches,"
         "discounted_order_share\n";
  for (int32_t c = 0; c < s.size(); ++c) {
    if (s.orders[c] == 0 && s.refunds[c] == 0) continue;
    const bool buyer = s.has_purchase(c);
    row << CsvText(customer_keys[c]) << ',';
    row.Day(s.first_purchase_day[c]);
    row << ',';
    row.Day(s.last_purchase_day[c]);
    row << ',' << s.orders[c] << ',' << s.refunds[c] << ','
        << s.purchase_days[c] << ',' << s.repeat_purchases[c] << ',';
    if (buyer) {
      row << s.recency_days[c] << ',' << s.tenure_days[c] << ','
          << s.purchase_span_days[c];
    } else {
      row << ",,";
    }
    row << ',' << s.revenue[c] << ',' << s.refund_amount[c] << ',';
    row.Share(s.mean_order_value[c]);
    row << ',';
    if (s.cost_known[c]) {
      row << s.cost_of_goods[c] << ',' << s.margin[c];
    } else {
      row << ',';
    }
    row << ',' << s.distinct_products[c] << ',' << s.distinct_channels[c] << ','
        << s.distinct_branches[c] << ',';
    row.Share(s.discounted_order_share[c]);
    row.EndRow();
  }
}

void WriteRfmCsv(std::ostream& out,
                 const std::vector<std::string>& customer_keys,
                 const RfmScores& rfm) {
  CsvRowBuffer row(out);
  row << "customer,recency_score,frequency_score,monetary_score,rfm,segment\n";
  for (size_t c = 0; c < rfm.segment.size(); ++c) {
    if (rfm.segment[c] == RfmSegment::kNone) continue;
    const int r = rfm.recency[c], f = rfm.frequency[c], m = rfm.monetary[c];
    row << CsvText(customer_keys[c]) << ',' << r << ',' << f << ',' << m << ','
        << r << f << m << ',' << CsvText(RfmSegmentName(rfm.segment[c]));
    row.EndRow();
  }
}

void WriteParetoCsv(std::ostream& out, const KeyCustomers& key) {
  out << "customer_percent,revenue_share,margin_share\n";
  for (int percent = 0; percent <= 100; ++percent) {
    out << percent << ',' << FormatShare(key.revenue.value_share[percent])
        << ',';
    if (key.margin.customers > 0) {
      out << FormatShare(key.margin.value_share[percent]);
    }
    out << '\n';
  }
}

void WriteCustomerValueCsv(std::ostream& out,
                           const std::vector<std::string>& customer_keys,
                           const KeyCustomers& key,
                           const Profitability& profitability) {
  out << "customer,abc,profit,acquisition_retention\n";
  for (size_t c = 0; c < key.abc.size(); ++c) {
    if (key.abc[c] == AbcClass::kNone) continue;
    out << CsvText(customer_keys[c]) << ',' << AbcClassLetter(key.abc[c]) << ','
        << profitability.profit[c] << ','
        << AcquisitionRetentionName(profitability.group[c]) << '\n';
  }
}

void WriteMatrixCsv(std::ostream& out, const Profitability& profitability) {
  out << "group,customers,customer_share,profit,profit_share\n";
  for (size_t group = 0; group < profitability.matrix.size(); ++group) {
    const MatrixCell& cell = profitability.matrix[group];
    out << AcquisitionRetentionName(static_cast<AcquisitionRetention>(group))
        << ',' << cell.customers << ',' << FormatShare(cell.customer_share)
        << ',' << cell.profit << ',' << FormatShare(cell.profit_share) << '\n';
  }
}

void WriteSegmentsCsv(std::ostream& out, const CustomerSummary& summary,
                      const RfmScores& rfm,
                      const Profitability& profitability) {
  std::vector<int64_t> customers(kRfmSegmentCount), revenue(kRfmSegmentCount),
      profit(kRfmSegmentCount);
  for (int32_t c = 0; c < summary.size(); ++c) {
    auto segment = static_cast<size_t>(rfm.segment[c]);
    ++customers[segment];
    revenue[segment] += summary.revenue[c];
    profit[segment] += profitability.profit[c];
  }
  out << "segment,customers,revenue,profit\n";
  for (int segment = 1; segment < kRfmSegmentCount; ++segment) {
    out << CsvText(RfmSegmentName(static_cast<RfmSegment>(segment))) << ','
        << customers[segment] << ',' << revenue[segment] << ','
        << profit[segment] << '\n';
  }
}

void WriteAbcCsv(std::ostream& out, const CustomerSummary& summary,
                 const KeyCustomers& key, const Profitability& profitability) {
  std::vector<int64_t> customers(4), revenue(4), profit(4);
  for (int32_t c = 0; c < summary.size(); ++c) {
    auto abc = static_cast<size_t>(key.abc[c]);
    ++customers[abc];
    revenue[abc] += summary.revenue[c];
    profit[abc] += profitability.profit[c];
  }
  out << "class,customers,revenue,profit\n";
  for (AbcClass abc : {AbcClass::kA, AbcClass::kB, AbcClass::kC}) {
    auto i = static_cast<size_t>(abc);
    out << AbcClassLetter(abc) << ',' << customers[i] << ',' << revenue[i]
        << ',' << profit[i] << '\n';
  }
}

void WriteRetentionKpisCsv(std::ostream& out, const RetentionKpis& k) {
  out << "month,active_customers,new_customers,retained_customers,"
         "repeat_customers,acquisition_rate,retention_rate,churn_rate,"
         "repeat_purchase_rate,purchase_days,purchase_frequency,orders,"
         "gross_sales,refunds,revenue,average_order_value\n";
  for (size_t m = 0; m < k.size(); ++m) {
    out << MonthLabel(k.month[m], k.calendar) << ',' << k.active_customers[m]
        << ',' << k.new_customers[m] << ',' << k.retained_customers[m] << ','
        << k.repeat_customers[m] << ',' << FormatShare(k.acquisition_rate[m])
        << ',' << FormatShare(k.retention_rate[m]) << ','
        << FormatShare(k.churn_rate[m]) << ','
        << FormatShare(k.repeat_purchase_rate[m]) << ',' << k.purchase_days[m]
        << ',' << FormatShare(k.purchase_frequency[m]) << ',' << k.orders[m]
        << ',' << k.gross_sales[m] << ',' << k.refunds[m] << ',' << k.revenue[m]
        << ',' << FormatShare(k.average_order_value[m]) << '\n';
  }
}

void WriteCohortsCsv(std::ostream& out, const CohortTable& table) {
  out << "cohort,size,months_since,active,retention\n";
  for (size_t c = 0; c < table.cohort_month.size(); ++c) {
    const std::string label = MonthLabel(table.cohort_month[c], table.calendar);
    for (size_t since = 0; since < table.active[c].size(); ++since) {
      out << label << ',' << table.size[c] << ',' << since << ','
          << table.active[c][since] << ','
          << FormatShare(table.Retention(c, since)) << '\n';
    }
  }
}

}  // namespace vafa::analytics
