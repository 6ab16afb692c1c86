// The vafa command as a user runs it, on SQLite and on PostgreSQL.
#include <gmock/gmock.h>

#include <filesystem>
#include <fstream>

#include "store/store_test_support.h"
#include "tests/cli/run_command.h"

namespace vafa {
namespace {

using ::testing::HasSubstr;
using ::vafa::testing::RunVafa;

class CliTest : public store::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    folder_ = std::filesystem::temp_directory_path() /
              ("vafa_cli_" + std::to_string(::getpid()) + "_" +
               std::to_string(reinterpret_cast<uintptr_t>(this)));
    std::filesystem::create_directories(folder_);
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }

  std::string Write(const std::string& name, const std::string& text) {
    std::string path = (folder_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  testing::CommandResult Vafa(std::vector<std::string> args) {
    args.insert(args.begin(),
                {"--db", scratch_->location(), "--workspace", "shop"});
    return RunVafa(args);
  }

  std::filesystem::path folder_;
};

TEST_P(CliTest, ImportSearchListAndRevert) {
  auto customers = Vafa({"import", "customers",
                         Write("c.csv",
                               "کد مشتری,نام,نام خانوادگی,موبایل\n"
                               "C1,علی,کریمی,09121234567\n"
                               "C2,Sara,Rezaei,09351112233\n")});
  ASSERT_EQ(customers.exit_code, 0) << customers.output;
  EXPECT_THAT(customers.output, HasSubstr("2 rows, 2 created"));

  auto tx = Vafa({"import", "transactions", "--currency", "toman",
                  Write("t.csv",
                        "customer_id,date,order_id,product,amount\n"
                        "C1,1403/08/15,O1,P1,\"۱۲٬۰۰۰\"\n")});
  ASSERT_EQ(tx.exit_code, 0) << tx.output;
  EXPECT_THAT(tx.output, HasSubstr("1 orders"));

  auto search = Vafa({"customers", "search", "كريمي"});
  ASSERT_EQ(search.exit_code, 0) << search.output;
  EXPECT_THAT(search.output, HasSubstr("علی کریمی"));
  auto phone = Vafa({"customers", "search", "0935 111 2233"});
  EXPECT_THAT(phone.output, HasSubstr("Sara Rezaei"));

  auto list = Vafa({"import", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.output;
  EXPECT_THAT(list.output, HasSubstr("transactions\tcommitted\t1"));

  auto refused = Vafa({"import", "revert", "1"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.output, HasSubstr("revert those first"));
  auto reverted = Vafa({"import", "revert", "2"});
  EXPECT_EQ(reverted.exit_code, 0) << reverted.output;
}

TEST_P(CliTest, BadFileExitsWithOneAndNamesEveryRow) {
  auto result = Vafa({"import", "customers",
                      Write("bad.csv",
                            "external_id,phone,email\n"
                            "C1,12,\n"
                            "C2,,nope\n")});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.output, HasSubstr("bad.csv:2: column \"phone\": \"12\""));
  EXPECT_THAT(result.output,
              HasSubstr("bad.csv:3: column \"email\": \"nope\""));
  EXPECT_THAT(result.output, HasSubstr("nothing was imported"));
}

TEST_P(CliTest, MissingFileIsNamed) {
  auto result = Vafa({"import", "customers", "/no/such/file.csv"});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.output, HasSubstr("/no/such/file.csv"));
}

TEST_P(CliTest, DemoBuildsASearchableWorkspace) {
  auto demo = Vafa(
      {"demo", "--customers", "200", "--seed", "4", "--end", "2026-11-20"});
  ASSERT_EQ(demo.exit_code, 0) << demo.output;
  EXPECT_THAT(demo.output, HasSubstr("imported transactions.csv"));
  auto list = Vafa({"import", "list"});
  EXPECT_THAT(list.output, HasSubstr("interactions\tcommitted"));
  auto search = Vafa({"customers", "show", "C0000001"});
  EXPECT_EQ(search.exit_code, 0) << search.output;
}

VAFA_INSTANTIATE_BACKEND_TEST(CliTest);

TEST(CliUsageTest, HelpListsTheCommandsAndUsageErrorsExitWithTwo) {
  auto help = RunVafa({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.output, HasSubstr("import"));
  EXPECT_THAT(help.output, HasSubstr("customers"));
  auto wrong = RunVafa({"import", "customers", "x.csv", "--mode", "merge"});
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_THAT(wrong.output, HasSubstr("merge"));
}

}  // namespace
}  // namespace vafa
