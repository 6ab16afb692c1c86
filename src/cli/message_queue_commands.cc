// vafa template add: a message template (docs/messaging.md).
// vafa queue campaign: a campaign's treatment members into the outbox.
// vafa queue satisfaction: a ticket's satisfaction request.
// vafa messaging-rules: the workspace's quiet hours and weekly cap.
#include "cli/message_queue_commands.h"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <memory>

#include "services/messaging/message_sources.h"
#include "services/messaging/message_templates.h"
#include "services/messaging/sending_rules.h"

namespace vafa::cli {
namespace {

struct TemplateFlags {
  services::messaging::MessageTemplate message_template;
  std::string kind = "sms";
  std::string purpose = "marketing";
  std::string calendar = "jalali";
};

int RunAddTemplate(const CommandContext& context, TemplateFlags flags) {
  services::messaging::MessageTemplate& t = flags.message_template;
  auto kind = services::messaging::ParseChannelKind(flags.kind);
  if (!kind.ok()) return Fail(kind.status());
  t.kind = *kind;
  if (flags.purpose != "marketing" && flags.purpose != "transactional") {
    return Fail(Status::Invalid("--purpose: must be marketing or transactional",
                                "purpose"));
  }
  t.purpose = flags.purpose == "marketing"
                  ? services::messaging::MessagePurpose::kMarketing
                  : services::messaging::MessagePurpose::kTransactional;
  if (flags.calendar != "jalali" && flags.calendar != "gregorian") {
    return Fail(
        Status::Invalid("--calendar: must be jalali or gregorian", "calendar"));
  }
  t.calendar = flags.calendar == "jalali"
                   ? services::messaging::TemplateCalendar::kJalali
                   : services::messaging::TemplateCalendar::kGregorian;
  auto db = context.Open();
  if (!db.ok()) return Fail(db.status());
  auto workspace = context.Workspace(**db, /*create=*/false);
  if (!workspace.ok()) return Fail(workspace.status());
  auto id = services::messaging::AddTemplate(**db, workspace->id, t);
  if (!id.ok()) return Fail(id.status());
  std::cout << "template " << *id << " added\n";
  return 0;
}

struct QueueFlags {
  int64_t source_id = 0;  // the campaign or the ticket
  int64_t template_id = 0;
  int64_t channel_id = 0;
};

int RunQueueCampaign(const CommandContext& context, const QueueFlags& flags) {
  auto db = context.Open();
  if (!db.ok()) return Fail(db.status());
  auto workspace = context.Workspace(**db, /*create=*/false);
  if (!workspace.ok()) return Fail(workspace.status());
  const auto started = std::chrono::steady_clock::now();
  auto report = services::messaging::QueueCampaignMessages(
      **db, workspace->id, flags.source_id, flags.template_id, flags.channel_id,
      store::NowSeconds());
  if (!report.ok()) return Fail(report.status());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started)
          .count();
  std::cout << "queued " << report->queued << "; already queued "
            << report->already_queued << ", opted out " << report->opted_out
            << ", no address " << report->no_address << ", over the weekly cap "
            << report->over_cap << " (" << seconds << " s)\n";
  return 0;
}

int RunQueueSatisfaction(const CommandContext& context,
                         const QueueFlags& flags) {
  auto db = context.Open();
  if (!db.ok()) return Fail(db.status());
  auto workspace = context.Workspace(**db, /*create=*/false);
  if (!workspace.ok()) return Fail(workspace.status());
  auto queued = services::messaging::QueueSatisfactionRequest(
      **db, workspace->id, flags.source_id, flags.template_id, flags.channel_id,
      store::NowSeconds());
  if (!queued.ok()) return Fail(queued.status());
  std::cout << (*queued ? "queued\n" : "queued before\n");
  return 0;
}

// "09:00" -> 540.
Result<int> ParseClock(const std::string& text, const char* flag) {
  int hours = 0, minutes = 0;
  char colon = 0;
  if (std::sscanf(text.c_str(), "%d%c%d", &hours, &colon, &minutes) != 3 ||
      colon != ':' || hours < 0 || hours > 24 || minutes < 0 || minutes > 59) {
    return Status::Invalid(std::string(flag) + ": \"" + text +
                           "\" is not a time such as 09:00");
  }
  return hours * 60 + minutes;
}

struct RulesFlags {
  std::string from = "09:00";
  std::string until = "21:00";
  bool fridays = false;
  bool holidays = false;
  int weekly_cap = 3;
  bool track_opens = false;
  bool track_sms_links = false;
};

int RunRules(const CommandContext& context, const RulesFlags& flags) {
  services::messaging::SendingRules rules;
  auto from = ParseClock(flags.from, "--from");
  if (!from.ok()) return Fail(from.status());
  auto until = ParseClock(flags.until, "--until");
  if (!until.ok()) return Fail(until.status());
  rules.window_start_minute = *from;
  rules.window_end_minute = *until;
  rules.on_fridays = flags.fridays;
  rules.on_holidays = flags.holidays;
  rules.weekly_cap = flags.weekly_cap;
  rules.track_opens = flags.track_opens;
  rules.track_sms_links = flags.track_sms_links;
  auto db = context.Open();
  if (!db.ok()) return Fail(db.status());
  auto workspace = context.Workspace(**db, /*create=*/false);
  if (!workspace.ok()) return Fail(workspace.status());
  Status saved =
      services::messaging::SaveSendingRules(**db, workspace->id, rules);
  if (!saved.ok()) return Fail(saved);
  std::cout << "marketing SMS from " << flags.from << " until " << flags.until
            << (flags.fridays ? ", Fridays too" : ", not on Fridays")
            << (flags.holidays ? ", holidays too" : ", not on holidays")
            << "; at most " << flags.weekly_cap
            << " marketing messages a customer a week (0: no cap)"
            << (flags.track_opens ? "; opens tracked" : "; opens not tracked")
            << (flags.track_sms_links ? "; SMS links tracked" : "") << "\n";
  return 0;
}

void AddTemplateCommand(CLI::App& app, CommandContext& context) {
  CLI::App* group = app.add_subcommand("template", "Message templates");
  group->require_subcommand(1);
  auto flags = std::make_shared<TemplateFlags>();
  services::messaging::MessageTemplate& t = flags->message_template;
  CLI::App* add = group->add_subcommand("add", "Add a message template");
  add->add_option("--name", t.name, "The template's name")->required();
  add->add_option("--kind", flags->kind, "sms or email")->capture_default_str();
  add->add_option("--purpose", flags->purpose, "marketing or transactional")
      ->capture_default_str();
  add->add_option("--calendar", flags->calendar,
                  "{date} as jalali or gregorian")
      ->capture_default_str();
  add->add_option("--subject-fa", t.subject_fa, "Persian subject (e-mail)");
  add->add_option("--subject-en", t.subject_en, "English subject (e-mail)");
  add->add_option("--body-fa", t.body_fa, "Persian body")->required();
  add->add_option("--body-en", t.body_en, "English body");
  add->callback([&context, flags] {
    context.run = [&context, flags] { return RunAddTemplate(context, *flags); };
  });
}

void AddQueueCommand(CLI::App& app, CommandContext& context) {
  CLI::App* group = app.add_subcommand("queue", "Put messages in the outbox");
  group->require_subcommand(1);
  auto flags = std::make_shared<QueueFlags>();
  CLI::App* campaign = group->add_subcommand(
      "campaign", "Queue a campaign's treatment members for a template");
  campaign->add_option("--campaign", flags->source_id, "Campaign id")
      ->required();
  CLI::App* satisfaction = group->add_subcommand(
      "satisfaction", "Queue a ticket's satisfaction request");
  satisfaction->add_option("--ticket", flags->source_id, "Ticket id")
      ->required();
  for (CLI::App* command : {campaign, satisfaction}) {
    command->add_option("--template", flags->template_id, "Template id")
        ->required();
    command->add_option("--channel", flags->channel_id, "Channel id")
        ->required();
  }
  campaign->callback([&context, flags] {
    context.run = [&context, flags] {
      return RunQueueCampaign(context, *flags);
    };
  });
  satisfaction->callback([&context, flags] {
    context.run = [&context, flags] {
      return RunQueueSatisfaction(context, *flags);
    };
  });
}

}  // namespace

void AddMessageQueueCommands(CLI::App& app, CommandContext& context) {
  AddTemplateCommand(app, context);
  AddQueueCommand(app, context);
  auto flags = std::make_shared<RulesFlags>();
  CLI::App* rules = app.add_subcommand(
      "messaging-rules",
      "Set the quiet hours and weekly cap of marketing messages");
  rules->add_option("--from", flags->from, "Marketing SMS from (local time)")
      ->capture_default_str();
  rules->add_option("--until", flags->until, "... until (local time)")
      ->capture_default_str();
  rules->add_flag("--fridays", flags->fridays, "Send on Fridays too");
  rules->add_flag("--holidays", flags->holidays, "Send on holidays too");
  rules
      ->add_option("--weekly-cap", flags->weekly_cap,
                   "Marketing messages a customer a week at most (0: none)")
      ->capture_default_str();
  rules->add_flag("--track-opens", flags->track_opens,
                  "Put the open-tracking pixel in marketing e-mail (a privacy "
                  "choice; off unless given)");
  rules->add_flag("--track-sms-links", flags->track_sms_links,
                  "Track the links of marketing SMS too");
  rules->callback([&context, flags] {
    context.run = [&context, flags] { return RunRules(context, *flags); };
  });
}

}  // namespace vafa::cli
