// The sender loop of `vafa serve`: queues the task reminders and SLA alerts
// now due (staff_messages.h), then runs the sender (sender.h), every
// `period` on a thread and a connection of its own (made by `open` for each
// run, so a lost database connection is not kept), with one rate limiter
// for all runs so each channel's per-minute limit holds. What it did, and
// any failure, goes to `report` as one line per run that did anything.
// Stop (or the destructor) wakes the thread and waits for a run under way
// to end; a run delivers at most `batch` messages, so that is bounded.
#ifndef VAFA_SERVICES_MESSAGING_SENDER_LOOP_H_
#define VAFA_SERVICES_MESSAGING_SENDER_LOOP_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "services/messaging/sender.h"

namespace vafa::services::messaging {

class SenderLoop {
 public:
  using Opener = std::function<Result<std::unique_ptr<store::Database>>()>;
  using Reporter = std::function<void(const std::string&)>;

  SenderLoop(Opener open, const SecretKey& key, std::chrono::seconds period,
             int batch, Reporter report);
  ~SenderLoop();
  SenderLoop(const SenderLoop&) = delete;
  SenderLoop& operator=(const SenderLoop&) = delete;

  void Stop();
  int runs() const;  // runs finished so far

 private:
  void Loop();
  void RunOnce();
  void QueueStaffMessages(store::Database& db);

  Opener open_;
  SecretKey key_;
  std::chrono::seconds period_;
  int batch_;
  Reporter report_;
  ChannelRateLimiter limiter_;  // the loop thread's alone
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  int runs_ = 0;
  std::string last_notes_;  // the loop thread's alone
  std::thread thread_;
};

}  // namespace vafa::services::messaging

#endif  // VAFA_SERVICES_MESSAGING_SENDER_LOOP_H_
