#include "auth/throttle.h"

#include <gtest/gtest.h>

namespace vafa::auth {
namespace {

TEST(ThrottleTest, FailuresLockThePairForTheWindow) {
  SignInThrottle throttle({.failures_per_account_client = 3,
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

TEST(ThrottleTest, AnAttackerElsewhereDoesNotLockTheOwnerOut) {
  SignInThrottle throttle({.failures_per_account_client = 5,
                           .failures_per_client = 20,
                           .window_seconds = 900});
  for (int i = 0; i < 50; ++i) {
    if (throttle.RetryAfter("owner@x.ir", "6.6.6.6", 100 + i) == 0) {
      throttle.RecordFailure("owner@x.ir", "6.6.6.6", 100 + i);
    }
  }
  EXPECT_GT(throttle.RetryAfter("owner@x.ir", "6.6.6.6", 200), 0);
  EXPECT_EQ(throttle.RetryAfter("owner@x.ir", "198.51.100.7", 200), 0);
}

TEST(ThrottleTest, ClientLimitCoversManyAccounts) {
  SignInThrottle throttle({.failures_per_account_client = 100,
                           .failures_per_client = 4,
                           .window_seconds = 60});
  for (int i = 0; i < 4; ++i) {
    throttle.RecordFailure("user" + std::to_string(i) + "@x.ir", "9.9.9.9",
                           10 + i);
  }
  EXPECT_EQ(throttle.RetryAfter("new@x.ir", "9.9.9.9", 20), 50);
  EXPECT_EQ(throttle.RetryAfter("new@x.ir", "8.8.8.8", 20), 0);
}

TEST(ThrottleTest, SuccessClearsThePairOnly) {
  SignInThrottle throttle({.failures_per_account_client = 2,
                           .failures_per_client = 100,
                           .window_seconds = 60});
  throttle.RecordFailure("a@x.ir", "c", 1);
  throttle.RecordFailure("a@x.ir", "d", 1);
  throttle.RecordSuccess("a@x.ir", "c");
  throttle.RecordFailure("a@x.ir", "c", 2);
  throttle.RecordFailure("a@x.ir", "d", 2);
  EXPECT_EQ(throttle.RetryAfter("a@x.ir", "c", 3), 0);
  EXPECT_GT(throttle.RetryAfter("a@x.ir", "d", 3), 0);
}

TEST(ThrottleTest, MemoryIsBounded) {
  SignInThrottle throttle({.failures_per_account_client = 5,
                           .failures_per_client = 5,
                           .window_seconds = 60,
                           .max_keys = 10});
  for (int i = 0; i < 1000; ++i) {
    throttle.RecordFailure(std::to_string(i), std::to_string(i), i);
  }
  // Still answers; the oldest keys were forgotten.
  EXPECT_EQ(throttle.RetryAfter("0", "0", 1000), 0);
}

}  // namespace
}  // namespace vafa::auth
