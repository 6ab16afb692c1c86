#include "analytics/key_dictionary.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

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

TEST(KeyDictionary, PersianKeysSharingTheirFirstEightBytesStayApart) {
  // "مشتری" is 10 bytes in UTF-8: these keys share their first 8 bytes
  // (what a slot keeps of a longer key) and their length, and differ only
  // in the last digit (۱ U+06F1, ۲ U+06F2: the last byte 0xB1 against 0xB2).
  KeyDictionary dictionary;
  const std::string first = "مشتری۱";
  const std::string second = "مشتری۲";
  ASSERT_EQ(first.size(), 12u);
  ASSERT_EQ(first.substr(0, 8), second.substr(0, 8));
  EXPECT_EQ(dictionary.Insert(first), 0);
  EXPECT_EQ(dictionary.Insert(second), 1);
  EXPECT_EQ(dictionary.Find(second), 1);
  EXPECT_EQ(dictionary.Find("مشتری۳"), -1);
  EXPECT_EQ(dictionary.key(1), second);
}

TEST(KeyDictionary, ShortKeysThatDifferInLengthOrOneByteStayApart) {
  // Keys of up to 8 bytes are compared by their slot alone: a key and the
  // same bytes with a zero byte added, keys whose bytes are a permutation,
  // and keys of 1, 2 and 3 bytes that share their first, middle or last
  // byte must all get their own codes.
  KeyDictionary dictionary;
  const std::vector<std::string> keys = {std::string("a"),
                                         std::string("a\0", 2),
                                         std::string("aa"),
                                         std::string("ab"),
                                         std::string("ba"),
                                         std::string("aba"),
                                         std::string("aab"),
                                         std::string("abb"),
                                         std::string("C0001792"),
                                         std::string("C0001793"),
                                         std::string("C000179"),
                                         std::string("C00017920"),
                                         std::string("P0665"),
                                         std::string("P6650"),
                                         std::string("\0\0\0\0", 4),
                                         std::string("\0\0\0", 3),
                                         std::string(""),
                                         std::string("web")};
  for (size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ(dictionary.Insert(keys[i]), static_cast<int32_t>(i)) << i;
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    EXPECT_EQ(dictionary.Find(keys[i]), static_cast<int32_t>(i)) << i;
    EXPECT_EQ(dictionary.key(static_cast<int32_t>(i)), keys[i]);
  }
  EXPECT_EQ(dictionary.size(), static_cast<int32_t>(keys.size()));
}

TEST(KeyDictionary, LongKeysWithOneStartAreFoundAfterGrowth) {
  // 5,000 keys of 15 bytes that share their first 8 ("customer"), so every
  // probe must compare the key's remaining bytes; the table grows from 1,024
  // slots to 8,192 on the way, and Reserve beforehand gives the same codes.
  KeyDictionary grown;
  KeyDictionary reserved;
  reserved.Reserve(5000);
  for (int i = 0; i < 5000; ++i) {
    char key[16];
    std::snprintf(key, sizeof(key), "customer%07d", i);
    ASSERT_EQ(grown.Insert(key), i);
    ASSERT_EQ(reserved.Insert(key), i);
  }
  bool inserted = true;
  EXPECT_EQ(grown.Insert("customer0004999", &inserted), 4999);
  EXPECT_FALSE(inserted);
  EXPECT_EQ(grown.Find("customer0005000"), -1);
  EXPECT_EQ(grown.Find("customer000499"), -1);
  EXPECT_EQ(reserved.Find("customer0002500"), 2500);
}

TEST(KeyDictionary, HashIsTheSameOnEveryRun) {
  // The hash splits input into partitions, so it must not change between
  // runs or machines; the three values were computed by a separate
  // implementation of its definition (a few lines of Python: the key read
  // as little-endian words). Equal keys hash equally wherever their
  // bytes sit; one byte more or less changes the hash.
  EXPECT_EQ(HashKey(""), HashKey(std::string()));
  EXPECT_EQ(HashKey("C0001792"), HashKey(std::string("xC0001792").substr(1)));
  EXPECT_NE(HashKey("a"), HashKey(std::string("a\0", 2)));
  EXPECT_NE(HashKey("C0001792"), HashKey("C0001793"));
  EXPECT_NE(HashKey("customer0000001"), HashKey("customer0000002"));
  EXPECT_EQ(HashKey(""), 0x5c4722af355e9512ull);
  EXPECT_EQ(HashKey("C0001792"), 0x17abfd59d22c0605ull);
  EXPECT_EQ(HashKey("مشتری۱"), 0x3cf1314af6f55149ull);
}

}  // namespace
}  // namespace vafa::analytics
