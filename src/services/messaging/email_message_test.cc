#include "services/messaging/internal/email_message.h"

#include <gtest/gtest.h>

#include <regex>

namespace vafa::services::messaging {
namespace {

std::string DecodeBase64(const std::string& text) {
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int bits = 0;
  int value = 0;
  for (char c : text) {
    const size_t digit = kAlphabet.find(c);
    if (digit == std::string::npos) continue;  // '=' and line ends
    value = (value << 6) | static_cast<int>(digit);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((value >> bits) & 0xFF);
    }
  }
  return out;
}

// The text the encoded words of a header stand for.
std::string DecodeWords(const std::string& header) {
  static const std::regex kWord("=\\?UTF-8\\?B\\?([^?]*)\\?=");
  std::string out;
  for (std::sregex_iterator it(header.begin(), header.end(), kWord), end;
       it != end; ++it) {
    out += DecodeBase64((*it)[1]);
  }
  return out;
}

EmailSettings Shop() {
  EmailSettings settings;
  settings.host = "127.0.0.1";
  settings.from_address = "shop@example.com";
  settings.from_name = "فروشگاه وفا";
  settings.reply_to = "help@example.com";
  settings.unsubscribe_url = "https://crm.example.com/u/{token}";
  return settings;
}

OutboxMessage Offer() {
  OutboxMessage message;
  message.id = 5;
  message.idempotency_key = "campaign:3:customer:9";
  message.purpose = MessagePurpose::kMarketing;
  message.recipient = "sara@example.com";
  message.subject =
      "سارا عزیز، تخفیف پاییزه برای شما آماده است و تا آخر هفته "
      "می‌ماند";
  message.body = "سلام سارا\nبیست درصد تخفیف.";
  message.unsubscribe_token = "abc123";
  return message;
}

TEST(EmailMessageTest, PersianHeaderBecomesShortEncodedWordsThatDecodeBack) {
  const std::string subject = Offer().subject;
  const std::string header = EncodeHeaderText(subject);
  EXPECT_EQ(DecodeWords(header), subject);
  size_t start = 0;
  int words = 0;
  for (size_t end = header.find("\r\n "); start < header.size();
       end = header.find("\r\n ", start)) {
    const std::string word = header.substr(start, end - start);
    EXPECT_LE(word.size(), 75u) << word;
    ++words;
    if (end == std::string::npos) break;
    start = end + 3;
  }
  EXPECT_GT(words, 1);
  EXPECT_EQ(EncodeHeaderText("Autumn offer"), "Autumn offer");
}

TEST(EmailMessageTest, MarketingMailCarriesUnsubscribeHeaderAndLink) {
  auto mail = ComposeEmail(Shop(), Offer(), 1733356800);
  ASSERT_TRUE(mail.ok()) << mail.status().message();
  const std::string link = "https://crm.example.com/u/abc123";
  EXPECT_NE(mail->find("List-Unsubscribe: <" + link + ">\r\n"),
            std::string::npos);
  EXPECT_NE(mail->find("List-Unsubscribe-Post: List-Unsubscribe=One-Click"),
            std::string::npos);
  EXPECT_NE(mail->find("Message-ID: <campaign.3.customer.9@example.com>"),
            std::string::npos);
  EXPECT_NE(mail->find("Date: Thu, 05 Dec 2024 00:00:00 +0000"),
            std::string::npos);
  const size_t body_at = mail->find("\r\n\r\n");
  ASSERT_NE(body_at, std::string::npos);
  const std::string body = DecodeBase64(mail->substr(body_at + 4));
  EXPECT_EQ(body.rfind(Offer().body, 0), 0u);
  EXPECT_NE(body.find(link), std::string::npos);
}

TEST(EmailMessageTest, TransactionalMailHasNoUnsubscribeHeader) {
  OutboxMessage message = Offer();
  message.purpose = MessagePurpose::kTransactional;
  EmailSettings settings = Shop();
  settings.unsubscribe_url.clear();
  auto mail = ComposeEmail(settings, message, 0);
  ASSERT_TRUE(mail.ok()) << mail.status().message();
  EXPECT_EQ(mail->find("List-Unsubscribe"), std::string::npos);
}

TEST(EmailMessageTest, MarketingWithoutUnsubscribeUrlOrHeaderBreakIsRefused) {
  EmailSettings settings = Shop();
  settings.unsubscribe_url.clear();
  auto no_link = ComposeEmail(settings, Offer(), 0);
  ASSERT_FALSE(no_link.ok());
  EXPECT_EQ(no_link.status().field(), "email.unsubscribe_url");
  OutboxMessage injected = Offer();
  injected.recipient = "a@example.com>\r\nBcc: <b@example.com";
  EXPECT_FALSE(ComposeEmail(Shop(), injected, 0).ok());
}

}  // namespace
}  // namespace vafa::services::messaging
