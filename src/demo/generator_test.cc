#include "demo/generator.h"

#include <gmock/gmock.h>
#include <soci/soci.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/national_id.h"
#include "core/phone.h"
#include "import/csv_reader.h"
#include "import/importer.h"
#include "store/scratch_database.h"
#include "store/workspace_repository.h"

namespace vafa::demo {
namespace {

std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class DemoTest : public ::testing::Test {
 protected:
  std::filesystem::path Folder(const std::string& name) {
    auto folder = std::filesystem::temp_directory_path() /
                  ("vafa_demo_" + std::to_string(::getpid()) + "_" + name);
    folders_.push_back(folder);
    return folder;
  }
  void TearDown() override {
    for (auto& f : folders_) std::filesystem::remove_all(f);
  }
  DemoOptions Options(int64_t customers, uint64_t seed) {
    DemoOptions options;
    options.customers = customers;
    options.seed = seed;
    options.end_day = DaysFromGregorian({2026, 11, 20});
    return options;
  }
  std::vector<std::vector<std::string>> Read(
      const std::filesystem::path& path) {
    auto reader = import::CsvReader::Open(path.string());
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string_view> fields;
    while (*(*reader)->Next(fields))
      rows.emplace_back(fields.begin(), fields.end());
    return rows;
  }
  std::vector<std::filesystem::path> folders_;
};

TEST_F(DemoTest, SameSeedSameFilesOtherSeedOtherFiles) {
  auto a = Folder("a"), b = Folder("b"), c = Folder("c");
  ASSERT_TRUE(WriteDemoFiles(Options(300, 7), a.string()).ok());
  ASSERT_TRUE(WriteDemoFiles(Options(300, 7), b.string()).ok());
  ASSERT_TRUE(WriteDemoFiles(Options(300, 8), c.string()).ok());
  for (const char* file :
       {"customers.csv", "transactions.csv", "interactions.csv"}) {
    EXPECT_EQ(Slurp(a / file), Slurp(b / file)) << file;
    EXPECT_NE(Slurp(a / file), Slurp(c / file)) << file;
  }
}

TEST_F(DemoTest, IdentifiersAreValidAndUnique) {
  auto folder = Folder("ids");
  auto counts = WriteDemoFiles(Options(2000, 3), folder.string());
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  auto rows = Read(folder / "customers.csv");
  ASSERT_EQ(static_cast<int64_t>(rows.size()) - 1,
            counts->customers + counts->contacts);
  std::set<std::string> ids, national_ids;
  int organisations = 0, english = 0;
  for (size_t i = 1; i < rows.size(); ++i) {
    const auto& r = rows[i];
    EXPECT_TRUE(ids.insert(r[0]).second) << r[0];
    if (!r[6].empty()) {
      EXPECT_TRUE(IsValidNationalId(r[6])) << r[6];
      EXPECT_TRUE(national_ids.insert(r[6]).second) << r[6];
    }
    auto phone = NormalizePhone(r[7]);
    ASSERT_TRUE(phone.ok()) << r[7];
    EXPECT_TRUE(IsIranianMobile(*phone)) << r[7];
    organisations += r[1] == "organisation";
    english += r[16] == "en";
  }
  EXPECT_GT(organisations, 30);
  EXPECT_GT(english, 100);
}

// The demo reports the customers asked for as buyers, and the organisations'
// contacts (rows of customers.csv that buy nothing) apart, so its figures
// agree with an analysis of the orders.
TEST_F(DemoTest, CountsBuyersApartFromOrganisationContacts) {
  auto folder = Folder("counts");
  auto counts = WriteDemoFiles(Options(500, 4), folder.string());
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  EXPECT_EQ(counts->customers, 500);
  EXPECT_GT(counts->contacts, 0);
  std::set<std::string> buyers;
  auto transactions = Read(folder / "transactions.csv");
  for (size_t i = 1; i < transactions.size(); ++i) {
    buyers.insert(transactions[i][0]);
  }
  EXPECT_EQ(static_cast<int64_t>(buyers.size()), counts->customers);
  int64_t contacts = 0;
  auto customers = Read(folder / "customers.csv");
  for (size_t i = 1; i < customers.size(); ++i) {
    const bool contact = !customers[i][5].empty();
    contacts += contact;
    EXPECT_EQ(buyers.count(customers[i][0]), contact ? 0u : 1u)
        << customers[i][0];
  }
  EXPECT_EQ(contacts, counts->contacts);
}

TEST_F(DemoTest, HistoryHasRepeatBuyersChurnersAndSeasonalPeaks) {
  auto folder = Folder("history");
  DemoOptions options = Options(3000, 11);
  auto counts = WriteDemoFiles(options, folder.string());
  ASSERT_TRUE(counts.ok());
  EXPECT_GT(counts->orders, 3000 * 3);
  EXPECT_GT(counts->lines, counts->orders);
  EXPECT_GT(counts->churned, 3000 / 5);
  EXPECT_LT(counts->churned, 3000);
  // Orders per day in the Nowruz shopping weeks and around Yalda beat an
  // ordinary day.
  auto rows = Read(folder / "transactions.csv");
  std::map<std::string, int> orders_by_day;
  std::set<std::string> seen_orders;
  std::map<std::string, std::set<std::string>> orders_by_customer;
  for (size_t i = 1; i < rows.size(); ++i) {
    if (seen_orders.insert(rows[i][2]).second)
      ++orders_by_day[rows[i][1].substr(0, 10)];
    orders_by_customer[rows[i][0]].insert(rows[i][2]);
  }
  auto per_day = [&](std::string from, std::string to) {
    int total = 0, days = 0;
    for (DayNumber d = *ParseDateTime(from) / 86400;
         d <= *ParseDateTime(to) / 86400; ++d) {
      total += orders_by_day[FormatGregorian(d)];
      ++days;
    }
    return static_cast<double>(total) / days;
  };
  // Compared with the weeks just before, so the customer base is alike.
  EXPECT_GT(per_day("2025-03-01", "2025-03-19"),
            1.5 * per_day("2025-01-10", "2025-02-25"));  // Esfand 11-28 1403
  EXPECT_GT(per_day("2025-12-06", "2025-12-21"),
            1.3 * per_day("2025-10-01", "2025-11-20"));  // Azar 15-30 1404
  int repeat = 0;
  for (auto& [customer, orders] : orders_by_customer)
    repeat += orders.size() > 1;
  EXPECT_GT(repeat, static_cast<int>(orders_by_customer.size() / 2));
}

TEST_F(DemoTest, FilesImportCleanly) {
  auto folder = Folder("import");
  auto counts = WriteDemoFiles(Options(400, 5), folder.string());
  ASSERT_TRUE(counts.ok());
  std::string why;
  auto scratch = store::ScratchDatabase::Create(store::Backend::kSqlite, &why);
  ASSERT_NE(scratch, nullptr) << why;
  store::WorkspaceRepository workspaces(scratch->db());
  int64_t workspace = workspaces.Create("demo", "Demo")->id;
  import::ImportOptions options;
  options.path = (folder / "customers.csv").string();
  auto customers = import::ImportCustomers(scratch->db(), workspace, options);
  ASSERT_TRUE(customers.ok()) << customers.status().message();
  EXPECT_EQ(customers->created, counts->customers + counts->contacts);
  options.path = (folder / "transactions.csv").string();
  auto transactions =
      import::ImportTransactions(scratch->db(), workspace, options);
  ASSERT_TRUE(transactions.ok()) << transactions.status().message();
  EXPECT_EQ(transactions->created, counts->lines);
  EXPECT_EQ(transactions->orders_created, counts->orders);
  options.path = (folder / "interactions.csv").string();
  auto interactions =
      import::ImportInteractions(scratch->db(), workspace, options);
  ASSERT_TRUE(interactions.ok()) << interactions.status().message();
  EXPECT_EQ(interactions->created + interactions->unchanged,
            counts->interactions);
}

TEST_F(DemoTest, RejectsNonsenseOptions) {
  EXPECT_FALSE(WriteDemoFiles(Options(0, 1), Folder("zero").string()).ok());
}

}  // namespace
}  // namespace vafa::demo
