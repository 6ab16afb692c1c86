#include "import/xlsx_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <zip.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

namespace vafa::import {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kMain[] =
    "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships\"";
constexpr char kRel[] =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

std::string Workbook(const std::string& pr = "<workbookPr/>") {
  return std::string("<workbook ") + kMain + ">" + pr +
         "<sheets><sheet name=\"Sales\" sheetId=\"1\" r:id=\"rId1\"/>"
         "<sheet name=\"Other\" sheetId=\"2\" r:id=\"rId9\"/></sheets>"
         "</workbook>";
}

std::string Relationships() {
  return std::string(
             "<Relationships xmlns=\"http://schemas.openxmlformats."
             "org/package/2006/relationships\">"
             "<Relationship Id=\"rId1\" Type=\"") +
         kRel +
         "worksheet\" Target=\"worksheets/sheet1.xml\"/>"
         "<Relationship Id=\"rId9\" Type=\"" +
         kRel +
         "worksheet\" Target=\"/xl/worksheets/other.xml\"/>"
         "<Relationship Id=\"rId2\" Type=\"" +
         kRel +
         "sharedStrings\" Target=\"sharedStrings.xml\"/>"
         "<Relationship Id=\"rId3\" Type=\"" +
         kRel + "styles\" Target=\"styles.xml\"/></Relationships>";
}

std::string Sheet(const std::string& rows) {
  return std::string("<worksheet ") + kMain + "><sheetData>" + rows +
         "</sheetData></worksheet>";
}

constexpr char kStyles[] =
    "<styleSheet><numFmts><numFmt numFmtId=\"170\" formatCode=\"d/m/yyyy\"/>"
    "</numFmts><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"170\"/>"
    "<xf numFmtId=\"2\"/></cellXfs></styleSheet>";

class XlsxReaderTest : public ::testing::Test {
 protected:
  void TearDown() override { std::filesystem::remove(path_); }

  // A workbook of the given parts over a default one.
  std::string Write(std::map<std::string, std::string> parts) {
    std::map<std::string, std::string> all = {
        {"xl/workbook.xml", Workbook()},
        {"xl/_rels/workbook.xml.rels", Relationships()},
        {"xl/styles.xml", kStyles},
        {"xl/sharedStrings.xml",
         "<sst><si><t>name</t></si><si><r><t>Ri</t></r><r><t>ch</t></r>"
         "<rPh><t>ignored</t></rPh></si><si><t xml:space=\"preserve\"> a &amp; "
         "b </t></si></sst>"},
        {"xl/worksheets/other.xml",
         Sheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>other</t>"
               "</is></c></row>")},
    };
    for (auto& [name, text] : parts) all[name] = text;
    path_ = (std::filesystem::temp_directory_path() /
             ("vafa_xlsx_" + std::to_string(getpid()) + ".xlsx"))
                .string();
    int error = 0;
    zip_t* zip = zip_open(path_.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
    EXPECT_NE(zip, nullptr);
    for (const auto& [name, text] : all) {
      texts_.push_back(text);
      zip_source_t* source =
          zip_source_buffer(zip, texts_.back().data(), texts_.back().size(), 0);
      EXPECT_GE(zip_file_add(zip, name.c_str(), source, ZIP_FL_OVERWRITE), 0);
    }
    EXPECT_EQ(zip_close(zip), 0);
    texts_.clear();
    return path_;
  }

  // Every record of the sheet, cells joined by "|", or the error.
  std::vector<std::string> Records(const std::string& path,
                                   XlsxOptions options = {}) {
    auto reader = XlsxReader::Open(path, "book.xlsx", options);
    if (!reader.ok()) return {reader.status().message()};
    std::vector<std::string> out;
    std::vector<std::string_view> fields;
    while (true) {
      auto more = (*reader)->Next(fields);
      if (!more.ok()) {
        out.push_back(more.status().message());
        return out;
      }
      if (!*more) return out;
      std::string line = std::to_string((*reader)->line()) + ":";
      for (size_t i = 0; i < fields.size(); ++i) {
        line += (i > 0 ? "|" : "") + std::string(fields[i]);
      }
      out.push_back(line);
    }
  }

  std::string path_;
  std::vector<std::string> texts_;
};

TEST_F(XlsxReaderTest, CellsReadAsExcelShowsThem) {
  const std::string path = Write(
      {{"xl/worksheets/sheet1.xml",
        Sheet(
            "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\">"
            "<v>1</v></c><c r=\"C1\"><v>3</v></c><c r=\"D1\"><v>4</v></c></row>"
            "<row r=\"2\"><c r=\"A2\" t=\"s\"><v>2</v></c>"
            "<c r=\"B2\" s=\"1\"><v>45601</v></c>"
            "<c r=\"C2\" s=\"2\"><v>2.5499999999999998</v></c>"
            "<c r=\"D2\" t=\"b\"><v>1</v></c></row>"
            "<row r=\"3\"><c r=\"A3\" s=\"1\"/></row>"
            "<row r=\"5\"><c r=\"C5\" "
            "t=\"str\"><f>A1&amp;B1</f><v>nameRich</v></c>"
            "</row>"
            "<row r=\"6\"><c r=\"A6\" "
            "t=\"inlineStr\"><is><r><t>in</t></r><r><t>"
            "line</t></r></is></c><c r=\"B6\" "
            "t=\"e\"><v>#N/A</v></c></row>")}});
  EXPECT_THAT(Records(path),
              ElementsAre("1:name|Rich|3|4", "2: a & b |2024-11-05|2.55|TRUE",
                          "5:||nameRich|", "6:inline|#N/A||"));
}

TEST_F(XlsxReaderTest, SheetByNameAndThe1904DateSystem) {
  const std::string path =
      Write({{"xl/workbook.xml", Workbook("<workbookPr date1904=\"1\"/>")},
             {"xl/worksheets/sheet1.xml",
              Sheet("<row r=\"1\"><c t=\"s\"><v>0</v></c></row>"
                    "<row><c s=\"1\"><v>44139</v></c></row>")}});
  EXPECT_THAT(Records(path), ElementsAre("1:name", "2:2024-11-05"));
  XlsxOptions other;
  other.sheet = "Other";
  EXPECT_THAT(Records(path, other), ElementsAre("1:other"));
  other.sheet = "Missing";
  EXPECT_THAT(Records(path, other),
              ElementsAre("book.xlsx: no sheet \"Missing\" (the workbook has "
                          "\"Sales\", \"Other\")"));
}

TEST_F(XlsxReaderTest, CommittedFixtureReadsLikeItsCsv) {
  auto reader =
      XlsxReader::Open("tests/data/import/customers_fa.xlsx", "c.xlsx");
  ASSERT_TRUE(reader.ok()) << reader.status().message();
  EXPECT_EQ((*reader)->sheet(), "مشتريان");
  std::vector<std::string_view> fields;
  ASSERT_TRUE(*(*reader)->Next(fields));
  ASSERT_TRUE(*(*reader)->Next(fields));
  EXPECT_THAT(fields, ElementsAre("C1", "علي", "رضايي", "9121234567",
                                  "ali@example.com", "1990-05-17", "تهران",
                                  "2.55", "2024-03-20T10:30:00"));
  ASSERT_TRUE(*(*reader)->Next(fields));
  EXPECT_EQ((*reader)->line(), 4);  // row 3 is empty
  EXPECT_EQ(fields.size(), 9u);
  EXPECT_EQ(fields[4], "");  // no cell at all
  EXPECT_EQ(fields[7], "1200");
}

TEST_F(XlsxReaderTest, HostileAndBrokenFilesAreRefusedByPlace) {
  EXPECT_THAT(
      Records(Write({{"xl/worksheets/sheet1.xml",
                      Sheet("<row r=\"1\"><c r=\"B1\" t=\"s\"><v>7</v></c>"
                            "</row>")}})),
      ElementsAre("book.xlsx: xl/worksheets/sheet1.xml (sheet \"Sales\"): "
                  "cell B1: shared string \"7\" does not exist (the workbook "
                  "has 3)"));
  EXPECT_THAT(
      Records(Write({{"xl/worksheets/sheet1.xml",
                      Sheet("<row r=\"1\"><c r=\"A1\"><v>1</c></row>")}})),
      ElementsAre(HasSubstr("xl/worksheets/sheet1.xml (sheet \"Sales\"): line "
                            "1, column")));
  EXPECT_THAT(Records(Write({{"xl/worksheets/sheet1.xml",
                              Sheet("<row r=\"1\"><c r=\"XFE1\"><v>1</v></c>"
                                    "</row>")}})),
              ElementsAre(HasSubstr("cell \"XFE1\" is not a cell reference")));
  EXPECT_THAT(
      Records(Write({{"xl/sharedStrings.xml",
                      "<!DOCTYPE sst [<!ENTITY a \"aaaa\">]><sst><si><t>&a;"
                      "</t></si></sst>"}})),
      ElementsAre("book.xlsx: xl/sharedStrings.xml: has a document type "
                  "declaration, which no workbook has"));
  XlsxOptions small;
  small.max_shared_strings = 2;
  EXPECT_THAT(Records(Write({}), small),
              ElementsAre(HasSubstr("more than 2 shared strings")));
  std::ofstream(path_) << "not a zip";
  EXPECT_THAT(Records(path_),
              ElementsAre(HasSubstr("book.xlsx: not an Excel .xlsx file")));
}

TEST_F(XlsxReaderTest, ZipBombsAreRefused) {
  // 4 MiB of spaces inflate from about 4 KiB: past the ratio once past
  // the bytes allowed at any ratio (16 MiB by default).
  std::string rows =
      "<row r=\"1\"><c t=\"s\"><v>0</v></c></row>" + std::string(4 << 20, ' ');
  XlsxOptions ratio;
  ratio.sheet_limits.ratio_free_bytes = 1 << 20;
  EXPECT_THAT(
      Records(Write({{"xl/worksheets/sheet1.xml", Sheet(rows)}}), ratio),
      ElementsAre("1:name", HasSubstr("inflates more than 200 times "
                                      "its compressed size")));
  XlsxOptions small;
  small.sheet_limits.max_bytes = 1 << 20;
  EXPECT_THAT(Records(path_, small),
              ElementsAre(HasSubstr("xl/worksheets/sheet1.xml (sheet "
                                    "\"Sales\"): inflates to")));
}

}  // namespace
}  // namespace vafa::import
