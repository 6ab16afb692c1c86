// vafa analyze on a demo workspace and on the demo's CSV, as a user runs it.
#include <gmock/gmock.h>
#include <soci/soci.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "store/store_test_support.h"
#include "tests/cli/run_command.h"

namespace vafa {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class AnalyzeTest : public store::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    folder_ = std::filesystem::temp_directory_path() /
              ("vafa_analyze_" + std::to_string(getpid()) + "_" +
               store::BackendName(GetParam()));
    auto demo = Vafa({"demo", "--customers", "400", "--seed", "3", "--end",
                      "2026-11-20", "--out", (folder_ / "demo").string()});
    ASSERT_EQ(demo.exit_code, 0) << demo.output;
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }
  testing::CommandResult Vafa(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", scratch_->location()});
    return testing::RunVafa(args);
  }
  std::filesystem::path folder_;
};

TEST_P(AnalyzeTest, WorkspaceAndCsvGiveTheSameReportsAndScoresAreStored) {
  auto from_store = Vafa({"analyze", "--out", (folder_ / "store").string()});
  ASSERT_EQ(from_store.exit_code, 0) << from_store.output;
  EXPECT_THAT(from_store.output, HasSubstr("of revenue"));
  EXPECT_THAT(from_store.output, HasSubstr("scores stored"));
  auto from_csv = Vafa({"analyze", "--csv",
                        (folder_ / "demo" / "transactions.csv").string(),
                        "--out", (folder_ / "csv").string()});
  ASSERT_EQ(from_csv.exit_code, 0) << from_csv.output;
  EXPECT_THAT(from_csv.output, ::testing::Not(HasSubstr("scores stored")));
  // value.csv and matrix.csv differ by design: the store knows each
  // customer's acquisition cost, a transactions file does not.
  for (const char* report : {"summary.csv", "rfm.csv", "pareto.csv", "kpis.csv",
                             "cohorts.csv", "clv.csv", "basket.csv"}) {
    std::string a = Slurp(folder_ / "store" / report);
    EXPECT_GT(std::count(a.begin(), a.end(), '\n'), 1) << report;
    EXPECT_TRUE(a == Slurp(folder_ / "csv" / report)) << report << " differs";
  }
  EXPECT_FALSE(Slurp(folder_ / "store" / "value.csv").empty());
  // One RFM row per buyer and one stored segment per scored customer.
  std::string rfm = Slurp(folder_ / "store" / "rfm.csv");
  long long rows = std::count(rfm.begin(), rfm.end(), '\n') - 1;
  auto db = scratch_->OpenAnother();
  ASSERT_TRUE(db.ok());
  long long stored = 0, runs = 0;
  (*db)->sql() << "SELECT COUNT(*) FROM scores WHERE name = 'rfm_segment'",
      soci::into(stored);
  (*db)->sql() << "SELECT COUNT(*) FROM analysis_runs", soci::into(runs);
  EXPECT_EQ(stored, rows);
  EXPECT_EQ(runs, 1);
  // A second run replaces the scores instead of adding to them.
  ASSERT_EQ(Vafa({"analyze", "--report", "rfm"}).exit_code, 0);
  long long again = 0;
  (*db)->sql() << "SELECT COUNT(*) FROM scores WHERE name = 'rfm_segment'",
      soci::into(again);
  EXPECT_EQ(again, stored);
}

TEST_P(AnalyzeTest, OneReportGoesToStandardOutput) {
  auto kpis = Vafa(
      {"analyze", "--report", "kpis", "--calendar", "jalali", "--no-scores"});
  ASSERT_EQ(kpis.exit_code, 0) << kpis.output;
  EXPECT_THAT(kpis.output, HasSubstr("month,active_customers"));
  EXPECT_THAT(kpis.output, HasSubstr("1405-08,"));
}

TEST_P(AnalyzeTest, BadInputIsNamed) {
  std::string bad = (folder_ / "bad.csv").string();
  std::ofstream(bad)
      << "customer_id,date,order_id,product,amount\nC1,2024-02-30,O1,P1,100\n";
  auto result = Vafa({"analyze", "--csv", bad});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.output, HasSubstr(bad + ":2: column \"date\""));
  EXPECT_EQ(Vafa({"analyze", "--report", "horoscope"}).exit_code, 1);
}

TEST_P(AnalyzeTest, ClvChoosesByHoldoutAndStoresValues) {
  auto result = Vafa({"clv", "--model", "auto", "--holdout-from", "2026-05-01",
                      "--out", (folder_ / "clv").string(), "--horizon-days",
                      "180", "--discount", "0.2"});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  EXPECT_THAT(result.output, HasSubstr("chosen: "));
  EXPECT_THAT(result.output, HasSubstr("standard error"));
  EXPECT_THAT(result.output, HasSubstr("frequency-spend correlation"));
  std::string clv = Slurp(folder_ / "clv" / "clv.csv");
  EXPECT_THAT(clv,
              HasSubstr("customer,frequency,recency,T,monetary_mean,p_alive"));
  EXPECT_GT(std::count(clv.begin(), clv.end(), '\n'), 300);
  EXPECT_FALSE(Slurp(folder_ / "clv" / "tracking.csv").empty());
  EXPECT_FALSE(Slurp(folder_ / "clv" / "holdout_buckets.csv").empty());
  auto db = scratch_->OpenAnother();
  ASSERT_TRUE(db.ok());
  double low = 0, high = 0;
  (*db)->sql()
      << "SELECT MIN(value), MAX(value) FROM scores WHERE name = 'p_alive'",
      soci::into(low), soci::into(high);
  EXPECT_GE(low, 0.0);
  EXPECT_LE(high, 1.0);
  EXPECT_EQ(Vafa({"clv", "--model", "auto"}).exit_code, 1);
  EXPECT_EQ(Vafa({"clv", "--model", "crystal_ball"}).exit_code, 1);
}

TEST_P(AnalyzeTest, BasketMinesRulesAndStoresOffers) {
  auto result = Vafa({"basket", "--min-support", "0.5%", "--offers",
                      "--affinity", "NUT-310", "--out",
                      (folder_ / "basket").string(), "--format", "json"});
  ASSERT_EQ(result.exit_code, 0) << result.output;
  // --format json: one document on stdout, the files in JSON.
  EXPECT_THAT(result.output, HasSubstr("\"frequent_itemsets\""));
  EXPECT_THAT(result.output, HasSubstr("\"bought_next\""));
  EXPECT_THAT(result.output, Not(HasSubstr("bought next:")));
  EXPECT_THAT(Slurp(folder_ / "basket" / "rules.json"), HasSubstr("\"lift\""));
  EXPECT_THAT(Slurp(folder_ / "basket" / "offers.json"),
              HasSubstr("\"expected_value\""));
  auto db = scratch_->OpenAnother();
  ASSERT_TRUE(db.ok());
  long long offers = 0;
  (*db)->sql() << "SELECT COUNT(*) FROM scores WHERE name = 'next_offer_1' AND "
                  "label IS NOT NULL",
      soci::into(offers);
  EXPECT_GT(offers, 100);
  // A hand-checkable FIMI file: {1,2} in 3 of 4 baskets.
  std::string fimi = (folder_ / "t.dat").string();
  std::ofstream(fimi) << "1 2 3\n1 2\n1 2 4\n3 4\n";
  auto mined = Vafa({"basket", "--fimi", fimi, "--min-support", "3"});
  ASSERT_EQ(mined.exit_code, 0) << mined.output;
  EXPECT_THAT(mined.output,
              HasSubstr("4 baskets, 4 items; 3 frequent itemsets"));
  EXPECT_THAT(mined.output, HasSubstr("1,2,3,0.75,1,1.333"));
  EXPECT_EQ(Vafa({"basket", "--sort", "vibes"}).exit_code, 1);
  // Within one RFM segment, once vafa analyze has stored the segments.
  EXPECT_EQ(Vafa({"basket", "--segment", "Champions"}).exit_code, 1);
  ASSERT_EQ(Vafa({"analyze", "--report", "rfm"}).exit_code, 0);
  auto champions =
      Vafa({"basket", "--segment", "Champions", "--min-support", "1%"});
  ASSERT_EQ(champions.exit_code, 0) << champions.output;
  auto all = Vafa({"basket", "--min-support", "1%"});
  EXPECT_LT(std::stoi(champions.output), std::stoi(all.output));
}

TEST_P(AnalyzeTest, ChurnComparesModelsAndStoresRiskReasonsAndPriority) {
  auto churn = Vafa({"churn", "--out", (folder_ / "churn").string(), "--top",
                     "3", "--threads", "2"});
  ASSERT_EQ(churn.exit_code, 0) << churn.output;
  EXPECT_THAT(churn.output, HasSubstr("holdout of"));
  EXPECT_THAT(churn.output, HasSubstr("(chosen)"));
  EXPECT_THAT(churn.output, HasSubstr("Retention priority"));
  EXPECT_THAT(churn.output, HasSubstr("scores stored as churn_risk"));
  // 400 customers leave fewer than 100 churners in the holdout: the rule
  // model alone, said in words, with its calibration on the holdout.
  EXPECT_THAT(churn.output,
              HasSubstr("Rule model only (calibrated on the training rows)"));
  EXPECT_THAT(churn.output, HasSubstr("churners; the learned models need 100"));
  EXPECT_THAT(churn.output, HasSubstr("Reliability of rules on the holdout"));
  std::string models = Slurp(folder_ / "churn" / "churn_models.csv");
  EXPECT_THAT(models, HasSubstr("model,examples,churners,auc"));
  EXPECT_THAT(models, HasSubstr(",brier,"));
  EXPECT_THAT(models, HasSubstr("\nrules,"));
  EXPECT_THAT(models, ::testing::Not(HasSubstr("\ntrees,")));
  std::string evidence = Slurp(folder_ / "churn" / "churn_evidence.csv");
  EXPECT_THAT(evidence, HasSubstr(",0,rules,the holdout has "));
  EXPECT_THAT(Slurp(folder_ / "churn" / "churn_calibration.csv"),
              HasSubstr("\nrules,10,"));
  std::string reasons = Slurp(folder_ / "churn" / "churn_reasons.csv");
  EXPECT_THAT(reasons, HasSubstr("complaint,cause,1,"));
  EXPECT_THAT(reasons, HasSubstr("short_tenure,lifecycle,0,"));
  std::string list = Slurp(folder_ / "churn" / "retention_list.csv");
  EXPECT_THAT(list, HasSubstr("customer_id,customer,name,churn_risk,band"));
  // The complaints were read from the workspace: the demo plants some.
  EXPECT_THAT(Slurp(folder_ / "churn" / "churn.csv"), HasSubstr("complaint:"));
  auto db = store::Database::Open(scratch_->location());
  ASSERT_TRUE(db.ok());
  int risks = 0, reasoned = 0;
  (*db)->sql() << "SELECT COUNT(*) FROM scores WHERE name = 'churn_risk' AND "
                  "value >= 0 AND value <= 1 AND label IN ('low', 'medium', "
                  "'high')",
      soci::into(risks);
  (*db)->sql() << "SELECT COUNT(*) FROM scores WHERE name = 'churn_reasons' "
                  "AND label LIKE '%:%'",
      soci::into(reasoned);
  EXPECT_GT(risks, 300);
  EXPECT_GT(reasoned, 100);
  // The demo's service desk: a ticket for each planted complaint, due on the
  // work calendar, rated only once resolved.
  int complaints = 0, tickets = 0, early_due = 0, rated_open = 0;
  (*db)->sql() << "SELECT COUNT(*) FROM interactions WHERE type = 'complaint'",
      soci::into(complaints);
  (*db)->sql() << "SELECT COUNT(*) FROM tickets WHERE type = 'complaint'",
      soci::into(tickets);
  (*db)->sql() << "SELECT COUNT(*) FROM tickets WHERE first_response_due_at "
                  "<= opened_at OR resolution_due_at < first_response_due_at",
      soci::into(early_due);
  (*db)->sql() << "SELECT COUNT(*) FROM tickets WHERE satisfaction IS NOT "
                  "NULL AND status NOT IN ('resolved', 'closed')",
      soci::into(rated_open);
  EXPECT_GT(complaints, 5);
  EXPECT_EQ(tickets, complaints);
  EXPECT_EQ(early_due, 0);
  EXPECT_EQ(rated_open, 0);

  // The same from the files, complaints from the interactions file.
  auto from_csv =
      Vafa({"churn", "--csv", (folder_ / "demo" / "transactions.csv").string(),
            "--interactions", (folder_ / "demo" / "interactions.csv").string(),
            "--out", (folder_ / "churn_csv").string(), "--top", "0"});
  ASSERT_EQ(from_csv.exit_code, 0) << from_csv.output;
  EXPECT_THAT(from_csv.output, ::testing::Not(HasSubstr("scores stored")));
  // The same customers; only the workspace knows the tickets' due days and
  // ratings, so only its reasons can name late or badly rated service.
  auto first_column = [](const std::string& csv) {
    std::vector<std::string> keys;
    std::istringstream in(csv);
    std::string line;
    while (std::getline(in, line))
      keys.push_back(line.substr(0, line.find(',')));
    return keys;
  };
  const std::string stored = Slurp(folder_ / "churn" / "churn.csv");
  const std::string from_file = Slurp(folder_ / "churn_csv" / "churn.csv");
  EXPECT_EQ(first_column(stored), first_column(from_file));
  EXPECT_TRUE(stored.find("slow_complaint:") != std::string::npos ||
              stored.find("low_satisfaction:") != std::string::npos);
  EXPECT_EQ(from_file.find("slow_complaint:"), std::string::npos);
  EXPECT_EQ(from_file.find("low_satisfaction:"), std::string::npos);

  // Bad input is named and changes nothing.
  auto window = Vafa({"churn", "--window", "5"});
  EXPECT_NE(window.exit_code, 0);
  EXPECT_THAT(window.output, HasSubstr("--window"));
  auto early = Vafa({"churn", "--as-of", "2024-01-10"});
  EXPECT_EQ(early.exit_code, 1);
  EXPECT_THAT(early.output, HasSubstr("too short to learn from"));
}

// Splits one CSV line at the commas outside quotes.
std::vector<std::string> CsvFields(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (char c : line) {
    if (c == '"') quoted = !quoted;
    if (c == ',' && !quoted) {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

// A file with no category, channel or discount column: no customer is said
// to buy from one category, to have never had a discount or to use one
// channel, and the output says those inputs are missing; the full file
// gives those reasons, so their absence is the file's.
TEST_P(AnalyzeTest, ChurnNamesNoReasonFromAColumnTheFileLacks) {
  std::ifstream in(folder_ / "demo" / "transactions.csv");
  std::ofstream out(folder_ / "bare.csv");
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header = CsvFields(line);
  std::vector<size_t> keep;
  for (const char* name :
       {"customer_id", "date", "order_id", "product", "amount"}) {
    auto at = std::find(header.begin(), header.end(), name);
    ASSERT_NE(at, header.end()) << name;
    keep.push_back(static_cast<size_t>(at - header.begin()));
  }
  out << "customer_id,date,order_id,product,amount\n";
  while (std::getline(in, line)) {
    std::vector<std::string> fields = CsvFields(line);
    for (size_t k = 0; k < keep.size(); ++k)
      out << (k ? "," : "") << fields.at(keep[k]);
    out << '\n';
  }
  out.close();
  auto bare = Vafa({"churn", "--csv", (folder_ / "bare.csv").string(), "--out",
                    (folder_ / "bare").string(), "--top", "0"});
  ASSERT_EQ(bare.exit_code, 0) << bare.output;
  EXPECT_THAT(bare.output,
              HasSubstr("The data has no categories (one_category), discounts "
                        "(no_discount), channels (one_channel)"));
  const std::string scored = Slurp(folder_ / "bare" / "churn.csv");
  ASSERT_THAT(scored, HasSubstr("overdue:"));
  for (const char* reason : {"one_category:", "no_discount:", "one_channel:"})
    EXPECT_THAT(scored, ::testing::Not(HasSubstr(reason)));
  EXPECT_THAT(Slurp(folder_ / "bare" / "churn_evidence.csv"),
              HasSubstr(",categories;channels;discounts;complaints\n"));

  auto full =
      Vafa({"churn", "--csv", (folder_ / "demo" / "transactions.csv").string(),
            "--out", (folder_ / "full").string(), "--top", "0"});
  ASSERT_EQ(full.exit_code, 0) << full.output;
  const std::string with_columns = Slurp(folder_ / "full" / "churn.csv");
  EXPECT_THAT(with_columns, HasSubstr("one_category:"));
  EXPECT_THAT(with_columns, HasSubstr("no_discount:"));
  EXPECT_THAT(full.output, ::testing::Not(HasSubstr("The data has no")));
}

// --aggregate-in-db: the same reports from the summary PostgreSQL
// computes; the per-order ones refused by name; SQLite refuses the option.
TEST_P(AnalyzeTest, AggregateInDbWritesTheSameCustomerReports) {
  auto aggregated = Vafa({"analyze", "--aggregate-in-db", "--no-scores",
                          "--out", (folder_ / "db").string()});
  if (GetParam() != store::Backend::kPostgres) {
    EXPECT_NE(aggregated.exit_code, 0);
    EXPECT_THAT(aggregated.output, HasSubstr("PostgreSQL only"));
    return;
  }
  ASSERT_EQ(aggregated.exit_code, 0) << aggregated.output;
  EXPECT_THAT(aggregated.output, HasSubstr("Summary computed by the database"));
  auto in_process =
      Vafa({"analyze", "--no-scores", "--out", (folder_ / "lines").string()});
  ASSERT_EQ(in_process.exit_code, 0) << in_process.output;
  // The first line (customers, orders, lines, day) is the same too.
  EXPECT_EQ(aggregated.output.substr(0, aggregated.output.find('\n')),
            in_process.output.substr(0, in_process.output.find('\n')));
  for (const char* report :
       {"summary.csv", "rfm.csv", "pareto.csv", "value.csv", "matrix.csv",
        "segments.csv", "abc.csv", "clv.csv", "clv_model.csv"}) {
    std::string a = Slurp(folder_ / "lines" / report);
    EXPECT_GT(std::count(a.begin(), a.end(), '\n'), 1) << report;
    EXPECT_TRUE(a == Slurp(folder_ / "db" / report)) << report << " differs";
  }
  EXPECT_FALSE(std::filesystem::exists(folder_ / "db" / "kpis.csv"));
  auto refused = Vafa({"analyze", "--aggregate-in-db", "--report", "cohorts"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_THAT(refused.output, HasSubstr("\"cohorts\" reads each order"));
}

VAFA_INSTANTIATE_BACKEND_TEST(AnalyzeTest);

}  // namespace
}  // namespace vafa
