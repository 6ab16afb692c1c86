#include "core/csv_cell.h"

#include <gtest/gtest.h>

namespace vafa {
namespace {

TEST(CsvCellTest, FormulaTextGetsAnApostrophe) {
  EXPECT_EQ(CsvText("=1+2"), "'=1+2");
  EXPECT_EQ(CsvText("+cmd|' /C calc'!A0"), "'+cmd|' /C calc'!A0");
  EXPECT_EQ(CsvText("-2+3"), "'-2+3");
  EXPECT_EQ(CsvText("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(CsvText("\tx"), "'\tx");
  EXPECT_EQ(CsvText("\rx"), "\"'\rx\"");
}

TEST(CsvCellTest, FormulaWithCommaIsProtectedThenQuoted) {
  EXPECT_EQ(CsvText("=HYPERLINK(\"http://x/?\"&E2,\"open\")"),
            "\"'=HYPERLINK(\"\"http://x/?\"\"&E2,\"\"open\"\")\"");
}

TEST(CsvCellTest, NumbersStayNumbers) {
  EXPECT_EQ(CsvText("-12.50"), "-12.50");
  EXPECT_EQ(CsvText("+989121234567"), "+989121234567");
  EXPECT_EQ(CsvText("1e-3"), "1e-3");
  EXPECT_EQ(CsvText("-"), "'-");
  EXPECT_EQ(CsvText("-1e"), "'-1e");
  EXPECT_EQ(CsvText("+.5"), "+.5");
}

TEST(CsvCellTest, OrdinaryTextIsQuotedOnlyWhenItMustBe) {
  EXPECT_EQ(CsvText("علی کریمی"), "علی کریمی");
  EXPECT_EQ(CsvText("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvText("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvText(""), "");
  EXPECT_EQ(CsvText("a=b"), "a=b");
}

TEST(CsvCellTest, QuotedCellsAreNotProtected) {
  EXPECT_EQ(CsvQuoted("=1+2"), "=1+2");
  EXPECT_EQ(CsvQuoted("x\ny"), "\"x\ny\"");
}

TEST(CsvCellTest, UnprotectUndoesTheApostrophe) {
  for (std::string_view text :
       {"=1+2", "+x", "-y", "@z", "\tt", "plain", "'quoted", "-5", "'-5"}) {
    std::string cell =
        LooksLikeFormula(text) ? "'" + std::string(text) : std::string(text);
    EXPECT_EQ(UnprotectCsvText(cell), text) << text;
  }
  EXPECT_EQ(UnprotectCsvText("'"), "'");
  EXPECT_EQ(UnprotectCsvText("''=x"), "'=x");
  EXPECT_EQ(UnprotectCsvText("'-5"), "'-5");
}

TEST(CsvCellTest, TextBeginningWithAnApostropheReadsBackAsWritten) {
  EXPECT_EQ(CsvText("'=1+2"), "''=1+2");
  EXPECT_EQ(CsvText("''@x"), "'''@x");
  EXPECT_EQ(CsvText("'-5"), "'-5");
  for (std::string_view text : {"'=1+2", "''@x", "'-5", "'", "''", "'a"}) {
    EXPECT_EQ(UnprotectCsvText(CsvText(text)), text) << text;
  }
}

// The appending forms write what CsvText and CsvQuoted return, after what
// the text already holds.
TEST(CsvCellTest, AppendingWritesTheSameCells) {
  for (const char* cell : {"", "plain", "سارا احمدی", "a,b", "say \"hi\"",
                           "=HYPERLINK(\"x\")", "=1,2", "-12", "-abc", "+98",
                           "@sum", "\tx", "line\nbreak", "'=quoted"}) {
    std::string text = "x,";
    AppendCsvText(text, cell);
    EXPECT_EQ(text, "x," + CsvText(cell)) << cell;
    std::string quoted = "y,";
    AppendCsvQuoted(quoted, cell);
    EXPECT_EQ(quoted, "y," + CsvQuoted(cell)) << cell;
  }
}

}  // namespace
}  // namespace vafa
