// vafa demo: generate a demo business as CSV files and import it (a shop,
// or with --kind bank a bank).
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <iostream>

#include "cli/command.h"
#include "cli/next_product_command.h"
#include "demo/bank_generator.h"
#include "demo/demo_campaign_history.h"
#include "demo/demo_marketing.h"
#include "demo/demo_sales.h"
#include "demo/demo_surveys.h"
#include "demo/demo_tickets.h"
#include "demo/generator.h"
#include "import/importer.h"
#include "services/holdings/holdings_import.h"
#include "services/loyalty/ledger.h"

namespace vafa::cli {
namespace {

struct DemoFlags {
  int64_t customers = 5000;
  uint64_t seed = 1;
  int years = 3;
  int months = 0;
  int products_each = 0;
  std::string end;
  std::string out;
  bool csv_only = false;
  bool no_churn = false;
  double churn_strength = 1.0;
  bool campaign_history = false;
  std::string kind = "retail";
};

void AddDemoOptions(CLI::App* demo, DemoFlags& flags) {
  demo->add_option("--customers", flags.customers, "Number of customers")
      ->capture_default_str();
  demo->add_option("--seed", flags.seed, "Random seed")->capture_default_str();
  demo->add_option("--years", flags.years, "Years of history")
      ->capture_default_str();
  demo->add_option("--months", flags.months,
                   "Months of history instead of --years (--kind bank)");
  demo->add_option("--products-each", flags.products_each,
                   "--kind bank: every customer opens exactly this many "
                   "products in the first month and holds them, with every "
                   "month-end balance, until they close everything (issue "
                   "28's bar: --products-each 3 --months 36)");
  demo->add_option("--end", flags.end,
                   "Last day of history, YYYY-MM-DD (default: yesterday, the "
                   "last whole day, so an analysis is as of today)");
  demo->add_option("--out", flags.out,
                   "Keep the generated CSV files in this folder");
  demo->add_flag("--csv-only", flags.csv_only,
                 "Only write the CSV files (needs --out), import nothing");
  demo->add_flag("--no-churn-rules", flags.no_churn,
                 "Do not plant the documented churn rules");
  demo->add_flag("--campaign-history", flags.campaign_history,
                 "Also plant 24 finished monthly offers with control groups "
                 "whose purchases and responses follow planted causes (for "
                 "vafa response train; their purchases are not in --out)");
  demo->add_option("--kind", flags.kind,
                   "retail (a shop: orders) or bank (holdings, balances, "
                   "branches and relationship managers; docs/holdings.md)")
      ->check(CLI::IsMember({"retail", "bank"}))
      ->capture_default_str();
  demo->add_option("--churn-strength", flags.churn_strength,
                   "Raise the planted churn rules' risk ratios to this power")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 5.0));
}

Result<demo::DemoOptions> DemoOptionsOf(const DemoFlags& flags) {
  demo::DemoOptions options;
  options.customers = flags.customers;
  options.seed = flags.seed;
  options.years = flags.years;
  options.plant_churn = !flags.no_churn;
  options.churn_strength = flags.churn_strength;
  if ((flags.months != 0 || flags.products_each != 0) && flags.kind != "bank") {
    return Status::Invalid("--months and --products-each need --kind bank");
  }
  if (flags.months < 0) return Status::Invalid("--months: at least 1");
  options.months = flags.months;
  options.products_each = flags.products_each;
  if (flags.end.empty()) {
    // An analysis is as of the day after the last order; ending the history
    // yesterday keeps that date today rather than tomorrow.
    options.end_day = DayOf(std::time(nullptr)) - 1;
  } else {
    auto end = ParseDateTime(flags.end);
    if (!end.ok()) return Status::Invalid("--end: " + end.status().message());
    options.end_day = DayOf(*end);
  }
  if (flags.csv_only && flags.out.empty()) {
    return Status::Invalid("--csv-only needs --out FOLDER");
  }
  return options;
}

// Imports the generated customers, transactions and interactions.
int ImportDemoFiles(store::Database& db, int64_t workspace_id,
                    const std::string& folder) {
  for (auto [file, function] :
       {std::pair{"customers.csv", &import::ImportCustomers},
        std::pair{"transactions.csv", &import::ImportTransactions},
        std::pair{"interactions.csv", &import::ImportInteractions}}) {
    import::ImportOptions import_options;
    import_options.path = (std::filesystem::path(folder) / file).string();
    import_options.created_by = "vafa demo";
    auto report = function(db, workspace_id, import_options);
    if (!report.ok()) return Fail(report.status());
    std::cout << "imported " << file << ": " << report->created
              << " rows (batch " << report->batch_id << ")\n";
  }
  return 0;
}

// Runs one domain's demo seeding in a transaction; returns what it counted.
Result<int64_t> SeedInTransaction(
    store::Database& db, const std::function<Result<int64_t>()>& seed) {
  int64_t written = 0;
  VAFA_RETURN_IF_ERROR(store::InTransaction(db, [&]() -> Status {
    VAFA_ASSIGN_OR_RETURN(written, seed());
    return Status::Ok();
  }));
  return written;
}

// The domains over the imported data: the service desk, loyalty, sales,
// marketing and surveys, each in its own transaction.
int SeedDemoDomains(store::Database& db, int64_t workspace,
                    const demo::DemoOptions& options, bool campaign_history) {
  const UnixSeconds end = static_cast<UnixSeconds>(options.end_day + 1) * 86400;
  // The service desk: a ticket for every complaint the demo planted.
  auto tickets = SeedInTransaction(db, [&] {
    return demo::OpenDemoComplaintTickets(db, workspace, options.seed);
  });
  if (!tickets.ok()) return Fail(tickets.status());
  std::cout << "opened " << *tickets << " complaint tickets\n";
  // The loyalty programme: every order posted to the points ledger.
  services::loyalty::PostingReport posted;
  Status loyalty = store::InTransaction(db, [&]() -> Status {
    VAFA_ASSIGN_OR_RETURN(
        posted, services::loyalty::PostOrders(db, workspace, 0, "vafa demo"));
    return Status::Ok();
  });
  if (!loyalty.ok()) return Fail(loyalty);
  std::cout << "posted " << posted.orders_posted << " orders for "
            << posted.points << " loyalty points\n";
  // Sales: leads, deals along the pipeline with their moves, tasks and
  // targets.
  auto deals = SeedInTransaction(db, [&] {
    return demo::OpenDemoSales(db, workspace, options.seed,
                               store::NowSeconds());
  });
  if (!deals.ok()) return Fail(deals.status());
  std::cout << "opened " << *deals << " deals and 40 leads\n";
  // Marketing: segments and a finished win-back campaign with a control
  // group.
  auto members = SeedInTransaction(db, [&] {
    return demo::OpenDemoMarketing(db, workspace, options.seed, end);
  });
  if (!members.ok()) return Fail(members.status());
  std::cout << "drew " << *members << " members for a win-back campaign\n";
  // A history of monthly offers whose outcomes follow planted causes, for
  // the response and uplift models. Their purchases are orders the
  // generated files do not hold, so it is asked for.
  if (campaign_history) {
    auto history =
        demo::OpenDemoCampaignHistory(db, workspace, options.seed, end);
    if (!history.ok()) return Fail(history.status());
    std::cout << "planted " << history->campaigns << " finished campaigns ("
              << history->members << " members, " << history->planted_orders
              << " purchases and " << history->responses
              << " responses they caused or would have made anyway)\n";
  }
  // Voice of customer and employee: NPS, CSAT, a pulse and readiness.
  auto answers = SeedInTransaction(db, [&] {
    return demo::OpenDemoSurveys(db, workspace, options.seed, end);
  });
  if (!answers.ok()) return Fail(answers.status());
  std::cout << "recorded " << *answers << " survey answers\n";
  return 0;
}

// vafa demo --kind bank: the bank's files, imported as a bank imports them.
int RunBankDemo(const CommandContext& context, const DemoFlags& flags,
                const demo::DemoOptions& options) {
  const bool temporary = flags.out.empty();
  const std::string folder =
      temporary ? (std::filesystem::temp_directory_path() /
                   ("vafa-bank-demo-" + std::to_string(::getpid())))
                      .string()
                : flags.out;
  auto counts = demo::WriteBankDemoFiles(options, folder);
  if (!counts.ok()) return Fail(counts.status());
  std::cout << "generated a bank of " << counts->customers << " customers, "
            << counts->holdings << " holdings, " << counts->balances
            << " month-end balances, " << counts->interactions
            << " interactions; " << counts->closed
            << " customers closed everything (planted: "
            << counts->salary_stopped << " salaries stopped, "
            << counts->complained << " complaints, " << counts->card_unused
            << " credit cards left unused, " << counts->moved
            << " branch regulars moved away)\n";
  if (flags.csv_only) return 0;
  auto db = context.Open();
  if (!db.ok()) return Fail(db.status());
  auto workspace = context.Workspace(**db, /*create=*/true);
  if (!workspace.ok()) return Fail(workspace.status());
  int code = 0;
  for (auto [file, function] :
       {std::pair{"customers.csv", &import::ImportCustomers},
        std::pair{"holdings.csv", &services::holdings::ImportHoldings},
        std::pair{"balances.csv", &services::holdings::ImportBalances},
        std::pair{"interactions.csv", &import::ImportInteractions}}) {
    import::ImportOptions import_options;
    import_options.path = (std::filesystem::path(folder) / file).string();
    import_options.created_by = "vafa demo";
    auto report = function(**db, workspace->id, import_options);
    if (!report.ok()) {
      code = Fail(report.status());
      break;
    }
    std::cout << "imported " << file << ": " << report->created
              << " rows (batch " << report->batch_id << ")\n";
  }
  if (temporary) std::filesystem::remove_all(folder);
  if (code == 0 && counts->holdings > 0) {
    // The next product of each customer, so the 360 page shows it at once.
    auto next = ComputeNextProducts(**db, workspace->id, NextProductFlags{});
    if (!next.ok()) return Fail(next.status());
    std::cout << "suggested the next product to "
              << (*next)["customers_suggested"] << " customers (vafa "
              << "next-product)\n";
  }
  if (code == 0) {
    std::cout << "workspace \"" << workspace->slug << "\" is ready in "
              << context.db_location << "\n";
  }
  return code;
}

int RunDemo(const CommandContext& context, const DemoFlags& flags) {
  auto options = DemoOptionsOf(flags);
  if (!options.ok()) return Fail(options.status());
  if (flags.kind == "bank") return RunBankDemo(context, flags, *options);
  std::string folder = flags.out;
  bool temporary = folder.empty();
  if (temporary) {
    folder = (std::filesystem::temp_directory_path() /
              ("vafa-demo-" + std::to_string(::getpid())))
                 .string();
  }
  auto counts = demo::WriteDemoFiles(*options, folder);
  if (!counts.ok()) return Fail(counts.status());
  std::cout << "generated " << counts->customers << " customers who buy, "
            << counts->orders << " orders (" << counts->lines << " lines) from "
            << FormatGregorian(options->end_day - 365 * options->years)
            << " to " << FormatGregorian(options->end_day) << ", "
            << counts->interactions << " interactions";
  if (!temporary) std::cout << " in " << folder;
  std::cout << "\n";
  if (counts->contacts > 0) {
    std::cout << "  and " << counts->contacts
              << " contacts who speak for the organisations among them "
                 "(customers too, with no orders of their own: "
              << counts->customers + counts->contacts << " in all)\n";
  }
  if (flags.csv_only) return 0;
  auto db = context.Open();
  if (!db.ok()) return Fail(db.status());
  auto workspace = context.Workspace(**db, /*create=*/true);
  if (!workspace.ok()) return Fail(workspace.status());
  int code = ImportDemoFiles(**db, workspace->id, folder);
  if (temporary) std::filesystem::remove_all(folder);
  if (code == 0) {
    code =
        SeedDemoDomains(**db, workspace->id, *options, flags.campaign_history);
  }
  if (code == 0) {
    std::cout << "workspace \"" << workspace->slug << "\" is ready in "
              << context.db_location << "\n";
  }
  return code;
}

}  // namespace

void AddDemoCommand(CLI::App& app, CommandContext& context) {
  auto flags = std::make_shared<DemoFlags>();
  CLI::App* demo = app.add_subcommand(
      "demo",
      "Create a realistic demo workspace (deterministic for a seed): "
      "customers, "
      "orders over several years with Nowruz and Yalda peaks, interactions");
  AddDemoOptions(demo, *flags);
  demo->callback([&context, flags] {
    context.run = [&context, flags] { return RunDemo(context, *flags); };
  });
}

}  // namespace vafa::cli
