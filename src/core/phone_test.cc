#include "core/phone.h"

#include <gmock/gmock.h>

namespace vafa {
namespace {

using ::testing::HasSubstr;

TEST(NormalizePhoneTest, EveryIranianMobileForm) {
  for (std::string_view form :
       {"09121234567", "9121234567", "989121234567", "+989121234567",
        "00989121234567", "+98 912 123 4567", "0912-123-4567",
        "(0912) 123 4567", "۰۹۱۲۱۲۳۴۵۶۷", "٠٩١٢١٢٣٤٥٦٧",
        "+98 (0) 912 123 4567"}) {
    auto phone = NormalizePhone(form);
    ASSERT_TRUE(phone.ok()) << form << ": " << phone.status().message();
    EXPECT_EQ(*phone, "+989121234567") << form;
  }
  EXPECT_TRUE(IsIranianMobile("+989121234567"));
  EXPECT_FALSE(IsIranianMobile("+982112345678"));
}

TEST(NormalizePhoneTest, LandlinesAndForeignNumbers) {
  EXPECT_EQ(*NormalizePhone("021-12345678"), "+982112345678");
  EXPECT_EQ(*NormalizePhone("+44 20 7946 0958"), "+442079460958");
  EXPECT_EQ(*NormalizePhone("0044 20 7946 0958"), "+442079460958");
}

TEST(NormalizePhoneTest, ErrorsQuoteTheInput) {
  EXPECT_THAT(NormalizePhone("0912-abc").status().message(),
              HasSubstr("\"0912-abc\" is not a phone number"));
  EXPECT_THAT(NormalizePhone("0912123").status().message(),
              HasSubstr("\"0912123\" is too short for an Iranian mobile"));
  EXPECT_THAT(NormalizePhone("0912123456789").status().message(),
              HasSubstr("too long"));
  EXPECT_FALSE(NormalizePhone("").ok());
  EXPECT_FALSE(NormalizePhone("+1234").ok());
}

}  // namespace
}  // namespace vafa
