// SignInThrottle: slows down password guessing. Failed sign-ins are counted
// in a sliding window per (e-mail, client address) pair, so that failures
// from one place cannot lock the account's owner out elsewhere, and per
// client address across all e-mails, so that one client spraying many
// accounts is stopped too. Past a limit, sign-in from that pair (or
// client) is refused (HTTP 429 with Retry-After) until the oldest failure
// leaves the window, whether or not the password is right. A success
// clears the pair's count.
//
// Throttle is the interface; SignInThrottle keeps the counts in memory, per
// process (memory bounded by forgetting the oldest keys); StoredThrottle
// (auth/stored_throttle.h) keeps them in the store, so that every `vafa
// serve` process of one store counts the same failures. Both thread-safe.
//
// What it does not stop: guessing one account's password from many
// addresses (each pair has its own count). The per-pair limit with
// argon2id's cost keeps each address to a few guesses per window.
#ifndef VAFA_AUTH_THROTTLE_H_
#define VAFA_AUTH_THROTTLE_H_

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

namespace vafa::auth {

struct ThrottleLimits {
  int failures_per_account_client = 5;
  int failures_per_client = 20;
  int64_t window_seconds = 15 * 60;
  size_t max_keys = 100000;
};

class Throttle {
 public:
  virtual ~Throttle() = default;
  // Seconds to wait before trying again, 0 when a try is allowed now.
  virtual int64_t RetryAfter(const std::string& email,
                             const std::string& client, int64_t now) = 0;
  virtual void RecordFailure(const std::string& email,
                             const std::string& client, int64_t now) = 0;
  virtual void RecordSuccess(const std::string& email,
                             const std::string& client) = 0;
};

// The key of an (e-mail, client) pair: a newline is in neither a normalised
// e-mail nor an address.
std::string ThrottlePairKey(const std::string& email,
                            const std::string& client);

class SignInThrottle : public Throttle {
 public:
  explicit SignInThrottle(ThrottleLimits limits = {}) : limits_(limits) {}

  int64_t RetryAfter(const std::string& email, const std::string& client,
                     int64_t now) override;
  void RecordFailure(const std::string& email, const std::string& client,
                     int64_t now) override;
  void RecordSuccess(const std::string& email,
                     const std::string& client) override;

 private:
  using Failures = std::deque<int64_t>;
  void Expire(Failures& failures, int64_t now) const;
  int64_t Wait(std::unordered_map<std::string, Failures>& map,
               const std::string& key, int limit, int64_t now);
  void Add(std::unordered_map<std::string, Failures>& map,
           const std::string& key, int limit, int64_t now);

  ThrottleLimits limits_;
  std::mutex mutex_;
  std::unordered_map<std::string, Failures> by_pair_;
  std::unordered_map<std::string, Failures> by_client_;
};

}  // namespace vafa::auth

#endif  // VAFA_AUTH_THROTTLE_H_
