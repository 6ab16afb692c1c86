#include "services/messaging/sender_loop.h"

namespace vafa::services {

SenderLoop::SenderLoop(Opener open, const SecretKey& key,
                       std::chrono::seconds period, int batch, Reporter report)
    : open_(std::move(open)),
      key_(key),
      period_(period),
      batch_(batch),
      report_(std::move(report)),
      thread_([this] { Loop(); }) {}

SenderLoop::~SenderLoop() { Stop(); }

void SenderLoop::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

int SenderLoop::runs() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return runs_;
}

void SenderLoop::Loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    RunOnce();
    lock.lock();
    ++runs_;
    wake_.wait_for(lock, period_, [this] { return stopping_; });
  }
}

void SenderLoop::RunOnce() {
  auto db = open_();
  if (!db.ok()) {
    report_("messaging: " + db.status().message());
    return;
  }
  SendOptions options;
  options.key = key_;
  options.limit = batch_;
  options.rate_limiter = &limiter_;
  auto report = SendDueMessages(**db, options);
  if (!report.ok()) {
    report_("messaging: " + report.status().message());
    return;
  }
  if (report->sent + report->retrying + report->failed + report->deferred ==
      0) {
    return;
  }
  report_("messaging: sent " + std::to_string(report->sent) + ", retrying " +
          std::to_string(report->retrying) + ", failed " +
          std::to_string(report->failed) + ", deferred " +
          std::to_string(report->deferred));
}

}  // namespace vafa::services
