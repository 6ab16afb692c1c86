#include "import/internal/excel_cell.h"

#include <gtest/gtest.h>

namespace vafa::import {
namespace {

TEST(ExcelNumberText, ShowsFifteenDigitsWithoutArtefacts) {
  EXPECT_EQ(*ExcelNumberText("2.5499999999999998"), "2.55");
  EXPECT_EQ(*ExcelNumberText("0.10000000000000001"), "0.1");
  EXPECT_EQ(*ExcelNumberText("1.2E3"), "1200");
  EXPECT_EQ(*ExcelNumberText("45600"), "45600");
  EXPECT_EQ(*ExcelNumberText("-12.5"), "-12.5");
  EXPECT_EQ(*ExcelNumberText("9121234567"), "9121234567");
  EXPECT_EQ(*ExcelNumberText("1E-3"), "0.001");
  EXPECT_EQ(*ExcelNumberText("1.5E-7"), "0.00000015");
  EXPECT_FALSE(ExcelNumberText("12abc").has_value());
  EXPECT_FALSE(ExcelNumberText("").has_value());
}

TEST(ExcelSerialText, ReadsThe1900And1904DateSystems) {
  EXPECT_EQ(*ExcelSerialText("45601", false), "2024-11-05");
  EXPECT_EQ(*ExcelSerialText("44139", true), "2024-11-05");
  EXPECT_EQ(*ExcelSerialText("45601.4375", false), "2024-11-05T10:30:00");
  EXPECT_EQ(*ExcelSerialText("45291.999988425923", false),
            "2023-12-31T23:59:59");
  // Lotus's 1900-02-29 is serial 60: days before it are one off.
  EXPECT_EQ(*ExcelSerialText("1", false), "1900-01-01");
  EXPECT_EQ(*ExcelSerialText("59", false), "1900-02-28");
  EXPECT_EQ(*ExcelSerialText("61", false), "1900-03-01");
  EXPECT_EQ(*ExcelSerialText("0", true), "1904-01-01");
  EXPECT_EQ(*ExcelSerialText("0.75", false), "18:00:00");
  EXPECT_FALSE(ExcelSerialText("-1", false).has_value());
  EXPECT_FALSE(ExcelSerialText("1e9", false).has_value());
}

TEST(IsDateNumberFormat, BuiltInIdsAndCodes) {
  EXPECT_TRUE(IsDateNumberFormat(14, ""));
  EXPECT_TRUE(IsDateNumberFormat(22, ""));
  EXPECT_FALSE(IsDateNumberFormat(0, ""));
  EXPECT_FALSE(IsDateNumberFormat(4, ""));
  EXPECT_TRUE(IsDateNumberFormat(164, "yyyy/mm/dd\\ hh:mm"));
  EXPECT_TRUE(IsDateNumberFormat(165, "[$-409]mmm d, yyyy"));
  EXPECT_FALSE(IsDateNumberFormat(166, "#,##0.00\\ \"days\""));
  EXPECT_FALSE(IsDateNumberFormat(167, "[Red]0.00;[Blue]-0.00"));
  EXPECT_FALSE(IsDateNumberFormat(168, "0.00E+00"));
  EXPECT_FALSE(IsDateNumberFormat(169, "General"));
}

TEST(ExcelColumn, IndexAndNameAgree) {
  EXPECT_EQ(ExcelColumnIndex("A1"), 0);
  EXPECT_EQ(ExcelColumnIndex("b7"), 1);
  EXPECT_EQ(ExcelColumnIndex("AA10"), 26);
  EXPECT_EQ(ExcelColumnIndex("XFD1"), 16383);
  EXPECT_EQ(ExcelColumnIndex("XFE1"), -1);
  EXPECT_EQ(ExcelColumnIndex("12"), -1);
  for (int index : {0, 25, 26, 701, 702, 16383}) {
    EXPECT_EQ(ExcelColumnIndex(ExcelColumnName(index) + "1"), index);
  }
}

}  // namespace
}  // namespace vafa::import
