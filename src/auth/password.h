// Passwords: argon2id through libsodium's crypto_pwhash_str (the PHC string
// carries its own salt and cost parameters, so raising the cost later keeps
// old hashes valid), and the rules a new password must meet. Thread-safe.
#ifndef VAFA_AUTH_PASSWORD_H_
#define VAFA_AUTH_PASSWORD_H_

#include <string>
#include <string_view>

#include "core/result.h"

namespace vafa::auth {

inline constexpr size_t kMinPasswordLength = 10;  // characters (code points)
inline constexpr size_t kMaxPasswordBytes = 1024;

// Invalid (field "password") when the password is too short, too long or
// not UTF-8.
Status CheckNewPassword(std::string_view password);

// An "$argon2id$..." string. Interactive cost (64 MiB, 2 passes) by default;
// `fast` (for tests only) uses libsodium's minimum cost.
Result<std::string> HashPassword(std::string_view password, bool fast = false);

// True when `password` matches `hash`. Constant-time in the password.
bool VerifyPassword(std::string_view hash, std::string_view password);

// Whether `hash` was made with a cost below the current default.
bool NeedsRehash(std::string_view hash);

}  // namespace vafa::auth

#endif  // VAFA_AUTH_PASSWORD_H_
