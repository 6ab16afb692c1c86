// vafa loyalty post | liability | expire: post the workspace's orders to the
// points ledger (each order earns once, however often it is posted), report
// the points outstanding, and record the expiries that have come due.
#include <iostream>
#include <memory>

#include "cli/command.h"
#include "core/dates.h"
#include "services/loyalty/expiry_sweeper.h"
#include "services/loyalty/ledger.h"

namespace vafa::cli {
namespace {

struct ExpireFlags {
  std::string workspace;  // this command's own --workspace
  std::string as_of;
};

void PrintExpiries(const services::loyalty::WorkspaceExpiries& one) {
  std::cout << "workspace " << one.workspace.slug << ": expired "
            << one.sweep.points << " points in " << one.sweep.entries
            << " entries of " << one.sweep.customers << " customers\n";
}

// Sweeps the chosen workspace, or every one when none was chosen.
int RunExpire(const CommandContext& context, const ExpireFlags& flags) {
  UnixSeconds as_of = store::NowSeconds();
  if (!flags.as_of.empty()) {
    auto parsed = ParseDateTime(flags.as_of);
    if (!parsed.ok()) {
      return Fail(Status::Invalid("--as-of: " + parsed.status().message()));
    }
    if (*parsed > as_of) {
      return Fail(Status::Invalid(
          "--as-of " + flags.as_of +
          ": is in the future (points expire only when their time has come)"));
    }
    as_of = *parsed;
  }
  auto db = context.Open();
  if (!db.ok()) return Fail(db.status());
  if (!context.workspace_chosen && flags.workspace.empty()) {
    auto swept = services::loyalty::SweepEveryWorkspace(**db, as_of);
    if (!swept.ok()) return Fail(swept.status());
    for (const auto& one : *swept) PrintExpiries(one);
    return 0;
  }
  CommandContext chosen = context;
  if (!flags.workspace.empty()) chosen.workspace = flags.workspace;
  auto workspace = chosen.Workspace(**db, /*create=*/false);
  if (!workspace.ok()) return Fail(workspace.status());
  auto sweep =
      services::loyalty::SweepWorkspaceExpiries(**db, workspace->id, as_of);
  if (!sweep.ok()) return Fail(sweep.status());
  PrintExpiries({*workspace, *sweep});
  return 0;
}

}  // namespace

void AddLoyaltyCommand(CLI::App& app, CommandContext& context) {
  CLI::App* loyalty =
      app.add_subcommand("loyalty", "The loyalty programme's points ledger");
  loyalty->require_subcommand(1);

  CLI::App* post = loyalty->add_subcommand(
      "post", "Post every order that has not earned points yet");
  post->callback([&context] {
    context.run = [&context] {
      auto db = context.Open();
      if (!db.ok()) return Fail(db.status());
      auto workspace = context.Workspace(**db, /*create=*/false);
      if (!workspace.ok()) return Fail(workspace.status());
      services::loyalty::PostingReport report;
      Status done = store::InTransaction(**db, [&]() -> Status {
        VAFA_ASSIGN_OR_RETURN(report, services::loyalty::PostOrders(
                                          **db, workspace->id, 0, "vafa"));
        return Status::Ok();
      });
      if (!done.ok()) return Fail(done);
      std::cout << "posted " << report.orders_posted << " orders for "
                << report.points << " points; " << report.orders_skipped
                << " had earned already or earn nothing\n";
      return 0;
    };
  });

  CLI::App* liability = loyalty->add_subcommand(
      "liability", "Points outstanding (after recording due expiries)");
  liability->callback([&context] {
    context.run = [&context] {
      auto db = context.Open();
      if (!db.ok()) return Fail(db.status());
      auto workspace = context.Workspace(**db, /*create=*/false);
      if (!workspace.ok()) return Fail(workspace.status());
      auto swept = services::loyalty::SweptLoyaltyLiability(
          **db, workspace->id, store::NowSeconds());
      if (!swept.ok()) return Fail(swept.status());
      const services::loyalty::LoyaltyLiability& out = *swept;
      std::cout << "points outstanding " << out.points << " (" << out.customers
                << " customers), worth " << out.value_minor
                << " in minor units; " << out.expiring_30_days
                << " expire in 30 days\nearned " << out.earned << ", burnt "
                << out.burnt << ", expired " << out.expired << ", adjusted "
                << out.adjusted << "\n";
      return 0;
    };
  });

  auto flags = std::make_shared<ExpireFlags>();
  CLI::App* expire = loyalty->add_subcommand(
      "expire",
      "Record the expiries that have come due (every workspace unless one "
      "is chosen) and print them");
  expire->add_option("-w,--workspace", flags->workspace, "Only this workspace");
  expire->add_option("--as-of", flags->as_of,
                     "Expire what was due by this date (YYYY-MM-DD; default "
                     "now, never later)");
  expire->callback([&context, flags] {
    context.run = [&context, flags] { return RunExpire(context, *flags); };
  });
}

}  // namespace vafa::cli
