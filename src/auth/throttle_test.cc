#include "auth/throttle.h"

#include <gtest/gtest.h>

namespace vafa::auth {
namespace {

TEST(ThrottleTest, FifthFailureLocksTheAddressForTheWindow) {
  SignInThrottle throttle({.failures_per_email = 3,
                           .failures_per_client = 100,
                           .window_seconds = 600});
  EXPECT_EQ(throttle.RetryAfter("a@x.ir", "1.2.3.4", 1000), 0);
  throttle.RecordFailure("a@x.ir", "1.2.3.4", 1000);
  throttle.RecordFailure("a@x.ir", "1.2.3.4", 1100);
  EXPECT_EQ(throttle.RetryAfter("a@x.ir", "1.2.3.4", 1100), 0);
  throttle.RecordFailure("a@x.ir", "1.2.3.4", 1200);
  // Three failures in the window: wait until the first (t=1000) leaves it.
  EXPECT_EQ(throttle.RetryAfter("a@x.ir", "1.2.3.4", 1200), 400);
  EXPECT_EQ(throttle.RetryAfter("a@x.ir", "5.6.7.8", 1300), 300);
  EXPECT_EQ(throttle.RetryAfter("b@x.ir", "1.2.3.4", 1300), 0);
  EXPECT_EQ(throttle.RetryAfter("a@x.ir", "1.2.3.4", 1600), 0);
}

TEST(ThrottleTest, ClientLimitCoversManyAddresses) {
  SignInThrottle throttle({.failures_per_email = 100,
                           .failures_per_client = 4,
                           .window_seconds = 60});
  for (int i = 0; i < 4; ++i) {
    throttle.RecordFailure("user" + std::to_string(i) + "@x.ir", "9.9.9.9",
                           10 + i);
  }
  EXPECT_EQ(throttle.RetryAfter("new@x.ir", "9.9.9.9", 20), 50);
  EXPECT_EQ(throttle.RetryAfter("new@x.ir", "8.8.8.8", 20), 0);
}

TEST(ThrottleTest, SuccessClearsTheAddress) {
  SignInThrottle throttle({.failures_per_email = 2,
                           .failures_per_client = 100,
                           .window_seconds = 60});
  throttle.RecordFailure("a@x.ir", "c", 1);
  throttle.RecordSuccess("a@x.ir");
  throttle.RecordFailure("a@x.ir", "c", 2);
  EXPECT_EQ(throttle.RetryAfter("a@x.ir", "c", 3), 0);
}

TEST(ThrottleTest, MemoryIsBounded) {
  SignInThrottle throttle({.failures_per_email = 5,
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
