// A process-wide counter of changes to who may do what: every change to a
// user, a membership or a credential made through UserRepository bumps it,
// so caches of authentication and membership (api/access.cc) drop what they
// hold at once. Changes made by another process are seen when those caches
// expire (within a second).
#ifndef VAFA_AUTH_ACCESS_EPOCH_H_
#define VAFA_AUTH_ACCESS_EPOCH_H_

#include <atomic>
#include <cstdint>

namespace vafa::auth {

inline std::atomic<uint64_t>& AccessEpochCounter() {
  static std::atomic<uint64_t> counter{1};
  return counter;
}
inline uint64_t AccessEpoch() {
  return AccessEpochCounter().load(std::memory_order_acquire);
}
inline void BumpAccessEpoch() {
  AccessEpochCounter().fetch_add(1, std::memory_order_acq_rel);
}

}  // namespace vafa::auth

#endif  // VAFA_AUTH_ACCESS_EPOCH_H_
