// Opt-out keywords of incoming SMS, and the opt-out they record on both
// backends.
#include "services/messaging/sms_keywords.h"

#include <gtest/gtest.h>

#include "services/messaging/consent.h"
#include "store/store_test_support.h"

namespace vafa::services::messaging {
namespace {

TEST(SmsKeywordsTest, OnlyAMessageThatIsTheKeywordOptsOut) {
  for (const char* text : {"لغو", " لغو ", "لغو.", "انصراف", "11", "۱۱", "١١",
                           "STOP", "Stop!", "unsubscribe", "\u200cلغو"}) {
    EXPECT_TRUE(IsOptOutKeyword(text)) << text;
  }
  for (const char* text : {"", "1", "111", "لغو سفارش", "please stop it",
                           "stopped", "سلام", "۱۲"}) {
    EXPECT_FALSE(IsOptOutKeyword(text)) << text;
  }
}

TEST(SmsKeywordsTest, TheTokenMustBeSetLongAndEqual) {
  unsetenv(kSmsInboundTokenVariable);
  EXPECT_FALSE(SmsInboundTokenMatches(""));
  setenv(kSmsInboundTokenVariable, "short", 1);
  EXPECT_FALSE(SmsInboundTokenMatches("short"));
  setenv(kSmsInboundTokenVariable, "a-long-enough-inbound-token", 1);
  EXPECT_TRUE(SmsInboundTokenMatches("a-long-enough-inbound-token"));
  EXPECT_FALSE(SmsInboundTokenMatches("a-long-enough-inbound-tokeN"));
  EXPECT_FALSE(SmsInboundTokenMatches("a-long-enough-inbound-token!"));
  unsetenv(kSmsInboundTokenVariable);
}

class SmsOptOutTest : public store::BackendTest {};

TEST_P(SmsOptOutTest, AKeywordOptsOutTheCustomersOfThatPhoneInTheWorkspace) {
  const int64_t shop = AddWorkspace("shop");
  const int64_t other = AddWorkspace("other");
  struct Row {
    int id;
    int64_t workspace;
    const char* phone;
  };
  for (const Row& row :
       {Row{1, shop, "+989121234567"}, Row{2, shop, "+989121234567"},
        Row{3, shop, "+989127654321"}, Row{4, other, "+989121234567"}}) {
    std::string phone = row.phone;
    db().sql() << "INSERT INTO customers (id, workspace_id, first_name, "
                  "display_name, phone, created_at, updated_at) VALUES (:i, "
                  ":w, 'x', 'x', :p, 0, 0)",
        soci::use(row.id), soci::use(row.workspace), soci::use(phone);
  }
  auto none = OptOutBySmsKeyword(db(), shop, "09121234567", "سلام", 100);
  ASSERT_TRUE(none.ok()) << none.status().message();
  EXPECT_FALSE(none->keyword);
  EXPECT_EQ(ReadConsent(db(), shop, 1, ChannelKind::kSms)->consent,
            Consent::kUnknown);
  auto out = OptOutBySmsKeyword(db(), shop, "۰۹۱۲۱۲۳۴۵۶۷", "لغو", 100);
  ASSERT_TRUE(out.ok()) << out.status().message();
  EXPECT_TRUE(out->keyword);
  EXPECT_EQ(out->customers, 2);
  for (int64_t customer : {1, 2}) {
    auto consent = ReadConsent(db(), shop, customer, ChannelKind::kSms);
    EXPECT_EQ(consent->consent, Consent::kOptedOut);
    EXPECT_EQ(consent->source, "sms-keyword");
  }
  EXPECT_EQ(ReadConsent(db(), shop, 1, ChannelKind::kEmail)->consent,
            Consent::kUnknown);
  EXPECT_EQ(ReadConsent(db(), shop, 3, ChannelKind::kSms)->consent,
            Consent::kUnknown);
  EXPECT_EQ(ReadConsent(db(), other, 4, ChannelKind::kSms)->consent,
            Consent::kUnknown);
  EXPECT_EQ(OptOutBySmsKeyword(db(), shop, "not a phone", "STOP", 100)
                .status()
                .field(),
            "from");
}

VAFA_INSTANTIATE_BACKEND_TEST(SmsOptOutTest);

}  // namespace
}  // namespace vafa::services::messaging
