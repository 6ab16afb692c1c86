#include "auth/stored_throttle.h"

#include <gtest/gtest.h>

#include "store/store_test_support.h"

namespace vafa::auth {
namespace {

class StoredThrottleTest : public store::BackendTest {
 protected:
  // Two throttles on one store: what two server processes hold.
  StoredThrottle Make(ThrottleLimits limits) {
    return StoredThrottle(
        [this]() -> Result<store::Database*> { return &db(); }, limits);
  }
};

TEST_P(StoredThrottleTest, FailuresLockThePairForTheWindow) {
  StoredThrottle throttle = Make({.failures_per_account_client = 3,
                                  .failures_per_client = 100,
                                  .window_seconds = 600});
  EXPECT_EQ(throttle.RetryAfter("a@x.ir", "1.2.3.4", 1000), 0);
  throttle.RecordFailure("a@x.ir", "1.2.3.4", 1000);
  throttle.RecordFailure("a@x.ir", "1.2.3.4", 1100);
  EXPECT_EQ(throttle.RetryAfter("a@x.ir", "1.2.3.4", 1100), 0);
  throttle.RecordFailure("a@x.ir", "1.2.3.4", 1200);
  // Three failures in the window: wait until the first (t=1000) leaves it.
  EXPECT_EQ(throttle.RetryAfter("a@x.ir", "1.2.3.4", 1200), 400);
  EXPECT_EQ(throttle.RetryAfter("a@x.ir", "1.2.3.4", 1300), 300);
  EXPECT_EQ(throttle.RetryAfter("b@x.ir", "1.2.3.4", 1300), 0);
  EXPECT_EQ(throttle.RetryAfter("a@x.ir", "1.2.3.4", 1600), 0);
}

TEST_P(StoredThrottleTest, EveryProcessCountsTheSameFailures) {
  ThrottleLimits limits{.failures_per_account_client = 4,
                        .failures_per_client = 100,
                        .window_seconds = 900};
  StoredThrottle first = Make(limits);
  StoredThrottle second = Make(limits);
  // An attacker alternating between two processes.
  first.RecordFailure("a@x.ir", "6.6.6.6", 10);
  second.RecordFailure("a@x.ir", "6.6.6.6", 11);
  first.RecordFailure("a@x.ir", "6.6.6.6", 12);
  EXPECT_EQ(second.RetryAfter("a@x.ir", "6.6.6.6", 13), 0);
  second.RecordFailure("a@x.ir", "6.6.6.6", 13);
  EXPECT_EQ(first.RetryAfter("a@x.ir", "6.6.6.6", 14), 896);
  EXPECT_EQ(second.RetryAfter("a@x.ir", "6.6.6.6", 14), 896);
  // The owner elsewhere is not locked out; a success on either process
  // clears the pair for both.
  EXPECT_EQ(second.RetryAfter("a@x.ir", "198.51.100.7", 14), 0);
  first.RecordSuccess("a@x.ir", "6.6.6.6");
  EXPECT_EQ(second.RetryAfter("a@x.ir", "6.6.6.6", 15), 0);
}

TEST_P(StoredThrottleTest, ClientLimitCoversManyAccounts) {
  StoredThrottle throttle = Make({.failures_per_account_client = 100,
                                  .failures_per_client = 4,
                                  .window_seconds = 60});
  for (int i = 0; i < 4; ++i) {
    throttle.RecordFailure("user" + std::to_string(i) + "@x.ir", "9.9.9.9",
                           10 + i);
  }
  EXPECT_EQ(throttle.RetryAfter("new@x.ir", "9.9.9.9", 20), 50);
  EXPECT_EQ(throttle.RetryAfter("new@x.ir", "8.8.8.8", 20), 0);
}

TEST_P(StoredThrottleTest, OldFailuresArePruned) {
  ASSERT_TRUE(RecordStoredFailure(db(), "client", "c", 100).ok());
  ASSERT_TRUE(RecordStoredFailure(db(), "client", "c", 200).ok());
  ASSERT_TRUE(RecordStoredFailure(db(), "client", "d", 300).ok());
  auto pruned = PruneStoredFailures(db(), 200);
  ASSERT_TRUE(pruned.ok()) << pruned.status().ToString();
  EXPECT_EQ(*pruned, 2);
  auto wait = StoredRetryAfter(db(), "client", "d", 1, 1000, 400);
  ASSERT_TRUE(wait.ok());
  EXPECT_EQ(*wait, 900);
}

VAFA_INSTANTIATE_BACKEND_TEST(StoredThrottleTest);

}  // namespace
}  // namespace vafa::auth
