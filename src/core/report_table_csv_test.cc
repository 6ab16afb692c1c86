#include "core/report_table_csv.h"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <random>
#include <sstream>
#include <string>

namespace vafa {
namespace {

// What a writer printing "%.6f" and a reader parsing it back made of
// `value` before the writers built tables.
double PrintedAndRead(double value, int decimals) {
  char text[512];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  double back = 0;
  std::from_chars(text, text + std::char_traits<char>::length(text), back);
  return back;
}

TEST(RoundToDecimalsTest, IsWhatPrintingAndReadingBackGives) {
  const double cases[] = {0,
                          -0.0,
                          1.0 / 3,
                          2.0 / 3,
                          0.0000005,
                          0.0000015,
                          0.0000025,
                          1e-7,
                          -1e-7,
                          123.4565,
                          1234567.5,
                          4.5e9,
                          9e9 + 0.1234567,
                          -2.25e11,
                          1e15 / 3,
                          1e300,
                          0.1,
                          0.7,
                          2.675};
  for (double value : cases) {
    EXPECT_EQ(RoundToDecimals(value, 6), PrintedAndRead(value, 6)) << value;
    EXPECT_EQ(std::signbit(RoundToDecimals(value, 6)),
              std::signbit(PrintedAndRead(value, 6)))
        << value;
  }
  // Many shares and means, against printf's exact rounding.
  std::mt19937_64 random(7);
  std::uniform_real_distribution<double> share(0, 1), mean(0, 1e8);
  for (int i = 0; i < 200000; ++i) {
    const double s = share(random), m = mean(random);
    ASSERT_EQ(RoundToDecimals(s, 6), PrintedAndRead(s, 6)) << s;
    ASSERT_EQ(RoundToDecimals(m, 6), PrintedAndRead(m, 6)) << m;
    ASSERT_EQ(RoundToDecimals(m, 2), PrintedAndRead(m, 2)) << m;
  }
  EXPECT_TRUE(std::isnan(RoundToDecimals(NAN, 6)));
  EXPECT_EQ(RoundToDecimals(INFINITY, 6), INFINITY);
}

ReportTable Shares() {
  ReportTable table("shares");
  table.AddColumn("customer", ColumnType::kText);
  table.AddColumn("day", ColumnType::kDate);
  table.AddColumn("orders", ColumnType::kInteger);
  table.AddColumn("revenue", ColumnType::kMoney);
  table.AddColumn("share", ColumnType::kNumber, 6);
  table.AddColumn("support", ColumnType::kNumber, ReportTable::kShortest);
  table.AddColumn("legacy", ColumnType::kNumber);
  return table;
}

TEST(RenderReportCsvTest, EachColumnInItsFormat) {
  ReportTable table = Shares();
  // 2024-01-05 is day 19727.
  table.Text("=1+2");
  table.Date(19727, -1);
  table.Integer(3);
  table.Integer(-1500);
  table.Number(1.0 / 3);
  table.Number(0.5);
  table.Number(0.5);
  ASSERT_TRUE(table.EndRow().ok());
  table.Text("a,b");
  table.Date(-1, -1);  // no day: an empty cell
  table.Empty();
  table.Integer(0);
  table.Number(NAN);
  table.Number(INFINITY);
  table.Number(0.0000125);
  ASSERT_TRUE(table.EndRow().ok());
  EXPECT_EQ(RenderReportCsv(table),
            "customer,day,orders,revenue,share,support,legacy\n"
            "'=1+2,2024-01-05,3,-1500,0.333333,0.5,0.500000\n"
            "\"a,b\",,,0,,inf,1.25e-05\n");
  // The share is kept as the CSV shows it.
  EXPECT_EQ(table.NumberAt(4, 0), 0.333333);
}

// The CSV line a row of RowsOfEveryKind shows, written out by hand from
// the row's number.
std::string ExpectedCsvLine(int row) {
  std::string line;
  switch (row % 4) {  // a plain key, a formula, a comma, an empty cell
    case 0:
      line = "c" + std::to_string(row);
      break;
    case 1:
      line = "'-" + std::to_string(row) + "x";
      break;
    case 2:
      line = "\"k," + std::to_string(row) + "\"";
      break;
    default:
      break;
  }
  line += row % 3 == 0 ? ",2024-01-05," : ",,";
  line += std::to_string(row * 7 - 1000) + ",";
  line += row % 2 == 0 ? std::to_string(row / 2) + ".250000" : "";
  return line + "\n";
}

ReportTable RowsOfEveryKind(int rows) {
  ReportTable table("blocks");
  table.AddColumn("key", ColumnType::kText);
  table.AddColumn("day", ColumnType::kDate);
  table.AddColumn("amount", ColumnType::kMoney);
  table.AddColumn("share", ColumnType::kNumber, 6);
  table.Reserve(static_cast<size_t>(rows));
  for (int row = 0; row < rows; ++row) {
    switch (row % 4) {
      case 0:
        table.Text("c" + std::to_string(row));
        break;
      case 1:
        table.Text("-" + std::to_string(row) + "x");
        break;
      case 2:
        table.Text("k," + std::to_string(row));
        break;
      default:
        table.Empty();
    }
    table.Date(row % 3 == 0 ? 19727 : -1, -1);
    table.Integer(row * 7 - 1000);
    table.Number(row % 2 == 0 ? row / 2 + 0.25 : NAN);
    table.EndWrittenRow();
  }
  return table;
}

TEST(RenderReportCsvTest, ManyRowsOnSeveralThreadsAreTheSameBytes) {
  // More rows than one block of the renderer (32,768), not a multiple of it.
  constexpr int kRows = 100003;
  const ReportTable table = RowsOfEveryKind(kRows);
  std::string expected = "key,day,amount,share\n";
  for (int row = 0; row < kRows; ++row) expected += ExpectedCsvLine(row);
  for (int threads : {1, 2, 3, 8}) {
    std::ostringstream out;
    RenderReportCsv(table, out, threads);
    ASSERT_EQ(out.str().size(), expected.size()) << threads;
    EXPECT_TRUE(out.str() == expected) << threads;
  }
  EXPECT_EQ(table.TextAt(0, 2), "k,2");
  EXPECT_EQ(table.TextAt(0, 3), "");
  EXPECT_TRUE(table.IsEmpty(0, 3));
  EXPECT_EQ(table.TextAt(1, 3), "2024-01-05");
}

TEST(FormatReportNumberTest, FixedWhenItReadsBackElseShortest) {
  EXPECT_EQ(FormatReportNumber(0.25), "0.250000");
  EXPECT_EQ(FormatReportNumber(0.0000125), "1.25e-05");
  EXPECT_EQ(FormatReportNumber(NAN), "");
  EXPECT_EQ(FormatReportNumber(-INFINITY), "-inf");
  EXPECT_EQ(FormatReportNumber(2.5, 2), "2.50");
  EXPECT_EQ(FormatShortestNumber(0.1), "0.1");
}

}  // namespace
}  // namespace vafa
