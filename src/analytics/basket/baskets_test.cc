#include "analytics/basket/baskets.h"

#include <gtest/gtest.h>

namespace vafa::analytics::basket {
namespace {

Baskets ThreeBaskets() {
  Baskets baskets;
  baskets.Add(std::vector<int32_t>{0, 1, 2});
  baskets.Add(std::vector<int32_t>{3});
  baskets.Add(std::vector<int32_t>{2, 3});
  return baskets;
}

TEST(BasketsTest, AddGrowsItemCount) {
  const Baskets baskets = ThreeBaskets();
  EXPECT_EQ(baskets.size(), 3);
  EXPECT_EQ(baskets.num_items, 4);
  EXPECT_TRUE(ValidateBaskets(baskets).ok());
}

TEST(BasketsTest, ValidateNamesTheBrokenInvariant) {
  Baskets baskets = ThreeBaskets();
  baskets.offsets[1] = 5;
  EXPECT_NE(ValidateBaskets(baskets).message().find("decrease"),
            std::string::npos);
  baskets = ThreeBaskets();
  baskets.items[4] = -1;
  EXPECT_NE(ValidateBaskets(baskets).message().find("basket 2"),
            std::string::npos);
  baskets = ThreeBaskets();
  baskets.offsets.back() = 2;
  EXPECT_FALSE(ValidateBaskets(baskets).ok());
}

TEST(BasketsTest, GroupItemsMapsToCategoriesWithoutRepeats) {
  // Products 0 and 1 are in category 0, product 2 in 1, product 3 dropped.
  const std::vector<int32_t> category = {0, 0, 1, -1};
  const Baskets grouped = GroupItems(ThreeBaskets(), category, 2);
  EXPECT_EQ(grouped.size(), 3);
  EXPECT_EQ(grouped.items, (std::vector<int32_t>{0, 1, 1}));
  EXPECT_EQ(grouped.offsets, (std::vector<int64_t>{0, 2, 2, 3}));
  EXPECT_EQ(grouped.num_items, 2);
}

TEST(BasketsTest, SelectBasketsKeepsOrder) {
  const std::vector<uint8_t> keep = {1, 0, 1};
  const Baskets selected = SelectBaskets(ThreeBaskets(), keep);
  EXPECT_EQ(selected.items, (std::vector<int32_t>{0, 1, 2, 2, 3}));
  EXPECT_EQ(selected.offsets, (std::vector<int64_t>{0, 3, 5}));
}

}  // namespace
}  // namespace vafa::analytics::basket
