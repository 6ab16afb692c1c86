// A customers import that warns of rows looking like customers already
// stored or like earlier rows of the file (same national id, phone or
// e-mail under another external id), on both backends: the rows are
// created all the same, the text names each row and customer, --report
// gives the same as JSON, and the key rows are matched on is not warned of.
#include <gmock/gmock.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "store/store_test_support.h"
#include "tests/cli/cli_store_test.h"
#include "tests/cli/store_rows.h"

namespace vafa {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

class ImportDuplicatesTest : public testing::CliStoreTest {
 protected:
  void SetUp() override {
    CliStoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    auto first = Import("known.csv",
                        "external_id,first_name,last_name,national_id,phone,"
                        "email\n"
                        "C1,سارا,رحیمی,1234567891,09121110000,\n"
                        "C2,Ali,Karimi,,,ali.k@example.com\n");
    ASSERT_EQ(first.exit_code, 0) << first.output;
    EXPECT_THAT(first.output, Not(HasSubstr("look like")));
  }

  testing::CommandResult Import(const std::string& name,
                                const std::string& text,
                                std::vector<std::string> flags = {}) {
    const std::string path = (folder_ / name).string();
    std::ofstream(path) << text;
    std::vector<std::string> args = {"import", "customers", path};
    args.insert(args.end(), flags.begin(), flags.end());
    return Vafa(args);
  }

  int64_t IdOf(const std::string& external_id) {
    auto rows =
        testing::Rows(db(), "SELECT id FROM customers WHERE external_id = '" +
                                external_id + "'");
    return rows.size() == 1 ? std::stoll(rows[0]) : 0;
  }
};

// C10's phone is C1's typed another way, C11's e-mail C2's in capitals,
// C13 shares C12's new national id; C14 is new in every way.
constexpr char kNewRows[] =
    "external_id,first_name,last_name,national_id,phone,email\n"
    "C10,Sara,Rahimi,,+98 912 111 0000,\n"
    "C11,علی,کریمی,,,Ali.K@Example.com\n"
    "C12,Reza,Ahmadi,0012345679,,\n"
    "C13,رضا,احمدی,0012345679,,\n"
    "C14,Nima,Rad,,09125550000,nima@example.com\n";

TEST_P(ImportDuplicatesTest, WarnsOfLookAlikesAndCreatesThemAllTheSame) {
  const std::string report = (folder_ / "report.json").string();
  auto run = Import("new.csv", kNewRows, {"--report", report});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("5 created"));
  EXPECT_THAT(run.output,
              HasSubstr("3 new rows look like an existing customer or an "
                        "earlier row"));
  EXPECT_THAT(run.output, HasSubstr("line 2: phone +989121110000 as customer " +
                                    std::to_string(IdOf("C1")) + " (C1)"));
  EXPECT_THAT(run.output,
              HasSubstr("line 3: email ali.k@example.com as customer " +
                        std::to_string(IdOf("C2")) + " (C2)"));
  EXPECT_THAT(run.output,
              HasSubstr("line 5: national_id 0012345679 as line 4"));
  EXPECT_THAT(run.output, Not(HasSubstr("line 6")));
  for (const char* created : {"C10", "C11", "C12", "C13", "C14"}) {
    EXPECT_NE(IdOf(created), 0) << created;
  }

  std::ifstream file(report);
  const json written = json::parse(file);
  const json& likely = written["likely_duplicates"];
  EXPECT_EQ(likely["count"], 3);
  ASSERT_EQ(likely["examples"].size(), 3u);
  EXPECT_EQ(likely["examples"][0], (json{{"line", 2},
                                         {"field", "phone"},
                                         {"value", "+989121110000"},
                                         {"customer_id", IdOf("C1")},
                                         {"customer_external_id", "C1"},
                                         {"first_line", nullptr}}));
  EXPECT_EQ(likely["examples"][2]["first_line"], 4);
  EXPECT_TRUE(likely["examples"][2]["customer_id"].is_null());
}

TEST_P(ImportDuplicatesTest, ADryRunWarnsTooAndWritesNothing) {
  auto run = Import("new.csv", kNewRows, {"--dry-run"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("3 new rows look like"));
  EXPECT_EQ(IdOf("C10"), 0);
}

TEST_P(ImportDuplicatesTest, TheMatchKeyUpdatesInsteadOfWarning) {
  // Matched on phone: C1's phone updates C1; the e-mail shared with C2 is
  // still a look-alike.
  auto run = Import("by_phone.csv",
                    "phone,first_name,email\n"
                    "09121110000,Sarah,\n"
                    "09127770000,Ali,ali.k@example.com\n",
                    {"--key", "phone"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, HasSubstr("1 created, 1 updated"));
  EXPECT_THAT(run.output, HasSubstr("1 new rows look like"));
  EXPECT_THAT(run.output, HasSubstr("line 3: email ali.k@example.com"));
}

VAFA_INSTANTIATE_BACKEND_TEST(ImportDuplicatesTest);

}  // namespace
}  // namespace vafa
