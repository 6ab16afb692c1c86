#include "core/json_writer.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

namespace vafa {
namespace {

// What nlohmann prints for `text` as a string value in the API's answers
// (api/json_io.cc JsonResponse), the reference the writer must match.
std::string NlohmannDump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string Written(std::string_view text) {
  std::string out;
  AppendJsonString(out, text);
  return out;
}

TEST(JsonWriterTest, EscapesAsNlohmannDoes) {
  const std::vector<std::string> texts = {
      "",
      "plain",
      "quote \" and backslash \\ and slash /",
      "\b\f\n\r\t",
      std::string("nul \0 inside", 12),
      "\x01\x02\x1f\x7f",  // DEL is not escaped
      "\xD9\x85\xD8\xAD\xD9\x85\xD8\xAF \xE2\x80\x8C \xDB\xB1\xDB\xB2",
      "emoji \xF0\x9F\x98\x80 and \xF4\x8F\xBF\xBF",  // U+1F600, U+10FFFF
  };
  for (const std::string& text : texts) {
    EXPECT_EQ(Written(text), NlohmannDump(text)) << text;
  }
}

TEST(JsonWriterTest, ReplacesInvalidUtf8AsNlohmannDoes) {
  const std::vector<std::string> texts = {
      "\x80",  // a lone continuation byte
      "a\xBF\xBF"
      "b",                 // two of them
      "\xC0\xAF",          // an overlong '/'
      "\xC1\xBF",          // overlong
      "\xE0\x80\xAF",      // overlong in three bytes
      "\xF0\x80\x80\xAF",  // overlong in four bytes
      "\xED\xA0\x80",      // a surrogate
      "\xED\xBF\xBF",      // a surrogate
      "\xF4\x90\x80\x80",  // above U+10FFFF
      "\xF5\x80\x80\x80",  // no such lead byte
      "\xFE\xFF",          // never in UTF-8
      "\xD9",              // cut off at the end
      "ab\xE2\x82",        // cut off at the end
      "\xF0\x9F\x98",      // cut off at the end
      "\xE2\x82"
      "a",                     // cut off by ASCII
      "\xE2\x82\xE2\x82\xAC",  // cut off by a valid sequence
      "\xE2\x28\xA1",          // a bad second byte read again
      "\xD9\x85\xFF\xD8\xAD",  // Persian around a bad byte
      "\xF0\x9F\x98\x22",      // cut off by a quote
      "\xC3\x0A",              // cut off by a newline
  };
  for (const std::string& text : texts) {
    EXPECT_EQ(Written(text), NlohmannDump(text)) << text;
  }
}

// Random strings over the bytes that matter (ASCII escapes, lead and
// continuation bytes of every kind) against nlohmann's own printer.
TEST(JsonWriterTest, MatchesNlohmannOnRandomBytes) {
  const std::vector<unsigned char> bytes = {
      0x00, 0x01, 0x08, 0x09, 0x0A, 0x0C, 0x0D, 0x1F, 0x20, '"',
      '\\', '/',  'a',  0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF,
      0xC0, 0xC1, 0xC2, 0xD9, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE,
      0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};
  std::mt19937 random(20261206);
  std::uniform_int_distribution<size_t> pick(0, bytes.size() - 1);
  std::uniform_int_distribution<int> length(0, 12);
  for (int trial = 0; trial < 200000; ++trial) {
    std::string text;
    for (int n = length(random); n > 0; --n) text += char(bytes[pick(random)]);
    ASSERT_EQ(Written(text), NlohmannDump(text)) << "trial " << trial;
  }
}

TEST(JsonWriterTest, WritesObjectsAndArraysAsNlohmannDoes) {
  std::string out;
  JsonWriter json(out);
  json.BeginObject();
  json.Key("a");
  json.BeginArray();
  json.Int(INT64_MIN);
  json.Int(0);
  json.Int(INT64_MAX);
  json.BeginObject();
  json.EndObject();
  json.BeginArray();
  json.EndArray();
  json.Bool(true);
  json.Bool(false);
  json.Null();
  json.EndArray();
  json.Key("b");
  json.NullableString("");
  json.Key("c");
  json.NullableString("x");
  json.Key("d");
  json.NullableInt(std::nullopt);
  json.Key("e");
  json.NullableInt(-7);
  json.EndObject();
  const nlohmann::json expected = {
      {"a",
       {INT64_MIN, 0, INT64_MAX, nlohmann::json::object(),
        nlohmann::json::array(), true, false, nullptr}},
      {"b", nullptr},
      {"c", "x"},
      {"d", nullptr},
      {"e", -7}};
  EXPECT_EQ(out, NlohmannDump(expected));
}

}  // namespace
}  // namespace vafa
