#include "core/national_id.h"

#include <gmock/gmock.h>

namespace vafa {
namespace {

using ::testing::HasSubstr;

// 0499370899: 0*10+4*9+9*8+9*7+3*6+7*5+0*4+8*3+9*2 = 266, 266 mod 11 = 2,
// check digit 11-2 = 9.
// 0010350829: 0+0+1*8+0+3*6+5*5+0+8*3+2*2 = 79, 79 mod 11 = 2, check 9.
// 1000000001: 1*10 = 10, 10 mod 11 = 10, check 1.
TEST(NationalIdTest, HandComputedIdsAreValid) {
  EXPECT_TRUE(IsValidNationalId("0499370899"));
  EXPECT_TRUE(IsValidNationalId("0010350829"));
  EXPECT_TRUE(IsValidNationalId("1000000001"));
  EXPECT_EQ(NationalIdCheckDigit("049937089"), '9');
  // 2*4 + 1*3 = 11, 11 mod 11 = 0, check digit 0.
  EXPECT_EQ(NationalIdCheckDigit("000000210"), '0');
}

TEST(NationalIdTest, WrongCheckDigitAndRepeatedDigitsAreInvalid) {
  EXPECT_FALSE(IsValidNationalId("0499370898"));
  EXPECT_FALSE(IsValidNationalId("1111111111"));
  EXPECT_FALSE(IsValidNationalId("0000000000"));
  EXPECT_FALSE(IsValidNationalId("049937089"));
  EXPECT_THAT(NormalizeNationalId("0499370898").status().message(),
              HasSubstr("check digit should be 9"));
  EXPECT_THAT(NormalizeNationalId("2222222222").status().message(),
              HasSubstr("all digits equal"));
}

TEST(NationalIdTest, NormalisesDigitsSeparatorsAndPadding) {
  EXPECT_EQ(*NormalizeNationalId("۰۴۹-۹۳۷۰۸۹-۹"), "0499370899");
  EXPECT_EQ(*NormalizeNationalId("10350829"), "0010350829");
  EXPECT_EQ(*NormalizeNationalId("499370899"), "0499370899");
  EXPECT_THAT(NormalizeNationalId("1234567").status().message(),
              HasSubstr("7 digits"));
  EXPECT_FALSE(NormalizeNationalId("04993708x9").ok());
}

}  // namespace
}  // namespace vafa
