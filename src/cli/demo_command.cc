// vafa demo: generate a demo business as CSV files and import it.
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "cli/command.h"
#include "demo/generator.h"
#include "import/importer.h"
#include "services/loyalty/ledger.h"
#include "services/marketing/campaigns.h"
#include "services/sales/sales.h"
#include "services/service/tickets.h"
#include "services/surveys/surveys.h"

namespace vafa::cli {

void AddDemoCommand(CLI::App& app, CommandContext& context) {
  struct Flags {
    int64_t customers = 5000;
    uint64_t seed = 1;
    int years = 3;
    std::string end;
    std::string out;
    bool csv_only = false;
    bool no_churn = false;
    double churn_strength = 1.0;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* demo = app.add_subcommand(
      "demo",
      "Create a realistic demo workspace (deterministic for a seed): "
      "customers, "
      "orders over several years with Nowruz and Yalda peaks, interactions");
  demo->add_option("--customers", flags->customers, "Number of customers")
      ->capture_default_str();
  demo->add_option("--seed", flags->seed, "Random seed")->capture_default_str();
  demo->add_option("--years", flags->years, "Years of history")
      ->capture_default_str();
  demo->add_option("--end", flags->end,
                   "Last day of history, YYYY-MM-DD (default: today)");
  demo->add_option("--out", flags->out,
                   "Keep the generated CSV files in this folder");
  demo->add_flag("--csv-only", flags->csv_only,
                 "Only write the CSV files (needs --out), import nothing");
  demo->add_flag("--no-churn-rules", flags->no_churn,
                 "Do not plant the documented churn rules");
  demo->add_option("--churn-strength", flags->churn_strength,
                   "Raise the planted churn rules' risk ratios to this power")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 5.0));
  demo->callback([&context, flags] {
    context.run = [&context, flags] {
      demo::DemoOptions options;
      options.customers = flags->customers;
      options.seed = flags->seed;
      options.years = flags->years;
      options.plant_churn = !flags->no_churn;
      options.churn_strength = flags->churn_strength;
      if (flags->end.empty()) {
        options.end_day = DayOf(std::time(nullptr));
      } else {
        auto end = ParseDateTime(flags->end);
        if (!end.ok())
          return Fail(Status::Invalid("--end: " + end.status().message()));
        options.end_day = DayOf(*end);
      }
      if (flags->csv_only && flags->out.empty()) {
        return Fail(Status::Invalid("--csv-only needs --out FOLDER"));
      }
      std::string folder = flags->out;
      bool temporary = folder.empty();
      if (temporary) {
        folder = (std::filesystem::temp_directory_path() /
                  ("vafa-demo-" + std::to_string(::getpid())))
                     .string();
      }
      auto counts = demo::WriteDemoFiles(options, folder);
      if (!counts.ok()) return Fail(counts.status());
      std::cout << "generated " << counts->customers << " customers, "
                << counts->orders << " orders (" << counts->lines << " lines), "
                << counts->interactions << " interactions";
      if (!temporary) std::cout << " in " << folder;
      std::cout << "\n";
      if (flags->csv_only) return 0;
      auto db = context.Open();
      if (!db.ok()) return Fail(db.status());
      auto workspace = context.Workspace(**db, /*create=*/true);
      if (!workspace.ok()) return Fail(workspace.status());
      int code = 0;
      for (auto [file, function] :
           {std::pair{"customers.csv", &import::ImportCustomers},
            std::pair{"transactions.csv", &import::ImportTransactions},
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
      if (code == 0) {
        // The service desk: a ticket for every complaint the demo planted.
        int64_t tickets = 0;
        Status opened = store::InTransaction(**db, [&]() -> Status {
          VAFA_ASSIGN_OR_RETURN(
              tickets, services::OpenDemoComplaintTickets(**db, workspace->id,
                                                          options.seed));
          return Status::Ok();
        });
        if (!opened.ok()) return Fail(opened);
        std::cout << "opened " << tickets << " complaint tickets\n";
        // The loyalty programme: every order posted to the points ledger.
        services::PostingReport posted;
        Status loyalty = store::InTransaction(**db, [&]() -> Status {
          VAFA_ASSIGN_OR_RETURN(
              posted,
              services::PostOrders(**db, workspace->id, 0, "vafa demo"));
          return Status::Ok();
        });
        if (!loyalty.ok()) return Fail(loyalty);
        std::cout << "posted " << posted.orders_posted << " orders for "
                  << posted.points << " loyalty points\n";
        // Sales: leads, deals along the pipeline with their moves, tasks
        // and targets.
        int64_t deals = 0;
        Status sales = store::InTransaction(**db, [&]() -> Status {
          VAFA_ASSIGN_OR_RETURN(
              deals, services::OpenDemoSales(**db, workspace->id, options.seed,
                                             store::NowSeconds()));
          return Status::Ok();
        });
        if (!sales.ok()) return Fail(sales);
        std::cout << "opened " << deals << " deals and 40 leads\n";
        // Marketing: segments and a finished win-back campaign with a
        // control group.
        int64_t members = 0;
        Status marketing = store::InTransaction(**db, [&]() -> Status {
          VAFA_ASSIGN_OR_RETURN(
              members,
              services::OpenDemoMarketing(
                  **db, workspace->id, options.seed,
                  static_cast<UnixSeconds>(options.end_day + 1) * 86400));
          return Status::Ok();
        });
        if (!marketing.ok()) return Fail(marketing);
        std::cout << "drew " << members << " members for a win-back campaign\n";
        // Voice of customer and employee: NPS, CSAT, a pulse and readiness.
        int64_t answers = 0;
        Status surveys = store::InTransaction(**db, [&]() -> Status {
          VAFA_ASSIGN_OR_RETURN(
              answers,
              services::OpenDemoSurveys(
                  **db, workspace->id, options.seed,
                  static_cast<UnixSeconds>(options.end_day + 1) * 86400));
          return Status::Ok();
        });
        if (!surveys.ok()) return Fail(surveys);
        std::cout << "recorded " << answers << " survey answers\n";
      }
      if (code == 0) {
        std::cout << "workspace \"" << workspace->slug << "\" is ready in "
                  << context.db_location << "\n";
      }
      return code;
    };
  });
}

}  // namespace vafa::cli
