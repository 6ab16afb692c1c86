#include "analytics/key_dictionary.h"

#include <gtest/gtest.h>

#include <string>

namespace vafa::analytics {
namespace {

TEST(KeyDictionary, NumbersKeysInOrderOfFirstInsertion) {
  KeyDictionary dictionary;
  EXPECT_EQ(dictionary.Insert("b"), 0);
  EXPECT_EQ(dictionary.Insert("a"), 1);
  EXPECT_EQ(dictionary.Insert("b"), 0);
  EXPECT_EQ(dictionary.Insert(""), 2);
  EXPECT_EQ(dictionary.size(), 3);
  EXPECT_EQ(dictionary.Find("a"), 1);
  EXPECT_EQ(dictionary.Find("c"), -1);
  EXPECT_EQ(dictionary.Keys(), (std::vector<std::string>{"b", "a", ""}));
}

TEST(KeyDictionary, KeepsEveryKeyAcrossManyGrowths) {
  KeyDictionary dictionary;
  for (int i = 0; i < 100000; ++i) {
    ASSERT_EQ(dictionary.Insert("key" + std::to_string(i)), i);
  }
  for (int i = 0; i < 100000; i += 7) {
    EXPECT_EQ(dictionary.Find("key" + std::to_string(i)), i);
    EXPECT_EQ(dictionary.key(i), "key" + std::to_string(i));
  }
  EXPECT_EQ(dictionary.Find("key100000"), -1);
}

TEST(KeyDictionary, PersianKeysAreBytesLikeAnyOther) {
  KeyDictionary dictionary;
  EXPECT_EQ(dictionary.Insert("مشتری۱"), 0);
  EXPECT_EQ(dictionary.Insert("مشتری۲"), 1);
  EXPECT_EQ(dictionary.Find("مشتری۱"), 0);
}

}  // namespace
}  // namespace vafa::analytics
