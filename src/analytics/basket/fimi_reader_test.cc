#include "analytics/basket/fimi_reader.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace vafa::analytics::basket {
namespace {

TEST(FimiReaderTest, ReadsOneBasketPerLineAndRenumbersDensely) {
  std::istringstream in("10 20 30\n\n20\t40 \r\n7");
  const auto data = ReadFimi(in, "t.dat");
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_EQ(data->item_labels, (std::vector<int64_t>{7, 10, 20, 30, 40}));
  const Baskets& baskets = data->baskets;
  ASSERT_EQ(baskets.size(), 4);  // the empty line is an empty basket
  EXPECT_EQ(baskets.num_items, 5);
  EXPECT_EQ(
      std::vector<int32_t>(baskets.basket(0).begin(), baskets.basket(0).end()),
      (std::vector<int32_t>{1, 2, 3}));
  EXPECT_TRUE(baskets.basket(1).empty());
  EXPECT_EQ(baskets.basket(2).size(), 2u);
  EXPECT_EQ(baskets.basket(3)[0], 0);
  EXPECT_TRUE(ValidateBaskets(baskets).ok());
}

TEST(FimiReaderTest, FinalNewlineDoesNotAddABasket) {
  std::istringstream in("1 2\n3\n");
  const auto data = ReadFimi(in);
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(data->baskets.size(), 2);
}

TEST(FimiReaderTest, DenseNumbersKeepTheirValues) {
  std::istringstream in("0 1 2\n2 3");
  const auto data = ReadFimi(in);
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(data->baskets.items, (std::vector<int32_t>{0, 1, 2, 2, 3}));
}

TEST(FimiReaderTest, ErrorNamesSourceLineAndToken) {
  std::istringstream in("1 2\n3 4x 5\n");
  const auto data = ReadFimi(in, "orders.dat");
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(data.status().message(),
            "orders.dat:2: \"4x\" is not an item number");
}

TEST(FimiReaderTest, RejectsNegativeAndHugeNumbers) {
  std::istringstream negative("1 -2\n");
  EXPECT_FALSE(ReadFimi(negative).ok());
  std::istringstream huge("99999999999999999999\n");
  EXPECT_FALSE(ReadFimi(huge).ok());
}

TEST(FimiReaderTest, ErrorsNameTheWholeToken) {
  // A token that does not start with a digit, and a number too large at its
  // 17th digit: each message quotes the token up to the next separator.
  std::istringstream letters("1\n2 x7y\t3\n");
  const auto bad = ReadFimi(letters, "a.dat");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "a.dat:2: \"x7y\" is not an item number");
  std::istringstream huge("5 12345678901234567890 6\n");
  const auto too_large = ReadFimi(huge, "b.dat");
  ASSERT_FALSE(too_large.ok());
  EXPECT_EQ(too_large.status().message(),
            "b.dat:1: \"12345678901234567890\" is not an item number");
}

TEST(FimiReaderTest, LeadingZerosAndTheLargestNumberAreAccepted) {
  // 10^15 is the largest item number; zeros before a number do not count.
  std::istringstream in("0000000000000000000000042 1000000000000000\n42");
  const auto data = ReadFimi(in);
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_EQ(data->item_labels,
            (std::vector<int64_t>{42, 1'000'000'000'000'000}));
  std::istringstream above("1000000000000001\n");
  EXPECT_FALSE(ReadFimi(above).ok());
}

TEST(FimiReaderTest, SparseLargeLabelsUseTheHashPath) {
  std::istringstream in("900000000000 5\n5");
  const auto data = ReadFimi(in);
  ASSERT_TRUE(data.ok());
  EXPECT_EQ(data->item_labels, (std::vector<int64_t>{5, 900000000000}));
  EXPECT_EQ(data->baskets.items, (std::vector<int32_t>{1, 0, 0}));
}

TEST(FimiReaderTest, ReadsARegularFileAndAnEmptyOne) {
  const std::filesystem::path dir = ::testing::TempDir();
  const std::filesystem::path small = dir / "fimi_reader_small.dat";
  std::ofstream(small) << "3 1\n1 2 x\n";
  const auto bad = ReadFimiFile(small.string());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            small.string() + ":2: \"x\" is not an item number");
  std::ofstream(small) << "3 1\n1 2\n";
  const auto data = ReadFimiFile(small.string());
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_EQ(data->item_labels, (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(data->baskets.items, (std::vector<int32_t>{2, 0, 0, 1}));
  const std::filesystem::path empty = dir / "fimi_reader_empty.dat";
  std::ofstream{empty};
  const auto none = ReadFimiFile(empty.string());
  ASSERT_TRUE(none.ok()) << none.status().ToString();
  EXPECT_EQ(none->baskets.size(), 0);
  std::filesystem::remove(small);
  std::filesystem::remove(empty);
}

TEST(FimiReaderTest, MissingFileIsNotFound) {
  const auto data = ReadFimiFile("/nonexistent/retail.dat");
  EXPECT_EQ(data.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace vafa::analytics::basket
