#include "auth/throttle.h"

#include <algorithm>

namespace vafa::auth {

void SignInThrottle::Expire(Failures& failures, int64_t now) const {
  while (!failures.empty() &&
         failures.front() <= now - limits_.window_seconds) {
    failures.pop_front();
  }
}

int64_t SignInThrottle::Wait(std::unordered_map<std::string, Failures>& map,
                             const std::string& key, int limit, int64_t now) {
  auto it = map.find(key);
  if (it == map.end()) return 0;
  Expire(it->second, now);
  if (it->second.empty()) {
    map.erase(it);
    return 0;
  }
  if (static_cast<int>(it->second.size()) < limit) return 0;
  // Allowed again when enough failures have left the window.
  const int64_t frees_at =
      it->second[it->second.size() - limit] + limits_.window_seconds;
  return std::max<int64_t>(1, frees_at - now);
}

void SignInThrottle::Add(std::unordered_map<std::string, Failures>& map,
                         const std::string& key, int limit, int64_t now) {
  if (map.size() >= limits_.max_keys && !map.contains(key)) {
    // Forget keys with nothing left in the window; if none, drop any one.
    for (auto it = map.begin(); it != map.end();) {
      Expire(it->second, now);
      it = it->second.empty() ? map.erase(it) : std::next(it);
    }
    if (map.size() >= limits_.max_keys) map.erase(map.begin());
  }
  Failures& failures = map[key];
  Expire(failures, now);
  failures.push_back(now);
  while (static_cast<int>(failures.size()) > limit) failures.pop_front();
}

std::string ThrottlePairKey(const std::string& email,
                            const std::string& client) {
  return email + "\n" + client;
}

int64_t SignInThrottle::RetryAfter(const std::string& email,
                                   const std::string& client, int64_t now) {
  std::lock_guard lock(mutex_);
  return std::max(Wait(by_pair_, ThrottlePairKey(email, client),
                       limits_.failures_per_account_client, now),
                  Wait(by_client_, client, limits_.failures_per_client, now));
}

void SignInThrottle::RecordFailure(const std::string& email,
                                   const std::string& client, int64_t now) {
  std::lock_guard lock(mutex_);
  Add(by_pair_, ThrottlePairKey(email, client),
      limits_.failures_per_account_client, now);
  Add(by_client_, client, limits_.failures_per_client, now);
}

void SignInThrottle::RecordSuccess(const std::string& email,
                                   const std::string& client) {
  std::lock_guard lock(mutex_);
  by_pair_.erase(ThrottlePairKey(email, client));
}

}  // namespace vafa::auth
