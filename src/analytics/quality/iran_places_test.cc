#include "analytics/quality/internal/iran_places.h"

#include <gtest/gtest.h>

#include <vector>

namespace vafa::analytics::quality {
namespace {

std::vector<int> Provinces(std::string_view city) {
  std::span<const int> in = ProvincesOfCity(city);
  return {in.begin(), in.end()};
}

TEST(IranPlacesTest, EveryProvinceIsFoundByItsEnglishAndPersianName) {
  for (int province = 0; province < kProvinceCount; ++province) {
    EXPECT_EQ(ProvinceNamed(ProvinceEnglishName(province)), province)
        << ProvinceEnglishName(province);
    EXPECT_EQ(ProvinceNamed(ProvincePersianName(province)), province)
        << ProvincePersianName(province);
  }
}

TEST(IranPlacesTest, ProvinceNamesFoldAndLoseTheWordProvince) {
  const int fars = ProvinceNamed("Fars");
  ASSERT_NE(fars, kNoProvince);
  EXPECT_EQ(ProvinceEnglishName(fars), "Fars");
  EXPECT_EQ(ProvinceNamed("استان فارس"), fars);
  EXPECT_EQ(ProvinceNamed("FARS Province"), fars);
  EXPECT_EQ(ProvinceNamed("Ostan-e Fars"), fars);
  EXPECT_EQ(ProvinceNamed("Khorasan-e Razavi"), ProvinceNamed("خراسان رضوی"));
  EXPECT_EQ(ProvinceNamed("سيستان و بلوچستان"),  // Arabic yeh
            ProvinceNamed("Sistan and Baluchestan"));
  EXPECT_EQ(ProvinceNamed("Atlantis"), kNoProvince);
  EXPECT_EQ(ProvinceNamed(""), kNoProvince);
}

TEST(IranPlacesTest, CitiesMatchAcrossSpacingZwnjHyphensAndLetterForms) {
  const std::vector<int> isfahan{ProvinceNamed("Isfahan")};
  EXPECT_EQ(Provinces("خمینی‌شهر"), isfahan);  // with ZWNJ
  EXPECT_EQ(Provinces("خمینی شهر"), isfahan);
  EXPECT_EQ(Provinces("خمینیشهر"), isfahan);
  EXPECT_EQ(Provinces("Khomeini-Shahr"), isfahan);
  EXPECT_EQ(Provinces("شيراز"), std::vector<int>{ProvinceNamed("Fars")});
  EXPECT_EQ(Provinces("ابادان"), Provinces("آبادان"));
  EXPECT_EQ(Provinces("Mashad"), Provinces("مشهد"));
  EXPECT_EQ(Provinces("Mashhad"),
            std::vector<int>{ProvinceNamed("Razavi Khorasan")});
  EXPECT_TRUE(Provinces("Springfield").empty());
}

}  // namespace
}  // namespace vafa::analytics::quality
