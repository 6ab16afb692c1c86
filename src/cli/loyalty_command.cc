// vafa loyalty post | liability: post the workspace's orders to the points
// ledger (each order earns once, however often it is posted) and report the
// points outstanding.
#include <iostream>

#include "cli/command.h"
#include "services/loyalty/ledger.h"

namespace vafa::cli {

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
      services::PostingReport report;
      Status done = store::InTransaction(**db, [&]() -> Status {
        VAFA_ASSIGN_OR_RETURN(
            report, services::PostOrders(**db, workspace->id, 0, "vafa"));
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
      services::LoyaltyLiability out;
      Status done = store::InTransaction(**db, [&]() -> Status {
        VAFA_ASSIGN_OR_RETURN(
            out, services::ComputeLoyaltyLiability(**db, workspace->id,
                                                   store::NowSeconds()));
        return Status::Ok();
      });
      if (!done.ok()) return Fail(done);
      std::cout << "points outstanding " << out.points << " (" << out.customers
                << " customers), worth " << out.value_minor
                << " in minor units; " << out.expiring_30_days
                << " expire in 30 days\nearned " << out.earned << ", burnt "
                << out.burnt << ", expired " << out.expired << ", adjusted "
                << out.adjusted << "\n";
      return 0;
    };
  });
}

}  // namespace vafa::cli
