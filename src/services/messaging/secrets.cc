#include "services/messaging/secrets.h"

#include <sodium.h>

#include <cstdlib>
#include <stdexcept>
#include <vector>

namespace vafa::services::messaging {

Result<SecretKey> ParseSecretKey(std::string_view hex) {
  SecretKey key{};
  size_t written = 0;
  const char* end = nullptr;
  if (hex.size() != 2 * key.size() ||
      sodium_hex2bin(key.data(), key.size(), hex.data(), hex.size(), nullptr,
                     &written, &end) != 0 ||
      written != key.size()) {
    return Status::Invalid(std::string(kSecretKeyVariable) +
                           ": must be 64 hex digits (32 bytes)");
  }
  return key;
}

Result<SecretKey> SecretKeyFromEnvironment() {
  const char* hex = std::getenv(kSecretKeyVariable);
  if (hex == nullptr || *hex == '\0') {
    return Status(StatusCode::kFailedPrecondition,
                  std::string(kSecretKeyVariable) +
                      " is not set: channel secrets cannot be sealed or opened "
                      "(docs/messaging.md)");
  }
  return ParseSecretKey(hex);
}

std::string SealSecret(const SecretKey& key, std::string_view secret) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium did not start");
  std::vector<unsigned char> sealed(crypto_secretbox_NONCEBYTES +
                                    crypto_secretbox_MACBYTES + secret.size());
  unsigned char* nonce = sealed.data();
  randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(secret.data()),
                        secret.size(), nonce, key.data());
  std::string text(
      sodium_base64_encoded_len(sealed.size(), sodium_base64_VARIANT_ORIGINAL),
      '\0');
  sodium_bin2base64(text.data(), text.size(), sealed.data(), sealed.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  text.resize(text.size() - 1);  // the terminating NUL
  return text;
}

Result<std::string> OpenSecret(const SecretKey& key, std::string_view sealed,
                               std::string_view field) {
  std::vector<unsigned char> bytes(sealed.size());
  size_t length = 0;
  if (sodium_base642bin(bytes.data(), bytes.size(), sealed.data(),
                        sealed.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0 ||
      length < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
    return Status::Invalid(std::string(field) + ": not a sealed secret");
  }
  const size_t box = length - crypto_secretbox_NONCEBYTES;
  std::string secret(box - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(
          reinterpret_cast<unsigned char*>(secret.data()),
          bytes.data() + crypto_secretbox_NONCEBYTES, box, bytes.data(),
          key.data()) != 0) {
    return Status(StatusCode::kFailedPrecondition,
                  std::string(field) + ": cannot be opened with " +
                      kSecretKeyVariable +
                      " (another key sealed it, or it was altered)");
  }
  return secret;
}

}  // namespace vafa::services::messaging
