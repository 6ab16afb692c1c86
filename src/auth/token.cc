#include "auth/token.h"

#include <sodium.h>

#include <array>
#include <cstdlib>

namespace vafa::auth {
namespace {

constexpr size_t kSecretBytes = 32;
constexpr size_t kPrefixLength = 7;  // "vafa_s_" / "vafa_k_"

std::string_view KindPrefix(TokenKind kind) {
  return kind == TokenKind::kSession ? "vafa_s_" : "vafa_k_";
}

}  // namespace

NewToken MakeToken(TokenKind kind) {
  if (sodium_init() < 0) std::abort();  // no randomness: nothing is safe
  std::array<unsigned char, kSecretBytes> secret;
  randombytes_buf(secret.data(), secret.size());
  char encoded[sodium_base64_ENCODED_LEN(
      kSecretBytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(encoded, sizeof encoded, secret.data(), secret.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  NewToken made;
  made.token = std::string(KindPrefix(kind)) + encoded;
  made.hash = HashToken(made.token);
  made.prefix = made.token.substr(0, kPrefixLength + 4);
  sodium_memzero(secret.data(), secret.size());
  return made;
}

std::string HashToken(std::string_view token) {
  std::array<unsigned char, crypto_generichash_BYTES> digest;
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  char hex[crypto_generichash_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest.data(), digest.size());
  return std::string(hex);
}

bool LooksLikeToken(std::string_view token, TokenKind kind) {
  if (token.size() != kPrefixLength + 43 ||
      token.substr(0, kPrefixLength) != KindPrefix(kind)) {
    return false;
  }
  for (char c : token.substr(kPrefixLength)) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

}  // namespace vafa::auth
