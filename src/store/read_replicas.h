// ReadReplicas: the streaming replicas (--read-db) that take the reads
// which may be a little stale (analytics loads, report reads, large
// exports) off the primary, within a bound on how stale, with the primary
// as the fallback. Nothing is ever written through them.
//
// A replica serves a read when it answers, is a standby (in recovery: a
// promoted or mistaken primary is refused) and is fresh: it has replayed
// everything the primary had written when the read began, or its last
// replayed transaction committed less than max_lag_seconds ago. WAL is
// replayed in commit order, so a fresh replica misses at most the
// primary's commits of the last max_lag_seconds. Otherwise the read goes to
// the primary. A replica that could not be reached is not tried again for
// kRetryDownSeconds, so that reads do not each wait for its connection
// timeout. A change of a replica's state (down, lagging, not a standby, in
// use again) is logged once, not once per read.
//
// Thread-safe. Each read opens its own connection to the replica: the
// reads sent there are heavy, and the connection is a small part of them.
#ifndef VAFA_STORE_READ_REPLICAS_H_
#define VAFA_STORE_READ_REPLICAS_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/database.h"

namespace vafa::store {

class ReadReplicas {
 public:
  static constexpr int kRetryDownSeconds = 15;
  // Told each change of a replica's state: `trouble` is false only for a
  // replica taken (back) into use.
  using LogLine = std::function<void(bool trouble, const std::string&)>;

  // `locations` are postgresql:// URIs (ParseReadLocations).
  ReadReplicas(std::vector<std::string> locations, int max_lag_seconds,
               LogLine log);

  // A connection to a fresh replica, or nullptr when none is: read from
  // `primary` then. Never fails: every problem means the primary.
  std::unique_ptr<Database> OpenForRead(Database& primary);

  int max_lag_seconds() const { return max_lag_seconds_; }
  size_t size() const { return replicas_.size(); }

 private:
  enum class State { kUnknown, kInUse, kDown, kLagging, kNotStandby };
  struct Replica {
    std::string location;
    std::string name;  // "read replica 2 (host:port/db)", no password
    State state = State::kUnknown;
    int64_t retry_at = 0;  // while down: not tried before this
  };
  std::unique_ptr<Database> TryReplica(Replica& replica,
                                       const std::string& primary_lsn);
  void Enter(Replica& replica, State state, const std::string& why);

  std::vector<Replica> replicas_;
  int max_lag_seconds_;
  LogLine log_;
  std::mutex mutex_;  // guards each Replica's state and retry_at
  std::atomic<size_t> next_{0};
};

// The --read-db values (each a URI or a comma-separated list of them) as a
// list of locations; InvalidArgument naming read_db for one that is not a
// postgresql:// URI.
Result<std::vector<std::string>> ParseReadLocations(
    const std::vector<std::string>& values);

// The connection a stale-tolerant read uses: a fresh replica's when
// `replicas` has one, else `primary`.
class ReadConnection {
 public:
  ReadConnection(ReadReplicas* replicas, Database& primary)
      : primary_(primary),
        replica_(replicas != nullptr ? replicas->OpenForRead(primary)
                                     : nullptr) {}
  Database& db() { return replica_ != nullptr ? *replica_ : primary_; }
  bool on_replica() const { return replica_ != nullptr; }

 private:
  Database& primary_;
  std::unique_ptr<Database> replica_;
};

}  // namespace vafa::store

#endif  // VAFA_STORE_READ_REPLICAS_H_
