#include "services/messaging/sender_loop.h"

#include "services/messaging/staff_messages.h"

namespace vafa::services::messaging {

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

void SenderLoop::QueueStaffMessages(store::Database& db) {
  auto staff = QueueDueStaffMessages(db, 0, store::NowSeconds());
  if (!staff.ok()) {
    report_("messaging: " + staff.status().message());
    return;
  }
  // A workspace without an e-mail channel is named when that begins, not
  // on every run while it lasts.
  std::string notes;
  for (const std::string& note : staff->notes) notes += note + "\n";
  if (notes != last_notes_) {
    for (const std::string& note : staff->notes) report_("messaging: " + note);
    last_notes_ = notes;
  }
  if (staff->reminders_queued + staff->alerts_queued > 0) {
    report_("messaging: queued " + std::to_string(staff->reminders_queued) +
            " task reminders, " + std::to_string(staff->alerts_queued) +
            " SLA alerts");
  }
}

void SenderLoop::RunOnce() {
  auto db = open_();
  if (!db.ok()) {
    report_("messaging: " + db.status().message());
    return;
  }
  QueueStaffMessages(**db);
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

}  // namespace vafa::services::messaging
