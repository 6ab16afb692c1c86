#include "pipeline/internal/csv_record_scanner.h"

#include <gtest/gtest.h>

#include <random>

#include "import/csv_reader.h"

namespace vafa::pipeline {
namespace {

constexpr size_t kMaxField = 8;
constexpr size_t kMaxRecord = 16;

// The records of `text` as the scanner cuts them, each field joined by '|',
// or "<unreadable>" at the first record it refuses.
std::vector<std::string> Scanned(std::string_view text,
                                 size_t max_field = kMaxField,
                                 size_t max_record = kMaxRecord) {
  CsvRecordScanner scanner(text, ',', max_field, max_record);
  std::vector<std::string> records;
  std::vector<std::string_view> fields;
  while (true) {
    const CsvRecordScanner::Step step = scanner.Next();
    if (step == CsvRecordScanner::Step::kEnd) break;
    if (step == CsvRecordScanner::Step::kUnreadable ||
        !scanner.Fields(fields)) {
      records.emplace_back("<unreadable>");
      break;
    }
    std::string joined;
    for (size_t index = 0; index < fields.size(); ++index) {
      std::string_view one;
      EXPECT_TRUE(scanner.Field(index, one));
      EXPECT_EQ(one, fields[index]);
      joined += std::string(fields[index]) + "|";
    }
    std::string_view past;
    EXPECT_FALSE(scanner.Field(fields.size(), past));
    records.push_back(joined);
  }
  return records;
}

// The same from the import's reader.
std::vector<std::string> Read(const std::string& text,
                              size_t max_field = kMaxField,
                              size_t max_record = kMaxRecord) {
  import::CsvOptions options;
  options.max_field_bytes = max_field;
  options.max_record_bytes = max_record;
  auto reader = import::CsvReader::FromString(text, "t.csv", options);
  std::vector<std::string> records;
  std::vector<std::string_view> fields;
  while (true) {
    auto more = reader->Next(fields);
    if (!more.ok()) {
      records.emplace_back("<unreadable>");
      break;
    }
    if (!*more) break;
    std::string joined;
    for (std::string_view field : fields) joined += std::string(field) + "|";
    records.push_back(joined);
  }
  return records;
}

TEST(CsvRecordScannerTest, CutsRecordsAsTheImportReaderDoes) {
  for (const char* text :
       {"a,b\nc,d\n", "a,b\r\nc,d", "a\rb\r\r\nc", "\n\n a ,\n,\n",
        "\"x,\ny\",\"say \"\"hi\"\"\"\nz,\"\"\n", "a\"b,c\"\n",
        "\"open\nnever closed", "\"x\"y,z\n", "\"q\"\r\n\"\"\r", "\r\n\r\n",
        "123456789,1\n", "12345678,12345678,1\n", ",,,\n", "a,\"\"\"\"\n"}) {
    EXPECT_EQ(Scanned(text), Read(text)) << text;
  }
}

TEST(CsvRecordScannerTest, AgreesWithTheReaderOnRandomText) {
  std::mt19937 random(19);
  const std::string alphabet = "ab,\"\n\r ";
  for (int round = 0; round < 20000; ++round) {
    std::string text(random() % 24, ' ');
    for (char& c : text) c = alphabet[random() % alphabet.size()];
    ASSERT_EQ(Scanned(text), Read(text)) << testing::PrintToString(text);
  }
}

// Records of several 16-byte blocks, and records followed by others rich
// in delimiters, so that a block read past a record's end is seen to count
// only the record's own delimiters.
TEST(CsvRecordScannerTest, AgreesWithTheReaderOnLongerRecords) {
  std::mt19937 random(23);
  const std::string alphabet = "ab,,,,\n\r \"";
  for (int round = 0; round < 20000; ++round) {
    std::string text(random() % 160, ' ');
    for (char& c : text) {
      c = alphabet[random() %
                   (round % 2 == 0 ? alphabet.size() - 1 : alphabet.size())];
    }
    ASSERT_EQ(Scanned(text, 64, 256), Read(text, 64, 256))
        << testing::PrintToString(text);
  }
}

TEST(CsvRecordScannerTest, SeeksAndTellsWhereRecordsBegin) {
  const std::string text = "h1,h2\n\nx,\"y\nz\"\nlast";
  CsvRecordScanner scanner(text, ',', kMaxField, 64);
  ASSERT_EQ(scanner.Next(), CsvRecordScanner::Step::kRecord);
  const size_t lines = scanner.offset();
  ASSERT_EQ(scanner.Next(), CsvRecordScanner::Step::kRecord);
  EXPECT_EQ(scanner.record_begin(), 7u);  // past the blank line
  EXPECT_EQ(scanner.record(), "x,\"y\nz\"\n");
  std::string_view second;
  ASSERT_TRUE(scanner.Field(1, second));
  EXPECT_EQ(second, "y\nz");
  ASSERT_EQ(scanner.Next(), CsvRecordScanner::Step::kRecord);
  EXPECT_EQ(scanner.record(), "last");
  EXPECT_EQ(scanner.Next(), CsvRecordScanner::Step::kEnd);
  scanner.Seek(lines);
  ASSERT_EQ(scanner.Next(), CsvRecordScanner::Step::kRecord);
  EXPECT_EQ(scanner.record_begin(), 7u);
}

}  // namespace
}  // namespace vafa::pipeline
