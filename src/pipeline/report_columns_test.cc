#include "pipeline/report_columns.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "analytics/churn/churn_features.h"
#include "analytics/churn/churn_model.h"
#include "pipeline/analysis_reports.h"
#include "pipeline/churn_analysis.h"
#include "pipeline/report_rendering.h"
#include "pipeline/transaction_source.h"

namespace vafa::pipeline {
namespace {

using nlohmann::json;
using testing::HasSubstr;

// A small shop: 60 customers over two years, keys of digits with leading
// zeros, four products bought together and apart.
std::filesystem::path WriteShop() {
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() /
      ("report_columns_" + std::to_string(::getpid()) + ".csv");
  std::ofstream out(path);
  out << "customer_id,date,order_id,product,quantity,amount\n";
  int order = 0;
  for (int c = 0; c < 60; ++c) {
    const std::string customer = "00" + std::to_string(c);
    const int orders = 1 + c % 7;
    for (int k = 0; k < orders; ++k) {
      const int day = 1 + (c * 11 + k * 97) % 700;
      const int month = (day / 28) % 12 + 1, year = 2024 + day / 400;
      char date[16];
      std::snprintf(date, sizeof date, "%04d-%02d-%02d", year, month,
                    day % 28 + 1);
      const std::string id = "O" + std::to_string(++order);
      out << customer << ',' << date << ',' << id << ",P" << (c + k) % 4
          << ",1," << 10 + (c * 7 + k * 3) % 40 << "\n";
      if ((c + k) % 3 == 0) {
        out << customer << ',' << date << ',' << id << ",P" << (c + k + 1) % 4
            << ",1,5\n";
      }
      if (k == 2 && c % 9 == 0) {  // a refund
        out << customer << ',' << date << ',' << id << "R,P0,1,-5\n";
      }
    }
  }
  return path;
}

std::vector<std::string> HeaderOf(const std::string& csv) {
  std::vector<std::string> columns;
  std::istringstream in(csv.substr(0, csv.find('\n')));
  for (std::string column; std::getline(in, column, ',');) {
    columns.push_back(column);
  }
  return columns;
}

void ExpectShape(const std::string& name, const std::string& csv) {
  SCOPED_TRACE(name);
  const ReportShape* shape = ShapeOfReport(name);
  ASSERT_NE(shape, nullptr) << "no shape for report " << name;
  const std::vector<std::string> header = HeaderOf(csv);
  ASSERT_GE(header.size(), shape->columns.size());
  if (!shape->open) {
    ASSERT_EQ(header.size(), shape->columns.size());
  }
  for (size_t i = 0; i < shape->columns.size(); ++i) {
    EXPECT_EQ(header[i], shape->columns[i].name);
  }
  // Every cell reads as its column's type, and the table renders back to
  // the bytes the writer wrote.
  Result<ReportTable> table = ReportTableFromCsv(csv, name);
  ASSERT_TRUE(table.ok()) << table.status().message();
  if (name != "basket" && name != "churn_models") {
    EXPECT_EQ(RenderReportCsv(*table), csv);
  }
}

TEST(ReportColumnsTest, EveryAnalysisReportWritesTheColumnsItsShapeNames) {
  const std::filesystem::path shop = WriteShop();
  Result<LoadedLog> loaded = LoadTransactionsCsv(shop.string(), "USD", 0, 1);
  std::filesystem::remove(shop);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  ReportOptions options;
  options.product = "P1";
  options.min_support = "2";
  options.holdout_days = 120;
  for (const std::string& name : AnalysisReportNames()) {
    // The writer's table declares the types its shape names, which is
    // how a report kept as CSV before migration 0025 is read.
    Result<ReportTable> table = AnalysisReportTable(*loaded, options, name);
    ASSERT_TRUE(table.ok()) << name << ": " << table.status().message();
    const ReportShape* shape = ShapeOfReport(name);
    ASSERT_NE(shape, nullptr) << name;
    for (const ReportTable::Column& column : table->columns()) {
      EXPECT_EQ(column.type, shape->TypeOf(column.name))
          << name << "." << column.name;
    }
    EXPECT_EQ(table->currency(), "USD") << name;
    std::ostringstream out;
    Status written = WriteAnalysisReport(*loaded, options, name, out);
    ASSERT_TRUE(written.ok()) << name << ": " << written.message();
    // Rows too, so that their cells are checked against the types.
    EXPECT_LT(out.str().find('\n') + 1, out.str().size()) << name;
    ExpectShape(name, out.str());
  }
}

TEST(ReportColumnsTest, EveryChurnReportWritesTheColumnsItsShapeNames) {
  const std::filesystem::path shop = WriteShop();
  Result<LoadedLog> loaded = LoadTransactionsCsv(shop.string(), "USD", 0, 1);
  std::filesystem::remove(shop);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  analytics::churn::ChurnOptions options;
  options.threads = 1;
  Result<analytics::churn::ChurnResult> churned =
      AnalyzeChurn(*loaded, analytics::churn::ComplaintLog{}, options);
  ASSERT_TRUE(churned.ok()) << churned.status().message();
  const analytics::churn::ChurnResult& result = *churned;
  for (const ReportTable& table :
       {ChurnTable(loaded->log, result), ChurnModelsTable(result),
        ChurnEvidenceTable(result, options), ChurnCalibrationTable(result),
        ChurnLiftTable(result), ChurnReasonsTable(result),
        ChurnStagesTable(result),
        RetentionListTable(*loaded, result, 10, nullptr)}) {
    const ReportShape* shape = ShapeOfReport(table.name());
    ASSERT_NE(shape, nullptr) << table.name();
    for (const ReportTable::Column& column : table.columns()) {
      EXPECT_EQ(column.type, shape->TypeOf(column.name))
          << table.name() << "." << column.name;
    }
    const std::string csv = RenderReportCsv(table);
    EXPECT_LT(csv.find('\n') + 1, csv.size()) << table.name();
    ExpectShape(table.name(), csv);
  }
}

TEST(ReportColumnsTest, CellsTakeTheirColumnsTypeNotTheirLooks) {
  Result<ReportTable> table = ReportTableFromCsv(
      "customer,abc,profit,acquisition_retention\n"
      "007,A,120,easy_acquire_easy_retain\n"
      "'=1+1,B,,\n"
      "12,C,-3,\n",
      "value", "IRR");
  ASSERT_TRUE(table.ok()) << table.status().message();
  ASSERT_EQ(table->row_count(), 3u);
  EXPECT_EQ(table->currency(), "IRR");
  EXPECT_EQ(table->column(0).type, ColumnType::kText);
  EXPECT_EQ(table->column(2).type, ColumnType::kMoney);
  EXPECT_EQ(table->TextAt(0, 0), "007");
  EXPECT_EQ(table->IntegerAt(2, 0), 120);
  // The CSV's formula protection is taken off; empty cells are empty.
  EXPECT_EQ(table->TextAt(0, 1), "=1+1");
  EXPECT_TRUE(table->IsEmpty(2, 1));
  EXPECT_TRUE(table->IsEmpty(3, 1));
  EXPECT_EQ(table->TextAt(0, 2), "12");
  EXPECT_EQ(table->IntegerAt(2, 2), -3);
}

TEST(ReportColumnsTest, ACellThatIsNotItsColumnsTypeIsAnErrorNamingIt) {
  Result<ReportTable> table = ReportTableFromCsv(
      "segment,customers,revenue,profit\nLoyal,12,x9,1\n", "segments");
  ASSERT_FALSE(table.ok());
  EXPECT_THAT(table.status().message(),
              HasSubstr("report segments, line 2, column revenue"));
  EXPECT_FALSE(
      ReportTableFromCsv(
          "customer_percent,revenue_share,margin_share\n1,nan,\n", "pareto")
          .ok());
  // A date column holds days.
  EXPECT_FALSE(ReportTableFromCsv("week,end_day,actual_cumulative,"
                                  "predicted_cumulative,period\n"
                                  "1,01/02/2024,1,1,calibration\n",
                                  "clv_tracking")
                   .ok());
}

TEST(ReportColumnsTest, AReportWithoutAShapeIsTextOrTypedByItsLooks) {
  const std::string csv = "code,count,phone\n12,3,0912\n-4,5.5,0935\n";
  Result<ReportTable> text = ReportTableFromCsv(csv, "no_such_report");
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(text->column(0).type, ColumnType::kText);
  EXPECT_EQ(text->column(1).type, ColumnType::kText);
  Result<ReportTable> looks =
      ReportTableFromCsv(csv, "no_such_report", "", /*unknown_by_looks=*/true);
  ASSERT_TRUE(looks.ok());
  EXPECT_EQ(looks->column(0).type, ColumnType::kNumber);
  EXPECT_EQ(looks->column(1).type, ColumnType::kNumber);
  // A leading zero is a phone's, not a number's.
  EXPECT_EQ(looks->column(2).type, ColumnType::kText);
  EXPECT_EQ(looks->TextAt(2, 1), "0935");
}

TEST(ReportColumnsTest, AnOpenReportTypesTheColumnsItNamesAtRunTime) {
  const ReportShape* lift = ShapeOfReport("churn_lift");
  ASSERT_NE(lift, nullptr);
  EXPECT_EQ(lift->TypeOf("decile"), ColumnType::kInteger);
  EXPECT_EQ(lift->TypeOf("logistic"), ColumnType::kNumber);
  EXPECT_EQ(ShapeOfReport("summary")->TypeOf("nope"), ColumnType::kText);
  EXPECT_EQ(ShapeOfReport("no_such_report"), nullptr);
}

}  // namespace
}  // namespace vafa::pipeline
