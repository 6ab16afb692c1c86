// StoredThrottle: the sign-in throttle of auth/throttle.h with its failures
// in the store (table throttle_failures), so that several `vafa serve`
// processes behind one load balancer count the same failures: guessing
// from one client gets no more tries by landing on another process, and a
// restart forgets nothing. The same limits and sliding window as the
// in-memory SignInThrottle.
//
// A store error counts as no failure seen (RetryAfter answers 0) and
// records nothing: the sign-in that follows reads the same store and fails
// with it. Failures older than the window are deleted at most once a
// minute per process.
#ifndef VAFA_AUTH_STORED_THROTTLE_H_
#define VAFA_AUTH_STORED_THROTTLE_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "auth/throttle.h"
#include "core/result.h"
#include "store/database.h"

namespace vafa::auth {

class StoredThrottle : public Throttle {
 public:
  // `source` gives the calling thread's connection (the server's).
  using Source = std::function<Result<store::Database*>()>;
  explicit StoredThrottle(Source source, ThrottleLimits limits = {})
      : source_(std::move(source)), limits_(limits) {}

  int64_t RetryAfter(const std::string& email, const std::string& client,
                     int64_t now) override;
  void RecordFailure(const std::string& email, const std::string& client,
                     int64_t now) override;
  void RecordSuccess(const std::string& email,
                     const std::string& client) override;

 private:
  Source source_;
  ThrottleLimits limits_;
  std::atomic<int64_t> pruned_at_{0};
};

// The same, for one connection: what StoredThrottle runs.
Result<int64_t> StoredRetryAfter(store::Database& db, const std::string& kind,
                                 const std::string& key, int limit,
                                 int64_t window_seconds, int64_t now);
Status RecordStoredFailure(store::Database& db, const std::string& kind,
                           const std::string& key, int64_t now);
Status ForgetStoredFailures(store::Database& db, const std::string& kind,
                            const std::string& key);
// Deletes failures at or before `cutoff`; returns how many.
Result<int64_t> PruneStoredFailures(store::Database& db, int64_t cutoff);

}  // namespace vafa::auth

#endif  // VAFA_AUTH_STORED_THROTTLE_H_
