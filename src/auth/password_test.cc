#include "auth/password.h"

#include <gmock/gmock.h>

#include "auth/token.h"

namespace vafa::auth {
namespace {

TEST(PasswordTest, HashIsArgon2idAndVerifies) {
  auto hash = HashPassword("correct horse battery", /*fast=*/true);
  ASSERT_TRUE(hash.ok()) << hash.status().message();
  EXPECT_TRUE(hash->starts_with("$argon2id$")) << *hash;
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse batterY"));
  EXPECT_FALSE(VerifyPassword(*hash, ""));
  EXPECT_FALSE(VerifyPassword("", "correct horse battery"));
  EXPECT_FALSE(VerifyPassword("not a hash", "correct horse battery"));
}

TEST(PasswordTest, SamePasswordHashesDifferently) {
  auto a = HashPassword("the same password", true);
  auto b = HashPassword("the same password", true);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);  // a random salt each time
}

TEST(PasswordTest, InteractiveCostAndRehash) {
  auto strong = HashPassword("رمز عبور بلند و امن");
  auto weak = HashPassword("رمز عبور بلند و امن", true);
  ASSERT_TRUE(strong.ok() && weak.ok());
  EXPECT_TRUE(VerifyPassword(*strong, "رمز عبور بلند و امن"));
  EXPECT_FALSE(NeedsRehash(*strong));
  EXPECT_TRUE(NeedsRehash(*weak));
}

TEST(PasswordTest, NewPasswordRules) {
  EXPECT_TRUE(CheckNewPassword("0123456789").ok());
  // Ten Persian letters are ten characters, though twenty bytes.
  EXPECT_TRUE(CheckNewPassword("سلامسلامسل").ok());
  Status short_one = CheckNewPassword("سلام");
  EXPECT_EQ(short_one.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(short_one.field(), "password");
  EXPECT_FALSE(CheckNewPassword(std::string(2000, 'x')).ok());
  EXPECT_FALSE(CheckNewPassword("abcdefghij\xff").ok());
}

TEST(TokenTest, ShapeHashAndPrefix) {
  NewToken a = MakeToken(TokenKind::kSession);
  NewToken b = MakeToken(TokenKind::kSession);
  EXPECT_NE(a.token, b.token);
  EXPECT_TRUE(LooksLikeToken(a.token, TokenKind::kSession));
  EXPECT_FALSE(LooksLikeToken(a.token, TokenKind::kApiKey));
  EXPECT_EQ(a.hash, HashToken(a.token));
  EXPECT_EQ(a.hash.size(), 64u);
  EXPECT_EQ(a.hash.find(a.token.substr(7)), std::string::npos);
  EXPECT_TRUE(a.token.starts_with(a.prefix));
  NewToken key = MakeToken(TokenKind::kApiKey);
  EXPECT_TRUE(key.token.starts_with("vafa_k_"));
  EXPECT_FALSE(LooksLikeToken("vafa_k_short", TokenKind::kApiKey));
  // BLAKE2b-256 of the empty string (RFC 7693 test vectors family).
  EXPECT_EQ(HashToken(""),
            "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
}

}  // namespace
}  // namespace vafa::auth
