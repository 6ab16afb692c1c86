// The summary PostgreSQL computes must equal the in-process one column by
// column, and an analysis stored from it must store the same reports and
// scores, on hand-made edge cases and on the demo.
#include "pipeline/database_summary.h"

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "analytics/customer_summary.h"
#include "demo/generator.h"
#include "import/importer.h"
#include "pipeline/workspace_analysis.h"
#include "store/sql_values.h"
#include "store/store_test_support.h"

namespace vafa::pipeline {
namespace {

using analytics::CustomerSummary;

// C1: two orders on one day, a line without cost, a refund, discounts.
// C2: refunds only. C3: instants either side of midnight UTC. C4: buys
// only after the earlier analysis day. C5: an order of amount 0. C6 is
// deleted; O15 is a deleted order; O13 is an anonymous sale. C7: two
// orders on its first day, the first of them not discounted. C8: a
// purchase before 1970 (days before day 0 floor, as DayOf does).
constexpr char kCustomers[] =
    "external_id,acquisition_cost\nC1,5000\nC2,\nC3,7\nC4,\nC5,\nC6,\nC7,3\n"
    "C8,\n";
constexpr char kLines[] =
    "customer_id,date,order_id,product,category,amount,discount,cost,"
    "channel,branch\n"
    "C1,2024-11-20T10:00:00Z,O1,P1,tea,100,10,60,store,north\n"
    "C1,2024-11-20T10:00:00Z,O1,P2,nuts,50,,,store,north\n"
    "C2,2024-11-25,O5,P1,tea,-30,,-20,store,south\n"
    "C1,2024-11-20T15:00:00Z,O2,P3,,30,,10,online,\n"
    "C1,2024-12-01,O3,P1,tea,-40,,-25,store,north\n"
    "C1,2024-12-10,O4,P2,nuts,70,5,40,online,\n"
    "C2,2024-12-05,O6,P2,nuts,-10,,,online,\n"
    "C3,2024-11-30T23:59:59Z,O7,P1,tea,20,,12,store,north\n"
    "C3,2024-12-01T00:00:00Z,O8,P2,nuts,25,,15,store,south\n"
    "C3,2024-12-01T00:00:01Z,O9,P3,,5,1,2,store,south\n"
    "C4,2024-12-15,O10,P1,tea,90,,50,online,\n"
    "C5,2024-11-21,O11,P1,tea,0,,0,store,north\n"
    "C5,2024-12-02,O12,P2,nuts,15,2,9,store,north\n"
    ",2024-12-03,O13,P1,tea,40,,20,store,north\n"
    "C6,2024-12-04,O14,P1,tea,10,,5,store,north\n"
    "C3,2024-12-06,O15,P2,nuts,500,,300,store,north\n"
    "C7,2024-11-22,O16,P1,tea,10,,6,store,north\n"
    "C7,2024-11-22,O17,P2,nuts,20,3,11,store,north\n"
    "C7,2024-11-29,O18,P1,tea,5,,3,online,north\n"
    "C8,1969-12-31T12:00:00Z,O19,P1,tea,8,,4,store,north\n"
    "C8,2024-11-23,O20,P3,,12,,6,store,north\n";

class DatabaseSummaryTest : public store::BackendTest {
 protected:
  void TearDown() override {
    if (!folder_.empty()) std::filesystem::remove_all(folder_);
  }
  std::string Folder() {
    if (folder_.empty()) {
      folder_ = std::filesystem::temp_directory_path() /
                ("vafa_db_summary_" + std::to_string(::getpid()) + "_" +
                 store::BackendName(GetParam()));
      std::filesystem::create_directories(folder_);
    }
    return folder_.string();
  }
  std::string Write(const std::string& name, const std::string& text) {
    std::string path = Folder() + "/" + name;
    std::ofstream(path) << text;
    return path;
  }
  void Import(int64_t workspace, const std::string& customers,
              const std::string& transactions) {
    import::ImportOptions options;
    options.path = customers;
    auto made = import::ImportCustomers(db(), workspace, options);
    ASSERT_TRUE(made.ok()) << made.status().ToString();
    options.path = transactions;
    options.anonymous = import::AnonymousSales::kKeep;
    auto bought = import::ImportTransactions(db(), workspace, options);
    ASSERT_TRUE(bought.ok()) << bought.status().ToString();
  }
  int64_t HandMadeWorkspace() {
    const int64_t workspace = AddWorkspace("shop");
    Import(workspace, Write("customers.csv", kCustomers),
           Write("transactions.csv", kLines));
    db().sql() << "UPDATE orders SET deleted_at = 1 WHERE external_id = 'O15'";
    db().sql() << "UPDATE customers SET deleted_at = 1 WHERE external_id = "
                  "'C6'";
    return workspace;
  }
  // The in-process and the database's summaries at `as_of`, column by
  // column.
  void ExpectSameSummary(int64_t workspace, DayNumber as_of) {
    auto lines = LoadTransactionsFromStore(db(), workspace);
    ASSERT_TRUE(lines.ok()) << lines.status().ToString();
    auto summed = SummarizeWorkspaceInDatabase(db(), workspace, as_of);
    ASSERT_TRUE(summed.ok()) << summed.status().ToString();
    const DayNumber day = as_of != 0 ? as_of : lines->last_day + 1;
    const CustomerSummary a = analytics::SummarizeCustomers(lines->log, day);
    ASSERT_TRUE(summed->summary.has_value());
    const CustomerSummary& b = *summed->summary;
    EXPECT_EQ(summed->log.customer_keys, lines->log.customer_keys);
    EXPECT_EQ(summed->customer_ids, lines->customer_ids);
    EXPECT_EQ(summed->acquisition_cost, lines->acquisition_cost);
    EXPECT_EQ(summed->last_day, lines->last_day);
    EXPECT_EQ(summed->order_count(), lines->order_count());
    EXPECT_EQ(summed->line_count(), lines->line_count());
    EXPECT_EQ(b.as_of, a.as_of);
    EXPECT_EQ(b.first_purchase_day, a.first_purchase_day);
    EXPECT_EQ(b.last_purchase_day, a.last_purchase_day);
    EXPECT_EQ(b.orders, a.orders);
    EXPECT_EQ(b.refunds, a.refunds);
    EXPECT_EQ(b.purchase_days, a.purchase_days);
    EXPECT_EQ(b.repeat_purchases, a.repeat_purchases);
    EXPECT_EQ(b.recency_days, a.recency_days);
    EXPECT_EQ(b.tenure_days, a.tenure_days);
    EXPECT_EQ(b.purchase_span_days, a.purchase_span_days);
    EXPECT_EQ(b.revenue, a.revenue);
    EXPECT_EQ(b.refund_amount, a.refund_amount);
    EXPECT_EQ(b.mean_order_value, a.mean_order_value);
    EXPECT_EQ(b.repeat_purchase_value, a.repeat_purchase_value);
    EXPECT_EQ(b.cost_of_goods, a.cost_of_goods);
    EXPECT_EQ(b.cost_known, a.cost_known);
    EXPECT_EQ(b.margin, a.margin);
    EXPECT_EQ(b.distinct_products, a.distinct_products);
    EXPECT_EQ(b.distinct_channels, a.distinct_channels);
    EXPECT_EQ(b.distinct_branches, a.distinct_branches);
    EXPECT_EQ(b.discounted_order_share, a.discounted_order_share);
    EXPECT_EQ(b.first_order_discounted, a.first_order_discounted);
  }
  // name/calendar -> body of the reports `run` stored, and every score.
  std::map<std::string, std::string> Stored(int64_t workspace, int64_t run) {
    std::map<std::string, std::string> stored;
    long long w = workspace, r = run;
    soci::rowset<soci::row> reports =
        (db().sql().prepare << "SELECT name, calendar, body FROM "
                               "analysis_reports WHERE workspace_id = :w AND "
                               "run_id = :r",
         soci::use(w), soci::use(r));
    for (const soci::row& row : reports) {
      if (row.get<std::string>(0) == "rfm_moves") continue;
      stored[row.get<std::string>(0) + "/" + row.get<std::string>(1)] =
          row.get<std::string>(2);
    }
    std::string parameters, fingerprint, summary;
    db().sql() << "SELECT parameters, data_fingerprint, summary FROM "
                  "analysis_runs WHERE id = :r",
        soci::use(r), soci::into(parameters), soci::into(fingerprint),
        soci::into(summary);
    stored["run"] = parameters + "|" + fingerprint + "|" + summary;
    soci::rowset<soci::row> scores =
        (db().sql().prepare << "SELECT customer_id, name, value, label FROM "
                               "scores WHERE workspace_id = :w",
         soci::use(w));
    for (const soci::row& row : scores) {
      std::string value = row.get_indicator(2) == soci::i_null
                              ? "null"
                              : std::to_string(row.get<double>(2));
      std::string label = row.get_indicator(3) == soci::i_null
                              ? "null"
                              : row.get<std::string>(3);
      stored["score/" + std::to_string(store::RowInt(row, 0)) + "/" +
             row.get<std::string>(1)] = value + "|" + label;
    }
    return stored;
  }
  // An analysis stored through each path stores the same reports (all but
  // the per-order ones) and the same scores.
  void ExpectSameStoredAnalysis(int64_t workspace) {
    LogAnalysisOptions options;
    options.churn = false;
    auto in_process = AnalyzeWorkspace(db(), workspace, options);
    ASSERT_TRUE(in_process.ok()) << in_process.status().ToString();
    std::map<std::string, std::string> a = Stored(workspace, *in_process);
    options.aggregate_in_db = true;
    auto in_db = AnalyzeWorkspace(db(), workspace, options);
    ASSERT_TRUE(in_db.ok()) << in_db.status().ToString();
    std::map<std::string, std::string> b = Stored(workspace, *in_db);
    for (const char* per_order : {"kpis/gregorian", "kpis/jalali",
                                  "cohorts/gregorian", "cohorts/jalali"}) {
      EXPECT_EQ(a.erase(per_order), 1u) << per_order;
      EXPECT_EQ(b.count(per_order), 0u) << per_order;
    }
    EXPECT_GT(b.count("pareto/"), 0u);
    EXPECT_EQ(a, b);
  }
  std::filesystem::path folder_;
};

TEST_P(DatabaseSummaryTest, EqualsTheInProcessSummaryOnEdgeCases) {
  const int64_t workspace = HandMadeWorkspace();
  if (GetParam() != store::Backend::kPostgres) {
    auto refused = SummarizeWorkspaceInDatabase(db(), workspace, 0);
    ASSERT_FALSE(refused.ok());
    EXPECT_NE(refused.status().message().find("PostgreSQL only"),
              std::string::npos);
    return;
  }
  ExpectSameSummary(workspace, 0);
  // An earlier day: C4 has orders but none counted, C1's refund is later.
  ExpectSameSummary(workspace, DaysFromGregorian({2024, 12, 1}));
  auto summed = SummarizeWorkspaceInDatabase(db(), workspace, 0);
  ASSERT_TRUE(summed.ok());
  const CustomerSummary& s = *summed->summary;
  // Hand-checked: C1 (index 0) bought on 20 Nov twice (one purchase day)
  // and 10 Dec, refunded 40; O1 has a line without cost.
  ASSERT_EQ(summed->log.customer_keys[0], "C1");
  EXPECT_EQ(s.orders[0], 3);
  EXPECT_EQ(s.purchase_days[0], 2);
  EXPECT_EQ(s.revenue[0], 100 + 50 + 30 - 40 + 70);
  EXPECT_EQ(s.repeat_purchase_value[0], 70);
  EXPECT_EQ(s.cost_known[0], 0);
  EXPECT_EQ(s.first_order_discounted[0], 1);
  EXPECT_EQ(summed->order_count(), 17);  // O1-O20 but O13, O14, O15
  EXPECT_EQ(summed->line_count(), 18);
}

TEST_P(DatabaseSummaryTest, StoresTheSameAnalysisOnEdgeCases) {
  if (GetParam() != store::Backend::kPostgres) GTEST_SKIP() << "PostgreSQL";
  ExpectSameStoredAnalysis(HandMadeWorkspace());
}

TEST_P(DatabaseSummaryTest, EqualsTheInProcessAnalysisOnTheDemo) {
  if (GetParam() != store::Backend::kPostgres) GTEST_SKIP() << "PostgreSQL";
  demo::DemoOptions demo;
  demo.customers = 1000;
  demo.seed = 11;
  demo.end_day = DaysFromGregorian({2026, 11, 20});
  ASSERT_TRUE(demo::WriteDemoFiles(demo, Folder()).ok());
  const int64_t workspace = AddWorkspace("demo");
  Import(workspace, Folder() + "/customers.csv",
         Folder() + "/transactions.csv");
  ExpectSameSummary(workspace, 0);
  ExpectSameSummary(workspace, DaysFromGregorian({2025, 6, 30}));
  ExpectSameStoredAnalysis(workspace);
}

VAFA_INSTANTIATE_BACKEND_TEST(DatabaseSummaryTest);

}  // namespace
}  // namespace vafa::pipeline
