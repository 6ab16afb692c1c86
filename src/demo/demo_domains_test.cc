// The demo's service desk, sales, marketing and surveys over an imported
// demo business, on both backends: what each returns is what it wrote, and
// the rows keep the rules the demo promises.
#include <gmock/gmock.h>
#include <soci/soci.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "core/dates.h"
#include "demo/demo_marketing.h"
#include "demo/demo_sales.h"
#include "demo/demo_surveys.h"
#include "demo/demo_tickets.h"
#include "demo/generator.h"
#include "import/importer.h"
#include "store/store_test_support.h"

namespace vafa::demo {
namespace {

constexpr uint64_t kSeed = 5;

class DemoDomainsTest : public store::BackendTest {
 protected:
  void SetUp() override {
    store::BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    folder_ = std::filesystem::temp_directory_path() /
              ("vafa_demo_domains_" + std::to_string(::getpid()) + "_" +
               store::BackendName(GetParam()));
    DemoOptions options;
    options.customers = 400;
    options.seed = kSeed;
    options.end_day = DaysFromGregorian({2026, 11, 20});
    end_ = static_cast<UnixSeconds>(options.end_day + 1) * 86400;
    ASSERT_TRUE(WriteDemoFiles(options, folder_.string()).ok());
    workspace_ = AddWorkspace("demo");
    for (auto [file, function] :
         {std::pair{"customers.csv", &import::ImportCustomers},
          std::pair{"transactions.csv", &import::ImportTransactions},
          std::pair{"interactions.csv", &import::ImportInteractions}}) {
      import::ImportOptions import_options;
      import_options.path = (folder_ / file).string();
      auto report = function(db(), workspace_, import_options);
      ASSERT_TRUE(report.ok()) << file << ": " << report.status().message();
    }
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }

  long long Count(const std::string& sql) {
    long long n = 0;
    db().sql() << sql, soci::into(n);
    return n;
  }

  std::filesystem::path folder_;
  int64_t workspace_ = 0;
  UnixSeconds end_ = 0;
};

TEST_P(DemoDomainsTest, EachDomainWritesWhatItCounts) {
  auto tickets = OpenDemoComplaintTickets(db(), workspace_, kSeed);
  ASSERT_TRUE(tickets.ok()) << tickets.status().message();
  EXPECT_GT(*tickets, 0);
  EXPECT_EQ(*tickets, Count("SELECT COUNT(*) FROM interactions WHERE type = "
                            "'complaint' AND deleted_at IS NULL"));
  EXPECT_EQ(*tickets, Count("SELECT COUNT(*) FROM tickets"));
  // A complaint has one ticket, however often the desk is opened.
  auto again = OpenDemoComplaintTickets(db(), workspace_, kSeed);
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(*again, 0);

  auto deals = OpenDemoSales(db(), workspace_, kSeed, end_);
  ASSERT_TRUE(deals.ok()) << deals.status().message();
  EXPECT_GT(*deals, 0);
  EXPECT_LE(*deals, 400);
  EXPECT_EQ(*deals, Count("SELECT COUNT(*) FROM deals"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM leads"), 40);
  // Every deal's moves begin where it opened; every open deal has its next
  // step, and a closed one none.
  EXPECT_EQ(Count("SELECT COUNT(DISTINCT deal_id) FROM deal_moves WHERE "
                  "from_stage IS NULL OR from_stage = ''"),
            *deals);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM tasks"),
            Count("SELECT COUNT(*) FROM deals WHERE status = 'open'"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM tasks t JOIN deals d ON d.id = "
                  "t.deal_id WHERE d.status <> 'open'"),
            0);

  auto members = OpenDemoMarketing(db(), workspace_, kSeed, end_);
  ASSERT_TRUE(members.ok()) << members.status().message();
  EXPECT_GT(*members, 0);
  EXPECT_EQ(*members, Count("SELECT COUNT(*) FROM campaign_members"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM segments"), 3);
  // 1,500 rial for each SMS sent, none to the control group.
  EXPECT_EQ(
      Count("SELECT cost_minor FROM campaigns"),
      Count("SELECT COUNT(*) FROM campaign_members WHERE control = 0") * 1500);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM campaign_members WHERE control = 1 "
                  "AND responded_at IS NOT NULL"),
            0);

  auto answers = OpenDemoSurveys(db(), workspace_, kSeed, end_);
  ASSERT_TRUE(answers.ok()) << answers.status().message();
  EXPECT_EQ(*answers, Count("SELECT COUNT(*) FROM survey_responses"));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM surveys"), 4);
  // CSAT: one answer per rated, resolved ticket.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM survey_responses r JOIN surveys s ON "
                  "s.id = r.survey_id WHERE s.kind = 'csat'"),
            Count("SELECT COUNT(*) FROM tickets WHERE satisfaction IS NOT "
                  "NULL AND resolved_at IS NOT NULL"));
}

VAFA_INSTANTIATE_BACKEND_TEST(DemoDomainsTest);

}  // namespace
}  // namespace vafa::demo
