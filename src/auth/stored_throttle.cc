#include "auth/stored_throttle.h"

#include <soci/soci.h>

#include <algorithm>
#include <vector>

#include "store/sql_values.h"

namespace vafa::auth {
namespace {

constexpr char kRecentFailures[] =
    "SELECT failed_at FROM throttle_failures WHERE kind = :k AND "
    "throttle_key = :t AND failed_at > :s ORDER BY failed_at DESC LIMIT :n";
constexpr char kInsertFailure[] =
    "INSERT INTO throttle_failures (kind, throttle_key, failed_at) VALUES "
    "(:k, :t, :a)";
constexpr char kForget[] =
    "DELETE FROM throttle_failures WHERE kind = :k AND throttle_key = :t";
constexpr char kPrune[] = "DELETE FROM throttle_failures WHERE failed_at <= :c";

constexpr char kPair[] = "pair";
constexpr char kClient[] = "client";
constexpr int64_t kPruneEverySeconds = 60;

}  // namespace

Result<int64_t> StoredRetryAfter(store::Database& db, const std::string& kind,
                                 const std::string& key, int limit,
                                 int64_t window_seconds, int64_t now) {
  if (limit <= 0) return 0;
  std::vector<int64_t> times;
  long long since = now - window_seconds, n = limit;
  try {
    soci::rowset<soci::row> rows =
        (db.sql().prepare << kRecentFailures, soci::use(kind), soci::use(key),
         soci::use(since), soci::use(n));
    for (const soci::row& row : rows) times.push_back(store::RowInt(row, 0));
  } catch (const std::exception& error) {
    return store::DatabaseError("reading failed sign-ins", error);
  }
  if (static_cast<int>(times.size()) < limit) return 0;
  // Allowed again when the limit-th newest failure leaves the window.
  return std::max<int64_t>(1, times.back() + window_seconds - now);
}

Status RecordStoredFailure(store::Database& db, const std::string& kind,
                           const std::string& key, int64_t now) {
  long long at = now;
  try {
    db.sql() << kInsertFailure, soci::use(kind), soci::use(key), soci::use(at);
  } catch (const std::exception& error) {
    return store::DatabaseError("recording a failed sign-in", error);
  }
  return Status::Ok();
}

Status ForgetStoredFailures(store::Database& db, const std::string& kind,
                            const std::string& key) {
  try {
    db.sql() << kForget, soci::use(kind), soci::use(key);
  } catch (const std::exception& error) {
    return store::DatabaseError("forgetting failed sign-ins", error);
  }
  return Status::Ok();
}

Result<int64_t> PruneStoredFailures(store::Database& db, int64_t cutoff) {
  long long c = cutoff;
  try {
    soci::statement prune = (db.sql().prepare << kPrune, soci::use(c));
    prune.execute(true);
    return prune.get_affected_rows();
  } catch (const std::exception& error) {
    return store::DatabaseError("deleting old failed sign-ins", error);
  }
}

int64_t StoredThrottle::RetryAfter(const std::string& email,
                                   const std::string& client, int64_t now) {
  auto db = source_();
  if (!db.ok()) return 0;
  auto pair = StoredRetryAfter(**db, kPair, ThrottlePairKey(email, client),
                               limits_.failures_per_account_client,
                               limits_.window_seconds, now);
  auto by_client =
      StoredRetryAfter(**db, kClient, client, limits_.failures_per_client,
                       limits_.window_seconds, now);
  return std::max(pair.ok() ? *pair : 0, by_client.ok() ? *by_client : 0);
}

void StoredThrottle::RecordFailure(const std::string& email,
                                   const std::string& client, int64_t now) {
  auto db = source_();
  if (!db.ok()) return;
  (void)store::InTransaction(**db, [&]() -> Status {
    VAFA_RETURN_IF_ERROR(
        RecordStoredFailure(**db, kPair, ThrottlePairKey(email, client), now));
    return RecordStoredFailure(**db, kClient, client, now);
  });
  int64_t last = pruned_at_.load();
  if (now - last >= kPruneEverySeconds &&
      pruned_at_.compare_exchange_strong(last, now)) {
    (void)PruneStoredFailures(**db, now - limits_.window_seconds);
  }
}

void StoredThrottle::RecordSuccess(const std::string& email,
                                   const std::string& client) {
  auto db = source_();
  if (!db.ok()) return;
  (void)ForgetStoredFailures(**db, kPair, ThrottlePairKey(email, client));
}

}  // namespace vafa::auth
