#include "core/report_table.h"

#include <gtest/gtest.h>

#include <cmath>

namespace vafa {
namespace {

ReportTable Segments() {
  ReportTable table("segments");
  table.AddColumn("segment", ColumnType::kText);
  table.AddColumn("customers", ColumnType::kInteger);
  table.AddColumn("revenue", ColumnType::kMoney);
  table.AddColumn("share", ColumnType::kNumber);
  return table;
}

TEST(ReportTableTest, CellsAreKeptByColumnWithTheirEmptiness) {
  ReportTable table = Segments();
  table.Text("Champions");
  table.Integer(12);
  table.Integer(-500);
  table.Number(0.125);
  ASSERT_TRUE(table.EndRow().ok());
  table.Text("");
  table.Empty();
  table.Integer(0);
  table.Number(NAN);  // no number: empty
  ASSERT_TRUE(table.EndRow().ok());
  ASSERT_EQ(table.row_count(), 2u);
  EXPECT_EQ(table.TextAt(0, 0), "Champions");
  EXPECT_EQ(table.IntegerAt(1, 0), 12);
  EXPECT_EQ(table.IntegerAt(2, 0), -500);
  EXPECT_EQ(table.NumberAt(3, 0), 0.125);
  // An empty text is a value; an empty cell is none.
  EXPECT_FALSE(table.IsEmpty(0, 1));
  EXPECT_TRUE(table.IsEmpty(1, 1));
  EXPECT_FALSE(table.IsEmpty(2, 1));
  EXPECT_TRUE(table.IsEmpty(3, 1));
}

TEST(ReportTableTest, ARowThatDoesNotFitIsRefusedWholeNamingTheColumn) {
  ReportTable table = Segments();
  table.Text("Loyal");
  table.Text("twelve");  // customers is an integer column
  table.Integer(1);
  table.Number(0.5);
  Status refused = table.EndRow();
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.message(),
            "report segments, row 1: column customers is integer, not text");
  EXPECT_EQ(table.row_count(), 0u);
  // Too few cells, then too many.
  table.Text("Loyal");
  EXPECT_EQ(table.EndRow().message(),
            "report segments, row 1: 1 cells for 4 columns");
  for (int i = 0; i < 5; ++i) table.Empty();
  EXPECT_FALSE(table.EndRow().ok());
  // The table is whole after refusals: the next row is its first.
  table.Text("Loyal");
  table.Integer(1);
  table.Integer(2);
  table.Number(0.5);
  ASSERT_TRUE(table.EndRow().ok());
  ASSERT_EQ(table.row_count(), 1u);
  for (const ReportTable::Column& column : table.columns()) {
    EXPECT_EQ(column.empty.size(), 1u) << column.name;
  }
  EXPECT_EQ(table.IntegerAt(2, 0), 2);
  // A refused row's text is gone too: the kept row reads as written.
  table.Text("At risk");
  table.Integer(3);
  EXPECT_FALSE(table.EndRow().ok());
  table.Empty();
  table.Integer(4);
  table.Integer(5);
  table.Number(0.25);
  ASSERT_TRUE(table.EndRow().ok());
  EXPECT_EQ(table.TextAt(0, 0), "Loyal");
  EXPECT_EQ(table.TextAt(0, 1), "");
  EXPECT_TRUE(table.IsEmpty(0, 1));
  EXPECT_EQ(table.IntegerAt(1, 1), 4);
}

TEST(ReportTableTest, TypesHaveStoredNamesAndTheApisKinds) {
  for (ColumnType type :
       {ColumnType::kText, ColumnType::kInteger, ColumnType::kNumber,
        ColumnType::kMoney, ColumnType::kDate}) {
    EXPECT_EQ(ColumnTypeNamed(ColumnTypeName(type)), type);
  }
  EXPECT_EQ(ColumnTypeNamed("colour"), std::nullopt);
  EXPECT_EQ(ColumnKindName(ColumnType::kMoney), "integer");
  EXPECT_EQ(ColumnKindName(ColumnType::kDate), "text");
  EXPECT_EQ(ColumnKindName(ColumnType::kNumber), "number");
}

}  // namespace
}  // namespace vafa
