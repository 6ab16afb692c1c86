#include "import/text_encoding.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "import/csv_reader.h"

namespace vafa::import {
namespace {

using ::testing::HasSubstr;

// Reads all of `source` in reads of `step` bytes.
Result<std::string> ReadAll(ByteSource& source, size_t step) {
  std::string out;
  std::string block(step, '\0');
  while (true) {
    VAFA_ASSIGN_OR_RETURN(size_t n, source.Read(block.data(), step));
    if (n == 0) return out;
    out.append(block, 0, n);
  }
}

Result<std::string> Decode(std::string bytes, std::string_view encoding,
                           size_t step = 7) {
  VAFA_ASSIGN_OR_RETURN(
      DecodedInput input,
      DecodeToUtf8(StringBytes(std::move(bytes)), encoding, "f.csv"));
  return ReadAll(*input.bytes, step);
}

TEST(CanonicalEncodingName, AcceptsCommonSpellings) {
  EXPECT_EQ(*CanonicalEncodingName("CP1256"), "windows-1256");
  EXPECT_EQ(*CanonicalEncodingName("windows_1252"), "windows-1252");
  EXPECT_EQ(*CanonicalEncodingName("Latin1"), "ISO-8859-1");
  EXPECT_EQ(*CanonicalEncodingName("utf8"), "UTF-8");
  EXPECT_EQ(*CanonicalEncodingName(""), "");
  auto unknown = CanonicalEncodingName("ebcdic");
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(unknown.status().message(), HasSubstr("windows-1256"));
}

TEST(DecodeToUtf8, Utf8PassesThroughUnchanged) {
  const std::string text = "\xEF\xBB\xBFname\nعلی\n";
  auto input = DecodeToUtf8(StringBytes(text), "", "f.csv");
  ASSERT_TRUE(input.ok());
  EXPECT_TRUE(input->passes_through);
  EXPECT_EQ(input->encoding, "UTF-8");
  EXPECT_EQ(*ReadAll(*input->bytes, 3), text);
}

TEST(DecodeToUtf8, Utf16WithByteOrderMarkIsConvertedInAnyReadSize) {
  // "علی,€\n" in UTF-16LE and UTF-16BE; € is U+20AC, 𝄞 a surrogate pair.
  const std::string le(
      "\xFF\xFE\x39\x06\x44\x06\xCC\x06,\x00\xAC\x20"
      "\x34\xD8\x1E\xDD\n\x00",
      18);
  std::string be = "\xFE\xFF";
  for (size_t i = 2; i < le.size(); i += 2) {
    be += le[i + 1];
    be += le[i];
  }
  for (size_t step : {1, 2, 5, 4096}) {
    EXPECT_EQ(*Decode(le, "", step), "علی,€𝄞\n") << step;
    EXPECT_EQ(*Decode(be, "", step), "علی,€𝄞\n") << step;
  }
}

TEST(DecodeToUtf8, Windows1256PersianBecomesUtf8) {
  // "پیام گرامی" as older Windows software wrote it (Arabic yeh 0xED).
  EXPECT_EQ(*Decode("\x81\xED\xC7\xE3 \x90\xD1\xC7\xE3\xED", "windows-1256"),
            "پيام گرامي");
}

TEST(DecodeToUtf8, Windows1252AndLatin1) {
  EXPECT_EQ(*Decode("caf\xE9 \x80"
                    "5",
                    "windows-1252"),
            "café €5");
  EXPECT_EQ(*Decode("caf\xE9", "ISO-8859-1"), "café");
}

TEST(DecodeToUtf8, InvalidByteIsRefusedWithLineAndOffset) {
  auto result = Decode("a,b\nc,d\nx\x81y\n", "windows-1252");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message(),
            "f.csv:3: byte offset 9 (0x81): not text in windows-1252 (a "
            "control character); is the file in another encoding?");
}

TEST(DecodeToUtf8, LineAndOffsetCountAcrossBlocks) {
  // 300 KiB of lines, past the converter's 256-KiB block and the 64-KiB
  // head, then a byte Windows-1252 does not have.
  std::string text;
  while (text.size() < 300 * 1024) text += "Jos\xE9,M\xFCller\n";
  const size_t lines = std::count(text.begin(), text.end(), '\n');
  const size_t offset = text.size() + 2;
  text += "ab\x8D\n";
  auto result = Decode(text, "windows-1252", 65536);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message(),
            "f.csv:" + std::to_string(lines + 1) + ": byte offset " +
                std::to_string(offset) +
                " (0x8D): not text in windows-1252 "
                "(a control character); is the file in another encoding?");
}

TEST(DecodeToUtf8, OddUtf16IsRefusedAsCutShort) {
  auto result = Decode(std::string("\xFF\xFE"
                                   "a\x00"
                                   "b",
                                   5),
                       "");
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.status().message(), HasSubstr("f.csv:1: byte offset 4"));
  EXPECT_THAT(result.status().message(), HasSubstr("not valid UTF-16LE"));
}

TEST(DecodeToUtf8, UnpairedSurrogateIsRefused) {
  auto result = Decode(std::string("\xFF\xFE"
                                   "a\x00\x00\xD8"
                                   "b\x00",
                                   8),
                       "");
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.status().message(), HasSubstr("not valid UTF-16LE"));
}

TEST(DecodeToUtf8, ByteOrderMarkContradictingTheEncodingIsRefused) {
  auto result = Decode(
      "\xFF\xFE"
      "a\x00",
      "windows-1256");
  ASSERT_FALSE(result.ok());
  EXPECT_THAT(result.status().message(),
              HasSubstr("begins with a UTF-16LE byte-order mark"));
  EXPECT_FALSE(Decode("abc", "UTF-16").ok());
}

TEST(DecodeToUtf8, AutoKeepsUtf8AndGuessesLegacyEncodings) {
  auto utf8 = DecodeToUtf8(StringBytes("نام\n"), "auto", "f.csv");
  EXPECT_EQ(utf8->encoding, "UTF-8");
  EXPECT_TRUE(utf8->guess_reason.empty());
  auto persian =
      DecodeToUtf8(StringBytes("\xE4\xC7\xE3,\xDA\xE1\xED\n"), "auto", "f.csv");
  EXPECT_EQ(persian->encoding, "windows-1256");
  EXPECT_THAT(persian->guess_reason, HasSubstr("Arabic-script"));
  auto western =
      DecodeToUtf8(StringBytes("name\nJos\xE9,M\xFCller\n"), "auto", "f.csv");
  EXPECT_EQ(western->encoding, "windows-1252");
  EXPECT_EQ(*ReadAll(*western->bytes, 100), "name\nJosé,Müller\n");
}

TEST(GuessLegacyEncoding, PersianLettersWindows1252LacksDecide) {
  std::string reason;
  // "پ" alone between ASCII letters still reads as Persian.
  EXPECT_EQ(GuessLegacyEncoding("a\x81z", reason), "windows-1256");
  EXPECT_EQ(GuessLegacyEncoding("na\xEFve", reason), "windows-1252");
}

TEST(FirstInvalidUtf8, FindsTheByteAndToleratesACutEnd) {
  EXPECT_EQ(FirstInvalidUtf8("ab\xC3\xA9"
                             "c"),
            std::string_view::npos);
  EXPECT_EQ(FirstInvalidUtf8("ab\xE9z"), 2u);
  EXPECT_EQ(FirstInvalidUtf8("ab\xD8", false), std::string_view::npos);
  EXPECT_EQ(FirstInvalidUtf8("ab\xD8", true), 2u);
}

class CsvEncodingTest : public ::testing::Test {
 protected:
  std::string Write(const std::string& bytes) {
    path_ = (std::filesystem::temp_directory_path() /
             ("vafa_encoding_" + std::to_string(getpid()) + ".csv"))
                .string();
    std::ofstream(path_, std::ios::binary) << bytes;
    return path_;
  }
  void TearDown() override { std::filesystem::remove(path_); }
  std::string path_;
};

TEST_F(CsvEncodingTest, NonUtf8FileIsRefusedWithLineOffsetAndHint) {
  auto reader = CsvReader::Open(Write("id,name\n1,ok\n2,Jos\xE9\n"));
  ASSERT_TRUE(reader.ok());
  std::vector<std::string_view> fields;
  EXPECT_TRUE(*(*reader)->Next(fields));
  EXPECT_TRUE(*(*reader)->Next(fields));
  auto bad = (*reader)->Next(fields);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(),
              HasSubstr(":3: column 2: invalid UTF-8 at byte offset 18 "
                        "(0xE9); the file is not UTF-8: pass --encoding"));
}

TEST_F(CsvEncodingTest, NamedEncodingReadsRecords) {
  CsvOptions options;
  options.encoding = "cp1256";
  auto reader = CsvReader::Open(
      Write("\xE4\xC7\xE3,x\n\xDA\xE1\xED,\"\x81\n\x90\"\n"), options);
  ASSERT_TRUE(reader.ok());
  EXPECT_EQ((*reader)->encoding(), "windows-1256");
  std::vector<std::string_view> fields;
  ASSERT_TRUE(*(*reader)->Next(fields));
  EXPECT_EQ(fields[0], "نام");
  ASSERT_TRUE(*(*reader)->Next(fields));
  EXPECT_EQ(fields[0], "علي");
  EXPECT_EQ(fields[1], "پ\nگ");
  EXPECT_FALSE(*(*reader)->Next(fields));
}

}  // namespace
}  // namespace vafa::import
