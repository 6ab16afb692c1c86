#include "services/messaging/secrets.h"

#include <gtest/gtest.h>

namespace vafa::services::messaging {
namespace {

SecretKey Key(char digit) { return *ParseSecretKey(std::string(64, digit)); }

TEST(SecretsTest, SealedSecretOpensWithItsKeyAndHidesTheText) {
  const std::string sealed = SealSecret(Key('a'), "smtp-pass-word");
  EXPECT_EQ(sealed.find("smtp-pass-word"), std::string::npos);
  auto opened = OpenSecret(Key('a'), sealed, "channel 1 secret");
  ASSERT_TRUE(opened.ok()) << opened.status().message();
  EXPECT_EQ(*opened, "smtp-pass-word");
  // A fresh nonce each time: the same secret seals differently.
  EXPECT_NE(SealSecret(Key('a'), "smtp-pass-word"), sealed);
}

TEST(SecretsTest, AnotherKeyOrAnAlteredBoxIsRefusedNamingTheField) {
  const std::string sealed = SealSecret(Key('a'), "token");
  auto wrong = OpenSecret(Key('b'), sealed, "channel 7 secret");
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.status().message().find("channel 7 secret"),
            std::string::npos);
  std::string altered = sealed;
  altered[30] = altered[30] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(OpenSecret(Key('a'), altered, "x").ok());
  EXPECT_FALSE(OpenSecret(Key('a'), "not base64!", "x").ok());
}

TEST(SecretsTest, KeyMustBe64HexDigits) {
  EXPECT_FALSE(ParseSecretKey("abc").ok());
  EXPECT_FALSE(ParseSecretKey(std::string(64, 'g')).ok());
  EXPECT_TRUE(ParseSecretKey(std::string(64, 'F')).ok());
}

}  // namespace
}  // namespace vafa::services::messaging
