// vafa duplicates scan and measure, as a user runs them, on both backends.
#include <gmock/gmock.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "store/store_test_support.h"
#include "tests/cli/cli_store_test.h"

namespace vafa {
namespace {

using ::testing::HasSubstr;

class DuplicatesTest : public testing::CliStoreTest {};

// One person three times (Persian with Arabic letters, Latin, the phone
// written another way), a family sharing a phone, and two strangers with
// one common name: only the first three are grouped.
TEST_P(DuplicatesTest, ScanFindsTheSamePersonAcrossSpellingsOnly) {
  const std::string path = (folder_ / "customers.csv").string();
  std::ofstream(path) << "external_id,first_name,last_name,phone,city\n"
                         "C1,سارا,رحیمی,09121110000,تهران\n"
                         "C2,Sara,Rahimi,+98 912 111 0000,Tehran\n"
                         "C3,سارا,رحيمي,00989121110000,تهران\n"
                         "C4,علی,محمدی,09122220000,شیراز\n"
                         "C5,مریم,محمدی,09122220000,شیراز\n"
                         "C6,امیر,کریمی,09123330000,قم\n"
                         "C7,امیر,کریمی,09124440000,قم\n";
  auto imported = Vafa({"import", "customers", path});
  ASSERT_EQ(imported.exit_code, 0) << imported.output;

  auto text = Vafa({"duplicates", "scan"});
  ASSERT_EQ(text.exit_code, 0) << text.output;
  EXPECT_THAT(text.output, HasSubstr("7 customers"));
  EXPECT_THAT(text.output, HasSubstr("3 likely duplicate pairs in 1 groups"));
  EXPECT_THAT(text.output, HasSubstr("phone equal"));

  auto json = Vafa({"duplicates", "scan", "--format", "json"});
  ASSERT_EQ(json.exit_code, 0) << json.output;
  const auto document = nlohmann::json::parse(json.output);
  ASSERT_EQ(document["groups"].size(), 1u);
  EXPECT_EQ(document["groups"][0].size(), 3u);
  std::set<std::string> grouped;
  for (const auto& pair : document["pairs"]) {
    grouped.insert(pair["first"]["external_id"].get<std::string>());
    grouped.insert(pair["second"]["external_id"].get<std::string>());
    EXPECT_GE(pair["score"].get<double>(), 0.8);
  }
  EXPECT_EQ(grouped, (std::set<std::string>{"C1", "C2", "C3"}));
  // A lower threshold shows the strangers who share a name, too.
  auto low =
      Vafa({"duplicates", "scan", "--min-score", "0.6", "--format", "json"});
  ASSERT_EQ(low.exit_code, 0) << low.output;
  EXPECT_GT(nlohmann::json::parse(low.output)["pairs"].size(), 3u);
  EXPECT_EQ(Vafa({"duplicates", "scan", "--min-score", "2"}).exit_code, 2);
}

TEST_P(DuplicatesTest, MeasureReportsPrecisionAndRecallOnAPlantedPopulation) {
  auto measured = Vafa(
      {"duplicates", "measure", "--customers", "4000", "--format", "json"});
  ASSERT_EQ(measured.exit_code, 0) << measured.output;
  const auto document = nlohmann::json::parse(measured.output);
  EXPECT_EQ(document["planted"].get<int>(), 200);
  EXPECT_GE(document["precision"].get<double>(), 0.95);
  EXPECT_GE(document["recall"].get<double>(), 0.95);
  EXPECT_EQ(document["by_kind"].size(), 8u);
}

VAFA_INSTANTIATE_BACKEND_TEST(DuplicatesTest);

}  // namespace
}  // namespace vafa
