#include "import/likely_duplicates.h"

#include <gmock/gmock.h>

namespace vafa::import {
namespace {

using store::CustomerKey;

store::Customer Row(std::string national_id, std::string phone,
                    std::string email) {
  store::Customer row;
  row.national_id = std::move(national_id);
  row.phone = std::move(phone);
  row.email = std::move(email);
  return row;
}

LikelyDuplicateFinder WithStored(CustomerKey match_key, size_t examples = 5) {
  LikelyDuplicateFinder finder(examples, match_key);
  finder.AddStored(CustomerKey::kPhone, {{"+989121110000", 7}});
  finder.AddStored(CustomerKey::kEmail, {{"sara@example.com", 8}});
  finder.AddStored(CustomerKey::kNationalId, {{"1234567891", 9}});
  return finder;
}

TEST(LikelyDuplicateFinderTest, NamesTheStoredCustomerWithTheSameStrongKey) {
  LikelyDuplicateFinder finder = WithStored(CustomerKey::kExternalId);
  finder.CheckNewRow(2, Row("", "+989121110000", ""));
  finder.CheckNewRow(3, Row("", "", "sara@example.com"));
  finder.CheckNewRow(4, Row("", "+989129999999", "new@example.com"));
  ASSERT_EQ(finder.count(), 2);
  const auto& found = finder.examples();
  EXPECT_EQ(found[0].line, 2);
  EXPECT_EQ(found[0].field, "phone");
  EXPECT_EQ(found[0].customer_id, 7);
  EXPECT_EQ(found[0].first_line, 0);
  EXPECT_EQ(found[1].field, "email");
  EXPECT_EQ(found[1].customer_id, 8);
}

TEST(LikelyDuplicateFinderTest, NamesTheEarlierRowOfTheSameFile) {
  LikelyDuplicateFinder finder = WithStored(CustomerKey::kExternalId);
  finder.CheckNewRow(2, Row("", "+989125550000", "a@example.com"));
  finder.CheckNewRow(5, Row("", "", "a@example.com"));
  ASSERT_EQ(finder.count(), 1);
  EXPECT_EQ(finder.examples()[0].line, 5);
  EXPECT_EQ(finder.examples()[0].first_line, 2);
  EXPECT_EQ(finder.examples()[0].customer_id, 0);
  EXPECT_EQ(finder.examples()[0].value, "a@example.com");
}

// National id first, then phone, then e-mail; one warning per row, but
// every value is remembered for the rows after it.
TEST(LikelyDuplicateFinderTest, WarnsOncePerRowAndRemembersEveryValue) {
  LikelyDuplicateFinder finder = WithStored(CustomerKey::kExternalId);
  finder.CheckNewRow(2, Row("1234567891", "+989121110000", "x@example.com"));
  finder.CheckNewRow(3, Row("", "", "x@example.com"));
  ASSERT_EQ(finder.count(), 2);
  EXPECT_EQ(finder.examples()[0].field, "national_id");
  EXPECT_EQ(finder.examples()[0].customer_id, 9);
  EXPECT_EQ(finder.examples()[1].first_line, 2);
}

TEST(LikelyDuplicateFinderTest, LeavesTheMatchKeyAlone) {
  // Matched on phone: the same phone would have updated, not created.
  LikelyDuplicateFinder finder = WithStored(CustomerKey::kPhone);
  finder.CheckNewRow(2, Row("", "+989121110000", ""));
  EXPECT_EQ(finder.count(), 0);
  finder.CheckNewRow(3, Row("", "", "sara@example.com"));
  EXPECT_EQ(finder.count(), 1);
}

TEST(LikelyDuplicateFinderTest, CountsAllAndKeepsTheFirstFew) {
  LikelyDuplicateFinder finder = WithStored(CustomerKey::kExternalId, 2);
  for (int64_t line = 2; line < 12; ++line) {
    finder.CheckNewRow(line, Row("", "+989121110000", ""));
  }
  EXPECT_EQ(finder.count(), 10);
  ASSERT_EQ(finder.examples().size(), 2u);
  EXPECT_EQ(finder.examples()[1].line, 3);
  EXPECT_EQ(finder.examples()[1].customer_id, 7);
}

}  // namespace
}  // namespace vafa::import
