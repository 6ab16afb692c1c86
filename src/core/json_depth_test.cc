#include "core/json_depth.h"

#include <gtest/gtest.h>

#include <string>

namespace vafa {
namespace {

TEST(JsonDepthTest, CountsObjectsAndArrays) {
  EXPECT_EQ(JsonNestingDepth(""), 0u);
  EXPECT_EQ(JsonNestingDepth("42"), 0u);
  EXPECT_EQ(JsonNestingDepth("{}"), 1u);
  EXPECT_EQ(JsonNestingDepth(R"({"a":[1,{"b":[]}],"c":{}})"), 4u);
  EXPECT_EQ(JsonNestingDepth("[[],[[]],[]]"), 3u);
}

TEST(JsonDepthTest, BracketsInsideStringsDoNotCount) {
  EXPECT_EQ(JsonNestingDepth(R"({"a":"[[[{{{"})"), 1u);
  EXPECT_EQ(JsonNestingDepth(R"({"a":"\"[[["})"), 1u);
  EXPECT_EQ(JsonNestingDepth(R"({"a":"\\",  "b":[[1]]})"), 3u);
}

TEST(JsonDepthTest, RefusesTheDeepBodyThatOnceKilledTheServer) {
  std::string body = "{\"rules\":";
  body.append(400000, '[');
  body.append(400000, ']');
  body += "}";
  EXPECT_EQ(JsonNestingDepth(body), 400001u);
  EXPECT_FALSE(JsonDepthWithin(body));
}

TEST(JsonDepthTest, LimitIsInclusive) {
  std::string at_limit(kMaxJsonDepth, '[');
  at_limit.append(kMaxJsonDepth, ']');
  EXPECT_TRUE(JsonDepthWithin(at_limit));
  EXPECT_FALSE(JsonDepthWithin("[" + at_limit + "]"));
  EXPECT_TRUE(JsonDepthWithin("[[]]", 2));
  EXPECT_FALSE(JsonDepthWithin("[[[]]]", 2));
}

TEST(JsonDepthTest, UnbalancedTextDoesNotUnderflow) {
  EXPECT_EQ(JsonNestingDepth("]]]]["), 1u);
  EXPECT_EQ(JsonNestingDepth("\"unterminated [[["), 0u);
  EXPECT_EQ(JsonNestingDepth("\"\\"), 0u);
}

}  // namespace
}  // namespace vafa
