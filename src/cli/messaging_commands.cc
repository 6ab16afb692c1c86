// vafa send: queues the task reminders and SLA alerts now due, then delivers
// the outbox's due messages once (docs/messaging.md).
// vafa channel add-email | add-sms | list: a workspace's message channels;
// a channel's secret is read from standard input (--secret-stdin), never
// from the command line, where other users could see it, and never printed.
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <memory>
#include <thread>

#include "cli/command.h"
#include "cli/message_queue_commands.h"
#include "services/messaging/channels.h"
#include "services/messaging/sender.h"
#include "services/messaging/staff_messages.h"

namespace vafa::cli {
namespace {

// A test switch (docs/messaging.md): pause this long between a provider
// taking a message and the sender recording it, so a crash test can kill
// the sender at that moment. Inert when unset.
constexpr char kPauseVariable[] = "VAFA_TEST_SEND_PAUSE_MS";

struct SendFlags {
  std::string workspace;
  int limit = 100;
  int lease_seconds = 300;
};

int RunSend(const CommandContext& context, const SendFlags& flags) {
  auto key = services::messaging::SecretKeyFromEnvironment();
  if (!key.ok()) return Fail(key.status());
  auto db = context.Open();
  if (!db.ok()) return Fail(db.status());
  services::messaging::SendOptions options;
  options.key = *key;
  options.limit = flags.limit;
  options.lease_seconds = flags.lease_seconds;
  if (context.workspace_chosen || !flags.workspace.empty()) {
    CommandContext chosen = context;
    if (!flags.workspace.empty()) chosen.workspace = flags.workspace;
    auto workspace = chosen.Workspace(**db, /*create=*/false);
    if (!workspace.ok()) return Fail(workspace.status());
    options.workspace_id = workspace->id;
  }
  if (const char* pause = std::getenv(kPauseVariable); pause != nullptr) {
    const int ms = std::atoi(pause);
    options.after_delivery = [ms] {
      std::this_thread::sleep_for(std::chrono::milliseconds(ms));
    };
  }
  auto staff = services::messaging::QueueDueStaffMessages(
      **db, options.workspace_id, store::NowSeconds());
  if (!staff.ok()) return Fail(staff.status());
  for (const std::string& note : staff->notes) {
    std::cerr << "vafa: " << note << "\n";
  }
  if (staff->reminders_queued + staff->alerts_queued > 0) {
    std::cout << "queued " << staff->reminders_queued << " task reminders, "
              << staff->alerts_queued << " SLA alerts\n";
  }
  auto report = services::messaging::SendDueMessages(**db, options);
  if (!report.ok()) return Fail(report.status());
  std::cout << "sent " << report->sent << ", retrying " << report->retrying
            << ", failed " << report->failed << ", deferred "
            << report->deferred << "\n";
  return 0;
}

struct ChannelFlags {
  std::string name;
  int per_minute = 0;
  bool secret_stdin = false;
  services::messaging::EmailSettings email;
  std::string security = "starttls";
  services::messaging::SmsGatewaySettings sms;
  std::vector<std::string> headers;  // "Name: value"
};

Result<std::string> ReadSecret(bool from_stdin) {
  if (!from_stdin) return std::string();
  std::string secret(std::istreambuf_iterator<char>(std::cin), {});
  while (!secret.empty() && (secret.back() == '\n' || secret.back() == '\r')) {
    secret.pop_back();
  }
  if (secret.empty()) {
    return Status::Invalid("--secret-stdin: standard input was empty");
  }
  return secret;
}

int RunAddChannel(const CommandContext& context, ChannelFlags flags,
                  services::messaging::ChannelKind kind) {
  services::messaging::Channel channel;
  channel.name = flags.name;
  channel.kind = kind;
  channel.per_minute = flags.per_minute;
  if (kind == services::messaging::ChannelKind::kEmail) {
    channel.email = flags.email;
    auto security = services::messaging::ParseSmtpSecurity(flags.security);
    if (!security.ok()) return Fail(security.status());
    channel.email.security = *security;
  } else {
    channel.sms = flags.sms;
    for (const std::string& header : flags.headers) {
      const size_t colon = header.find(':');
      if (colon == std::string::npos) {
        return Fail(Status::Invalid("--header \"" + header +
                                    "\": must be Name: value"));
      }
      size_t value = colon + 1;
      while (value < header.size() && header[value] == ' ') ++value;
      channel.sms.headers.emplace_back(header.substr(0, colon),
                                       header.substr(value));
    }
  }
  auto secret = ReadSecret(flags.secret_stdin);
  if (!secret.ok()) return Fail(secret.status());
  services::messaging::SecretKey key{};
  if (!secret->empty()) {
    auto from_environment = services::messaging::SecretKeyFromEnvironment();
    if (!from_environment.ok()) return Fail(from_environment.status());
    key = *from_environment;
  }
  auto db = context.Open();
  if (!db.ok()) return Fail(db.status());
  auto workspace = context.Workspace(**db, /*create=*/false);
  if (!workspace.ok()) return Fail(workspace.status());
  auto id = services::messaging::AddChannel(**db, workspace->id, channel,
                                            *secret, key);
  if (!id.ok()) return Fail(id.status());
  std::cout << "channel " << *id << " added\n";
  return 0;
}

int RunListChannels(const CommandContext& context) {
  auto db = context.Open();
  if (!db.ok()) return Fail(db.status());
  auto workspace = context.Workspace(**db, /*create=*/false);
  if (!workspace.ok()) return Fail(workspace.status());
  auto channels = services::messaging::ListChannels(**db, workspace->id);
  if (!channels.ok()) return Fail(channels.status());
  for (const services::messaging::Channel& channel : *channels) {
    std::cout << channel.id << "\t" << channel.name << "\t"
              << services::messaging::ChannelKindName(channel.kind) << "\t"
              << services::messaging::ChannelSettingsJson(channel) << "\t"
              << (channel.has_secret ? "secret set" : "no secret") << "\n";
  }
  return 0;
}

void AddChannelCommands(CLI::App& app, CommandContext& context) {
  CLI::App* group = app.add_subcommand("channel", "Message channels");
  group->require_subcommand(1);
  auto flags = std::make_shared<ChannelFlags>();
  auto common = [&](CLI::App* command) {
    command->add_option("--name", flags->name, "The channel's name")
        ->required();
    command->add_option("--per-minute", flags->per_minute,
                        "Messages a minute the sender loop sends at most "
                        "(0: no limit)");
    command->add_flag("--secret-stdin", flags->secret_stdin,
                      "Read the password or token from standard input");
  };
  CLI::App* email =
      group->add_subcommand("add-email", "Add an e-mail channel (SMTP)");
  common(email);
  email->add_option("--host", flags->email.host, "SMTP server")->required();
  email->add_option("--port", flags->email.port, "SMTP port")
      ->capture_default_str();
  email->add_option("--security", flags->security, "starttls, tls or none")
      ->capture_default_str();
  email->add_option("--user", flags->email.user, "SMTP user (AUTH)");
  email->add_option("--from", flags->email.from_address, "From address")
      ->required();
  email->add_option("--from-name", flags->email.from_name, "From name");
  email->add_option("--reply-to", flags->email.reply_to, "Reply-To address");
  email->add_option("--unsubscribe-url", flags->email.unsubscribe_url,
                    "Unsubscribe link with {token} (marketing e-mail)");
  email->add_option("--price", flags->email.price,
                    "What one e-mail costs, in minor units (rials)");
  email->callback([&context, flags] {
    context.run = [&context, flags] {
      return RunAddChannel(context, *flags,
                           services::messaging::ChannelKind::kEmail);
    };
  });
  CLI::App* sms =
      group->add_subcommand("add-sms", "Add an SMS channel (HTTP gateway)");
  common(sms);
  sms->add_option("--url", flags->sms.url, "Gateway address, may hold {to}")
      ->required();
  sms->add_option("--method", flags->sms.method, "GET, POST or PUT")
      ->capture_default_str();
  sms->add_option("--header", flags->headers, "\"Name: value\", repeatable");
  sms->add_option("--body", flags->sms.body,
                  "Request body with {to}, {text}, {key}, {secret}");
  sms->add_option("--id-pointer", flags->sms.id_pointer,
                  "JSON pointer to the message id in the answer");
  sms->add_option("--status-pointer", flags->sms.status_pointer,
                  "JSON pointer to the status in the answer");
  sms->add_option("--accept", flags->sms.accepted_statuses,
                  "A status that means accepted, repeatable");
  sms->add_option("--timeout", flags->sms.timeout_seconds, "Seconds")
      ->capture_default_str();
  sms->add_option("--report-id-pointer", flags->sms.report_id_pointer,
                  "JSON pointer to the message id in a delivery report");
  sms->add_option("--report-status-pointer", flags->sms.report_status_pointer,
                  "JSON pointer to the status in a delivery report");
  sms->add_option("--report-reason-pointer", flags->sms.report_reason_pointer,
                  "JSON pointer to a failure's reason in a delivery report");
  sms->add_option("--delivered", flags->sms.delivered_statuses,
                  "A report status that means delivered, repeatable");
  sms->add_option("--failed", flags->sms.failed_statuses,
                  "A report status that means failed, repeatable");
  sms->add_option("--price", flags->sms.price,
                  "What one SMS part costs, in minor units (rials)");
  sms->callback([&context, flags] {
    context.run = [&context, flags] {
      return RunAddChannel(context, *flags,
                           services::messaging::ChannelKind::kSms);
    };
  });
  CLI::App* list = group->add_subcommand("list", "List the channels");
  list->callback([&context] {
    context.run = [&context] { return RunListChannels(context); };
  });
}

}  // namespace

void AddMessagingCommands(CLI::App& app, CommandContext& context) {
  auto flags = std::make_shared<SendFlags>();
  CLI::App* send = app.add_subcommand(
      "send",
      "Queue due task reminders and SLA alerts, then deliver the "
      "outbox's due messages once (needs VAFA_SECRET_KEY)");
  send->add_option("-w,--workspace", flags->workspace, "Only this workspace");
  send->add_option("--limit", flags->limit, "Messages at most")
      ->capture_default_str();
  send->add_option("--lease", flags->lease_seconds,
                   "Seconds a claimed message is held before another "
                   "sender may take it")
      ->capture_default_str();
  send->callback([&context, flags] {
    context.run = [&context, flags] { return RunSend(context, *flags); };
  });
  AddChannelCommands(app, context);
  AddMessageQueueCommands(app, context);
}

}  // namespace vafa::cli
