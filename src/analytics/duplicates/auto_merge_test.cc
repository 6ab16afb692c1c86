#include "analytics/duplicates/auto_merge.h"

#include <gtest/gtest.h>

namespace vafa::analytics::duplicates {
namespace {

PersonRecord Person(int64_t id, std::string name, std::string phone,
                    std::string national_id = "", std::string email = "") {
  PersonRecord p;
  p.id = id;
  p.name = std::move(name);
  p.phone = std::move(phone);
  p.national_id = std::move(national_id);
  p.email = std::move(email);
  return p;
}

TEST(ChooseAutoMergesTest, OnlyAStrongKeyWithAlikeNamesMerges) {
  const std::vector<PersonRecord> people = {
      Person(1, "Sara Rahimi", "09121110000"),
      Person(2, "سارا رحیمی", "+989121110000"),
      Person(3, "Ali Karimi", "", "0013542419"),
      Person(4, "Ali Karimi", "", "0013542419"),
      Person(5, "Reza Karimi", "09122220000", "", "r@example.com"),
      Person(6, "Reza Karimi", "09123330000", "", "r@example.com"),
      Person(7, "Omid Nouri", "", "0013542418"),  // check digit wrong
      Person(8, "Omid Nouri", "", "0013542418"),
      Person(9, "Maryam Nouri", "09124440000"),
      Person(10, "Mina Nouri", "09124440000"),
  };
  const std::vector<DuplicatePair> pairs = {
      {1, 2, 0.95, 0.95, "phone equal"}, {3, 4, 1.0, 1.0, "national id equal"},
      {5, 6, 0.95, 1.0, "e-mail equal"},  // no strong key
      {7, 8, 0.6, 1.0, "name equal"},     // an invalid id is no key
      {9, 10, 0.7, 0.6, "phone equal"},   // names too far apart
  };
  const auto merges = ChooseAutoMerges(people, pairs, 0.9);
  ASSERT_EQ(merges.size(), 2u);
  EXPECT_EQ(merges[0].kept, 1);
  EXPECT_EQ(merges[0].other, 2);
  EXPECT_EQ(merges[0].key, "phone");
  EXPECT_EQ(merges[1].kept, 3);
  EXPECT_EQ(merges[1].key, "national id");
  // A lower threshold lets the family sharing a phone through as well.
  EXPECT_EQ(ChooseAutoMerges(people, pairs, 0.5).size(), 3u);
}

TEST(ChooseAutoMergesTest, AGroupOfThreeMergesTwiceIntoItsOldestRecord) {
  const std::vector<PersonRecord> people = {
      Person(4, "Sara Rahimi", "09121110000"),
      Person(9, "Sara Rahimi", "09121110000"),
      Person(2, "Sara Rahimi", "09121110000"),
  };
  const std::vector<DuplicatePair> pairs = {
      {4, 9, 1, 1, "phone equal"},
      {2, 9, 1, 1, "phone equal"},
      {2, 4, 1, 1, "phone equal"},
  };
  const auto merges = ChooseAutoMerges(people, pairs, 0.9);
  ASSERT_EQ(merges.size(), 2u);
  EXPECT_EQ(merges[0].kept, 4);
  EXPECT_EQ(merges[0].other, 9);
  EXPECT_EQ(merges[1].kept, 2);
  EXPECT_EQ(merges[1].other, 4);
}

}  // namespace
}  // namespace vafa::analytics::duplicates
