#include "pipeline/report_rendering.h"

#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "pipeline/report_storage.h"

namespace vafa::pipeline {
namespace {

using nlohmann::json;

// Two customers: a key of digits and one a spreadsheet would take for a
// formula; a day, money (one negative), a share, and empty cells.
ReportTable Customers() {
  ReportTable table("summary");
  table.set_currency("IRR");
  table.AddColumn("customer", ColumnType::kText);
  table.AddColumn("first_purchase", ColumnType::kDate);
  table.AddColumn("orders", ColumnType::kInteger);
  table.AddColumn("revenue", ColumnType::kMoney);
  table.AddColumn("share", ColumnType::kNumber);
  table.Text("007");
  table.Text("2024-03-20");
  table.Integer(3);
  table.Integer(-125000);
  table.Number(0.25);
  EXPECT_TRUE(table.EndRow().ok());
  table.Text("=SUM(A1),x");
  table.Empty();
  table.Integer(0);
  table.Empty();
  table.Number(std::nan(""));
  EXPECT_TRUE(table.EndRow().ok());
  return table;
}

TEST(ReportRenderingTest, CsvQuotesAndProtectsTextAndWritesNumbersPlain) {
  EXPECT_EQ(RenderReportCsv(Customers()),
            "customer,first_purchase,orders,revenue,share\n"
            "007,2024-03-20,3,-125000,0.250000\n"
            "\"'=SUM(A1),x\",,0,,\n");
}

TEST(ReportRenderingTest, JsonHasNumbersAsNumbersAndEachColumnsType) {
  const ReportRun run{7, 1700000000};
  const json report = json::parse(RenderReportJson(Customers(), &run));
  EXPECT_EQ(report["report"], "summary");
  EXPECT_EQ(report["run"], json({{"id", 7}, {"computed_at", 1700000000}}));
  EXPECT_EQ(report["columns"],
            json({"customer", "first_purchase", "orders", "revenue", "share"}));
  // Money is an integer of minor units of the currency, a day text.
  EXPECT_EQ(report["column_types"],
            json({"text", "date", "integer", "money", "number"}));
  EXPECT_EQ(report["currency"], "IRR");
  EXPECT_EQ(report["rows"][0], json({"007", "2024-03-20", 3, -125000, 0.25}));
  EXPECT_EQ(report["rows"][1],
            json({"=SUM(A1),x", nullptr, 0, nullptr, nullptr}));
  EXPECT_FALSE(json::parse(RenderReportJson(Customers())).contains("run"));
}

TEST(ReportRenderingTest, AnInfinityIsInfInCsvAndNullInJsonAndStorage) {
  ReportTable rules("basket");
  rules.AddColumn("conviction", ColumnType::kNumber, ReportTable::kShortest);
  rules.Number(INFINITY);
  ASSERT_TRUE(rules.EndRow().ok());
  rules.Number(1.5);
  ASSERT_TRUE(rules.EndRow().ok());
  EXPECT_EQ(RenderReportCsv(rules), "conviction\ninf\n1.5\n");
  EXPECT_EQ(json::parse(RenderReportJson(rules))["rows"],
            json::parse("[[null],[1.5]]"));
  const StoredTable stored = EncodeReportTable(rules);
  EXPECT_EQ(stored.cells, "[[null,1.5]]");
  // The stored columns keep the decimals the writer stated.
  EXPECT_EQ(stored.columns,
            "{\"currency\":\"\",\"columns\":[{\"name\":\"conviction\","
            "\"type\":\"number\",\"decimals\":-1}]}");
  Result<ReportTable> back =
      DecodeReportTable("basket", stored.columns, stored.cells);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->column(0).decimals, ReportTable::kShortest);
  EXPECT_EQ(RenderReportCsv(*back), "conviction\n\n1.5\n");
}

TEST(ReportRenderingTest, AnEmptyTableRendersAsItsHeaderOrNothing) {
  ReportTable none("pareto");
  EXPECT_EQ(RenderReportCsv(none), "");
  none.AddColumn("customer_percent", ColumnType::kInteger);
  EXPECT_EQ(RenderReportCsv(none), "customer_percent\n");
  EXPECT_EQ(json::parse(RenderReportJson(none))["rows"], json::array());
}

TEST(ReportRenderingTest, NumbersKeepTheReportsFormatUnlessItLosesDigits) {
  EXPECT_EQ(FormatReportNumber(0.5), "0.500000");
  EXPECT_EQ(FormatReportNumber(-1.234567), "-1.234567");
  EXPECT_EQ(FormatReportNumber(0.0000125), "1.25e-05");
  EXPECT_EQ(FormatReportNumber(std::nan("")), "");
}

TEST(ReportStorageTest, ATableRoundTripsThroughItsStoredForm) {
  const StoredTable stored = EncodeReportTable(Customers());
  EXPECT_EQ(stored.columns,
            "{\"currency\":\"IRR\",\"columns\":["
            "{\"name\":\"customer\",\"type\":\"text\"},"
            "{\"name\":\"first_purchase\",\"type\":\"date\"},"
            "{\"name\":\"orders\",\"type\":\"integer\"},"
            "{\"name\":\"revenue\",\"type\":\"money\"},"
            "{\"name\":\"share\",\"type\":\"number\"}]}");
  EXPECT_EQ(stored.cells,
            "[[\"007\",\"=SUM(A1),x\"],[\"2024-03-20\",null],[3,0],"
            "[-125000,null],[0.25,null]]");
  Result<ReportTable> back =
      DecodeReportTable("summary", stored.columns, stored.cells);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(RenderReportCsv(*back), RenderReportCsv(Customers()));
  EXPECT_EQ(RenderReportJson(*back), RenderReportJson(Customers()));
  EXPECT_EQ(back->currency(), "IRR");
  EXPECT_EQ(back->column(3).type, ColumnType::kMoney);
}

TEST(ReportStorageTest, AStoredTableThatDoesNotDecodeIsAnErrorNamingIt) {
  const StoredTable stored = EncodeReportTable(Customers());
  for (const auto& [columns, cells] :
       {std::pair{stored.columns, std::string("[[1],[2]]")},
        std::pair{std::string("{\"columns\":[{\"name\":\"a\",\"type\":"
                              "\"colour\"}]}"),
                  std::string("[[1]]")},
        std::pair{stored.columns,
                  std::string("[[\"a\"],[null],[\"3\"],[1],[0.5]]")},
        std::pair{stored.columns,
                  std::string("[[\"a\",\"b\"],[null],[3],[1],[0.5]]")},
        std::pair{std::string("not json"), stored.cells}}) {
    Result<ReportTable> back = DecodeReportTable("summary", columns, cells);
    ASSERT_FALSE(back.ok()) << cells;
    EXPECT_NE(back.status().message().find("summary"), std::string::npos);
  }
}

}  // namespace
}  // namespace vafa::pipeline
