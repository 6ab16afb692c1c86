#include "auth/password.h"

#include <sodium.h>

#include <string>

#include "core/persian_text.h"

namespace vafa::auth {
namespace {

bool InitSodium() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

}  // namespace

Status CheckNewPassword(std::string_view password) {
  if (password.size() > kMaxPasswordBytes) {
    return Status::Invalid("password is longer than " +
                               std::to_string(kMaxPasswordBytes) + " bytes",
                           "password");
  }
  if (!IsValidUtf8(password)) {
    return Status::Invalid("password is not valid UTF-8", "password");
  }
  size_t characters = 0;  // code points: count the bytes that start one
  for (unsigned char c : password) characters += (c & 0xC0) != 0x80;
  if (characters < kMinPasswordLength) {
    return Status::Invalid("password must have at least " +
                               std::to_string(kMinPasswordLength) +
                               " characters",
                           "password");
  }
  return Status::Ok();
}

Result<std::string> HashPassword(std::string_view password, bool fast) {
  if (!InitSodium()) return Status::Internal("libsodium failed to start");
  char out[crypto_pwhash_STRBYTES];
  const unsigned long long ops =
      fast ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE;
  const size_t mem =
      fast ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), ops, mem,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status(StatusCode::kResourceExhausted,
                  "not enough memory to hash the password");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  if (!InitSodium() || hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) {
    return false;
  }
  std::string terminated(hash);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(),
                                  password.size()) == 0;
}

bool NeedsRehash(std::string_view hash) {
  if (!InitSodium()) return false;
  std::string terminated(hash);
  return crypto_pwhash_str_needs_rehash(
             terminated.c_str(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
             crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0;
}

}  // namespace vafa::auth
