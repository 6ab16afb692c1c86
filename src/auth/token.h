// Bearer secrets for sessions and API keys: 32 random bytes from libsodium,
// written as "vafa_s_" (session) or "vafa_k_" (API key) and 43 base64url
// characters. Only BLAKE2b-256 of the token is stored, so a stolen database
// holds no usable credential; the first characters are kept as a prefix so
// a user can tell keys apart. Thread-safe.
#ifndef VAFA_AUTH_TOKEN_H_
#define VAFA_AUTH_TOKEN_H_

#include <string>
#include <string_view>

namespace vafa::auth {

enum class TokenKind { kSession, kApiKey };

struct NewToken {
  std::string token;   // shown once to its owner, never stored
  std::string hash;    // hex BLAKE2b-256 of token, stored
  std::string prefix;  // "vafa_k_AbCd", stored for display
};

NewToken MakeToken(TokenKind kind);
std::string HashToken(std::string_view token);
// Whether `token` has the shape MakeToken gives for `kind`.
bool LooksLikeToken(std::string_view token, TokenKind kind);

}  // namespace vafa::auth

#endif  // VAFA_AUTH_TOKEN_H_
