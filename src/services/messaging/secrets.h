// Channel secrets sealed at rest: an SMTP password or a gateway token is
// kept in the store only as libsodium's secretbox (XSalsa20-Poly1305) of it
// under the server's key, written as base64 of nonce and box. The key comes
// from the environment (VAFA_SECRET_KEY: 64 hex digits, 32 bytes), never
// from the store, so a copy of the store or a backup does not reveal the
// secrets. Opening fails, naming the field, when the key is wrong or the box
// was altered. Thread-safe (no state).
#ifndef VAFA_SERVICES_MESSAGING_SECRETS_H_
#define VAFA_SERVICES_MESSAGING_SECRETS_H_

#include <array>
#include <string>
#include <string_view>

#include "core/result.h"

namespace vafa::services::messaging {

using SecretKey = std::array<unsigned char, 32>;

// The name of the environment variable that holds the key.
inline constexpr char kSecretKeyVariable[] = "VAFA_SECRET_KEY";

// Parses 64 hex digits into a key.
Result<SecretKey> ParseSecretKey(std::string_view hex);
// The key from $VAFA_SECRET_KEY; FailedPrecondition when it is unset.
Result<SecretKey> SecretKeyFromEnvironment();

// Seals `secret` with a fresh random nonce.
std::string SealSecret(const SecretKey& key, std::string_view secret);
// Opens what SealSecret made; `field` names it in the failure.
Result<std::string> OpenSecret(const SecretKey& key, std::string_view sealed,
                               std::string_view field);

}  // namespace vafa::services::messaging

#endif  // VAFA_SERVICES_MESSAGING_SECRETS_H_
