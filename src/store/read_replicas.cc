#include "store/read_replicas.h"

#include <soci/soci.h>

#include <utility>

namespace vafa::store {
namespace {

bool IsPostgresLocation(std::string_view location) {
  return location.starts_with("postgresql://") ||
         location.starts_with("postgres://");
}

// The value of `key=` in a URI's query, or "".
std::string QueryValue(const std::string& query, const std::string& key) {
  size_t at = 0;
  while ((at = query.find(key + "=", at)) != std::string::npos) {
    if (at == 0 || query[at - 1] == '?' || query[at - 1] == '&') {
      const size_t start = at + key.size() + 1;
      return query.substr(start, query.find('&', start) - start);
    }
    at += key.size();
  }
  return "";
}

// Where a replica is, as a log line may show it: host, port and database,
// never the user's password.
std::string Describe(const std::string& location) {
  size_t start = location.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  const size_t query = location.find('?', start);
  const size_t at = location.find('@', start);
  if (at != std::string::npos && (query == std::string::npos || at < query)) {
    start = at + 1;
  }
  std::string where = location.substr(
      start, query == std::string::npos ? std::string::npos : query - start);
  if (query != std::string::npos) {
    const std::string parameters = location.substr(query);
    for (const char* key : {"host", "port"}) {
      std::string value = QueryValue(parameters, key);
      if (!value.empty()) where += std::string(" ") + key + "=" + value;
    }
  }
  return where;
}

// The primary's WAL position now, or "" when it cannot say (an SQLite
// store, an error): then only the replay time bounds the lag.
std::string PrimaryPosition(Database& primary) {
  if (primary.backend() != Backend::kPostgres) return "";
  try {
    std::string lsn;
    primary.sql() << "SELECT CAST(pg_current_wal_lsn() AS TEXT)",
        soci::into(lsn);
    return lsn;
  } catch (const std::exception&) {
    return "";
  }
}

struct ReplicaHealth {
  bool standby = false;
  bool caught_up = false;  // replayed the primary's position
  long long age = -1;      // seconds since its last replayed commit
};

ReplicaHealth ReadHealth(Database& replica, const std::string& primary_lsn) {
  // A position no server reaches when the primary's is unknown.
  std::string lsn = primary_lsn.empty() ? "FFFFFFFF/FFFFFFFF" : primary_lsn;
  int standby = 0;
  int caught_up = 0;
  ReplicaHealth health;
  replica.sql() << "SELECT CASE WHEN pg_is_in_recovery() THEN 1 ELSE 0 END, "
                   "CASE WHEN pg_last_wal_replay_lsn() >= CAST(:lsn AS pg_lsn) "
                   "THEN 1 ELSE 0 END, "
                   "COALESCE(CAST(EXTRACT(EPOCH FROM now() - "
                   "pg_last_xact_replay_timestamp()) AS BIGINT), -1)",
      soci::use(lsn), soci::into(standby), soci::into(caught_up),
      soci::into(health.age);
  health.standby = standby == 1;
  health.caught_up = caught_up == 1;
  return health;
}

}  // namespace

ReadReplicas::ReadReplicas(std::vector<std::string> locations,
                           int max_lag_seconds, LogLine log)
    : max_lag_seconds_(max_lag_seconds), log_(std::move(log)) {
  for (size_t index = 0; index < locations.size(); ++index) {
    Replica replica;
    replica.name = "read replica " + std::to_string(index + 1) + " (" +
                   Describe(locations[index]) + ")";
    replica.location = std::move(locations[index]);
    replicas_.push_back(std::move(replica));
  }
}

std::unique_ptr<Database> ReadReplicas::OpenForRead(Database& primary) {
  if (replicas_.empty()) return nullptr;
  const std::string primary_lsn = PrimaryPosition(primary);
  const size_t first = next_.fetch_add(1);
  for (size_t tried = 0; tried < replicas_.size(); ++tried) {
    Replica& replica = replicas_[(first + tried) % replicas_.size()];
    {
      std::lock_guard lock(mutex_);
      if (replica.state == State::kDown && NowSeconds() < replica.retry_at) {
        continue;
      }
    }
    auto connection = TryReplica(replica, primary_lsn);
    if (connection != nullptr) return connection;
  }
  return nullptr;
}

std::unique_ptr<Database> ReadReplicas::TryReplica(
    Replica& replica, const std::string& primary_lsn) {
  auto opened = Database::Open(replica.location, /*migrate=*/false);
  if (!opened.ok()) {
    Enter(replica, State::kDown, "does not answer");
    return nullptr;
  }
  ReplicaHealth health;
  try {
    health = ReadHealth(**opened, primary_lsn);
  } catch (const std::exception&) {
    Enter(replica, State::kDown, "cannot report its replay position");
    return nullptr;
  }
  if (!health.standby) {
    Enter(replica, State::kNotStandby,
          "is not a standby (not in recovery), so it is not read from");
    return nullptr;
  }
  if (!health.caught_up && (health.age < 0 || health.age >= max_lag_seconds_)) {
    Enter(replica, State::kLagging,
          (health.age < 0
               ? std::string("has replayed no transaction yet")
               : "is " + std::to_string(health.age) + " s behind the primary") +
              " (--read-db-max-lag " + std::to_string(max_lag_seconds_) +
              " s)");
    return nullptr;
  }
  Enter(replica, State::kInUse, "");
  return std::move(opened).value();
}

void ReadReplicas::Enter(Replica& replica, State state,
                         const std::string& why) {
  std::string line;
  {
    std::lock_guard lock(mutex_);
    if (state == State::kDown) {
      replica.retry_at = NowSeconds() + kRetryDownSeconds;
    }
    if (replica.state == state) return;
    replica.state = state;
    if (state == State::kInUse) {
      line = replica.name + " is in use for analytics, report and export reads";
    } else {
      line =
          replica.name + " " + why + "; those reads go to the primary" +
          (state == State::kDown ? " (tried again every " +
                                       std::to_string(kRetryDownSeconds) + " s)"
                                 : " until it is fresh again");
    }
  }
  if (log_) log_(state != State::kInUse, line);
}

Result<std::vector<std::string>> ParseReadLocations(
    const std::vector<std::string>& values) {
  std::vector<std::string> locations;
  for (const std::string& value : values) {
    size_t start = 0;
    while (start <= value.size()) {
      size_t comma = value.find(',', start);
      if (comma == std::string::npos) comma = value.size();
      std::string location = value.substr(start, comma - start);
      start = comma + 1;
      while (!location.empty() && location.front() == ' ') location.erase(0, 1);
      while (!location.empty() && location.back() == ' ') location.pop_back();
      if (location.empty()) continue;
      if (!IsPostgresLocation(location)) {
        return Status::Invalid("--read-db \"" + Describe(location) +
                                   "\": a read replica is a PostgreSQL standby "
                                   "(postgresql://...)",
                               "read_db");
      }
      locations.push_back(std::move(location));
    }
  }
  return locations;
}

}  // namespace vafa::store
