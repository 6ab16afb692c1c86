#include "import/csv_reader.h"

#include <gmock/gmock.h>

#include <random>

namespace vafa::import {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::vector<std::string>> ReadAll(std::string data,
                                              CsvOptions options = {}) {
  auto reader = CsvReader::FromString(std::move(data), "t.csv", options);
  std::vector<std::vector<std::string>> records;
  std::vector<std::string_view> fields;
  while (true) {
    auto more = reader->Next(fields);
    EXPECT_TRUE(more.ok()) << more.status().ToString();
    if (!more.ok() || !*more) break;
    records.emplace_back(fields.begin(), fields.end());
  }
  return records;
}

Status FirstError(std::string data, CsvOptions options = {}) {
  auto reader = CsvReader::FromString(std::move(data), "t.csv", options);
  std::vector<std::string_view> fields;
  while (true) {
    auto more = reader->Next(fields);
    if (!more.ok()) return more.status();
    if (!*more) return Status::Ok();
  }
}

using Records = std::vector<std::vector<std::string>>;

TEST(CsvReaderTest, ReadsPlainAndQuotedFields) {
  EXPECT_EQ(ReadAll("a,b,c\n1,\"x,y\",\"say \"\"hi\"\"\"\n"),
            (Records{{"a", "b", "c"}, {"1", "x,y", "say \"hi\""}}));
}

TEST(CsvReaderTest, SkipsBomAndBlankLinesAndAcceptsCrlf) {
  EXPECT_EQ(ReadAll("\xEF\xBB\xBFid,name\r\n\r\n1,علی\r\n\n2,\r\n"),
            (Records{{"id", "name"}, {"1", "علی"}, {"2", ""}}));
}

TEST(CsvReaderTest, QuotedLineBreaksKeepLineNumbersRight) {
  auto reader = CsvReader::FromString("h\n\"a\nb\"\nc\n", "t.csv");
  std::vector<std::string_view> fields;
  ASSERT_TRUE(*reader->Next(fields));
  EXPECT_EQ(reader->line(), 1);
  ASSERT_TRUE(*reader->Next(fields));
  EXPECT_THAT(fields, ElementsAre("a\nb"));
  EXPECT_EQ(reader->line(), 2);
  ASSERT_TRUE(*reader->Next(fields));
  EXPECT_EQ(reader->line(), 4);
  EXPECT_EQ(reader->record_number(), 3);
  EXPECT_FALSE(*reader->Next(fields));
}

TEST(CsvReaderTest, LastRecordWithoutLineBreakAndEmptyFields) {
  EXPECT_EQ(ReadAll("a,,\"\"\n,x"), (Records{{"a", "", ""}, {"", "x"}}));
}

TEST(CsvReaderTest, EmptyInputHasNoRecords) {
  EXPECT_TRUE(ReadAll("").empty());
  EXPECT_TRUE(ReadAll("\xEF\xBB\xBF").empty());
}

TEST(CsvReaderTest, OtherDelimiters) {
  CsvOptions options;
  options.delimiter = ';';
  EXPECT_EQ(ReadAll("a;b\n1,5;2\n", options),
            (Records{{"a", "b"}, {"1,5", "2"}}));
  options.delimiter = '\t';
  EXPECT_EQ(ReadAll("a\tb\n", options), (Records{{"a", "b"}}));
}

TEST(CsvReaderTest, UnterminatedQuoteNamesTheLineWhereItBegan) {
  Status error = FirstError("h\nok\n\"never\nclosed\n");
  EXPECT_EQ(error.message(), "t.csv:3: unterminated quoted field");
}

TEST(CsvReaderTest, TextAfterClosingQuoteIsAnError) {
  Status error = FirstError("h,i\nx,\"ab\"c\n");
  EXPECT_EQ(error.message(), "t.csv:2: column 2: text after the closing quote");
}

TEST(CsvReaderTest, InvalidUtf8NamesLineAndColumn) {
  Status error = FirstError("a,b,c\n1,2,\xC0\xAF\n");
  EXPECT_EQ(error.message(),
            "t.csv:2: column 3: invalid UTF-8 at byte offset 10 (0xC0); the "
            "file is not UTF-8: pass --encoding windows-1256 (Persian files "
            "from older Windows software), --encoding windows-1252 or latin1 "
            "(Western European), or --encoding auto to guess");
}

TEST(CsvReaderTest, OverlongFieldAndRecordAreErrorsNotCrashes) {
  CsvOptions options;
  options.max_field_bytes = 10;
  EXPECT_THAT(FirstError("h\n12345678901\n", options).message(),
              HasSubstr("t.csv:2: column 1: field longer than 10 bytes"));
  options.max_field_bytes = 1 << 20;
  options.max_record_bytes = 1000;
  options.block_bytes = 64;
  EXPECT_THAT(
      FirstError("h\n" + std::string(5000, 'x') + "\n", options).message(),
      HasSubstr("t.csv:2: record longer than 1000 bytes"));
}

TEST(CsvReaderTest, HugeLineFromAFileEndsQuicklyWithBoundedMemory) {
  std::string path = ::testing::TempDir() + "/vafa_csv_huge.csv";
  {
    FILE* f = std::fopen(path.c_str(), "wb");
    std::fputs("h\n", f);
    std::string chunk(1 << 20, 'x');
    for (int i = 0; i < 64; ++i) std::fwrite(chunk.data(), 1, chunk.size(), f);
    std::fclose(f);
  }
  auto reader = CsvReader::Open(path);
  ASSERT_TRUE(reader.ok());
  std::vector<std::string_view> fields;
  ASSERT_TRUE(*(*reader)->Next(fields));
  auto second = (*reader)->Next(fields);
  ASSERT_FALSE(second.ok());
  EXPECT_THAT(second.status().message(), HasSubstr(":2: record longer than"));
  EXPECT_LT((*reader)->bytes_read(), 20 << 20);
  std::remove(path.c_str());
}

TEST(CsvReaderTest, MissingFileIsNamed) {
  auto reader = CsvReader::Open("/no/such/dir/x.csv");
  ASSERT_FALSE(reader.ok());
  EXPECT_THAT(reader.status().message(), HasSubstr("/no/such/dir/x.csv"));
}

TEST(CsvReaderTest, DetectsTheDelimiterOfTheHeader) {
  EXPECT_EQ(DetectDelimiter("a,b,c"), ',');
  EXPECT_EQ(DetectDelimiter("a;b;c"), ';');
  EXPECT_EQ(DetectDelimiter("a\tb\tc"), '\t');
  EXPECT_EQ(DetectDelimiter("a|b"), '|');
  EXPECT_EQ(DetectDelimiter("\"x;y\",b"), ',');
  EXPECT_EQ(DetectDelimiter("single"), ',');
}

// Property: whatever a minimal RFC 4180 writer produces reads back equal,
// whatever the block size (so records straddle block boundaries).
TEST(CsvReaderTest, RandomRecordsRoundTripAcrossBlockBoundaries) {
  std::mt19937 random(42);
  const std::vector<std::string> pieces = {"a",    "ب", ",",  "\"", "\n",
                                           "\r\n", " ", "۱۲", "x"};
  for (size_t block : {7u, 64u, 1u << 20}) {
    Records records;
    std::string text;
    for (int r = 0; r < 300; ++r) {
      std::vector<std::string> record;
      int n = 1 + static_cast<int>(random() % 5);
      for (int f = 0; f < n; ++f) {
        std::string field;
        int len = static_cast<int>(random() % 6);
        for (int k = 0; k < len; ++k) field += pieces[random() % pieces.size()];
        record.push_back(field);
      }
      if (record.size() == 1 && record[0].empty()) record[0] = "e";
      for (size_t f = 0; f < record.size(); ++f) {
        if (f > 0) text += ',';
        const std::string& field = record[f];
        if (field.find_first_of(",\"\r\n") != std::string::npos ||
            random() % 3 == 0) {
          text += '"';
          for (char c : field)
            text += c == '"' ? std::string("\"\"") : std::string(1, c);
          text += '"';
        } else {
          text += field;
        }
      }
      text += random() % 2 ? "\n" : "\r\n";
      records.push_back(record);
    }
    CsvOptions options;
    options.block_bytes = block;
    std::string path = ::testing::TempDir() + "/vafa_csv_roundtrip.csv";
    FILE* f = std::fopen(path.c_str(), "wb");
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
    auto reader = CsvReader::Open(path, options);
    ASSERT_TRUE(reader.ok());
    Records read;
    std::vector<std::string_view> fields;
    while (true) {
      auto more = (*reader)->Next(fields);
      ASSERT_TRUE(more.ok()) << more.status().ToString();
      if (!*more) break;
      read.emplace_back(fields.begin(), fields.end());
    }
    EXPECT_EQ(read, records) << "block " << block;
    std::remove(path.c_str());
  }
}

}  // namespace
}  // namespace vafa::import
