#include "core/persian_text.h"

#include <gtest/gtest.h>

namespace vafa {
namespace {

TEST(NormalizeForSearchTest, FoldsKeyboardVariants) {
  EXPECT_EQ(NormalizeForSearch("علي"), "علی");
  EXPECT_EQ(NormalizeForSearch("موسى"), "موسی");
  EXPECT_EQ(NormalizeForSearch("كريم"), "کریم");
  EXPECT_EQ(NormalizeForSearch("أحمد إسلام"), "احمد اسلام");
  EXPECT_EQ(NormalizeForSearch("فاطمة"), "فاطمه");
  EXPECT_EQ(NormalizeForSearch("خانۀ"), "خانه");
}

TEST(NormalizeForSearchTest, RemovesTatweelAndDiacritics) {
  EXPECT_EQ(NormalizeForSearch("محـــمد"), "محمد");
  EXPECT_EQ(NormalizeForSearch("مُحَمَّد"), "محمد");
}

TEST(NormalizeForSearchTest, FoldsSpacesDigitsAndCase) {
  EXPECT_EQ(NormalizeForSearch("می\u200Cخواهم"), "می خواهم");
  EXPECT_EQ(NormalizeForSearch("  Ali \t  KARIMI\u00A0 "), "ali karimi");
  EXPECT_EQ(NormalizeForSearch("۰۹۱۲ ٣٤٥"), "0912 345");
  EXPECT_EQ(NormalizeForSearch(""), "");
}

TEST(NormalizeForSearchTest, DropsInvalidBytes) {
  EXPECT_EQ(NormalizeForSearch("a\xFF"
                               "b\xC0\xAF"),
            "ab");
}

TEST(NormalizePersianDisplayTest, KeepsZwnjAndDigits) {
  EXPECT_EQ(NormalizePersianDisplay(" مي\u200Cروم  ۱۲ "), "می\u200Cروم ۱۲");
  EXPECT_EQ(NormalizePersianDisplay("كـتاب"), "کتاب");
}

TEST(DigitsTest, BothWays) {
  EXPECT_EQ(AsciiDigits("۱۴۰۳/٠٨/15 ab"), "1403/08/15 ab");
  EXPECT_EQ(PersianDigits("1403-08"), "۱۴۰۳-۰۸");
}

TEST(IsValidUtf8Test, StrictDecoding) {
  EXPECT_TRUE(IsValidUtf8("سلام hello \xF0\x9F\x98\x80"));
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));      // overlong
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate U+D800
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xD8"));              // truncated
  EXPECT_FALSE(IsValidUtf8("\x80"));              // lone continuation
}

}  // namespace
}  // namespace vafa
