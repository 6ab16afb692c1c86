// vafa quality, as a user runs it, on both backends: a workspace with
// problems planted and counted by hand, run twice to show the change.
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

class QualityTest : public testing::CliStoreTest {
 protected:
  // Six people: C1 and C2 one person (same phone, name in two scripts);
  // C3's e-mail has a one-letter top-level domain and Shiraz is not in
  // Tehran; C4 has no e-mail or birth date, and gets a national id with a
  // wrong check digit and a placeholder phone (which the importer would
  // refuse) by SQL; C5 bought in 2020 but was born in 2021; C6 is born in
  // 2099.
  void PlantProblems() {
    const std::string customers = (folder_ / "customers.csv").string();
    std::ofstream(customers)
        << "external_id,first_name,last_name,national_id,phone,email,"
           "birth_date,city,province,gender\n"
           "C1,سارا,رحیمی,1234567891,09121110000,sara@example.com,"
           "1990-05-01,تهران,تهران,female\n"
           "C2,Sara,Rahimi,,+98 912 111 0000,,,Tehran,Tehran,female\n"
           "C3,علی,محمدی,,09122220000,ali@example.c,1985-01-01,شیراز,تهران,"
           "male\n"
           "C4,مریم,کریمی,,,,,Mashhad,Razavi Khorasan,female\n"
           "C5,رضا,احمدی,,09123330000,reza@example.com,2021-01-01,اصفهان,"
           "استان اصفهان,male\n"
           "C6,نگار,نوری,,09124440000,,2099-01-01,Karaj,Alborz,female\n";
    auto imported = Vafa({"import", "customers", customers});
    ASSERT_EQ(imported.exit_code, 0) << imported.output;
    const std::string orders = (folder_ / "orders.csv").string();
    std::ofstream(orders) << "customer_id,date,order_id,product,amount\n"
                             "C5,2020-06-01,O1,P1,1000\n";
    auto bought = Vafa({"import", "transactions", orders});
    ASSERT_EQ(bought.exit_code, 0) << bought.output;
    db().sql() << "UPDATE customers SET national_id = '1234567890', phone = "
                  "'+989120000000' WHERE external_id = 'C4'";
  }

  int64_t IdOf(const std::string& external_id) {
    auto rows =
        testing::Rows(db(), "SELECT id FROM customers WHERE external_id = '" +
                                external_id + "'");
    return rows.size() == 1 ? std::stoll(rows[0]) : 0;
  }

  json RunJson() {
    auto run = Vafa({"quality", "--format", "json"}, /*with_stderr=*/false);
    EXPECT_EQ(run.exit_code, 0) << run.output;
    return json::parse(run.output);
  }
};

const json& FieldOf(const json& report, const std::string& name) {
  for (const json& field : report["fields"]) {
    if (field["field"] == name) return field;
  }
  static const json kNone;
  return kNone;
}

const json& ProblemOf(const json& report, const std::string& field,
                      const std::string& code) {
  for (const json& problem : report["problems"]) {
    if (problem["field"] == field && problem["code"] == code) return problem;
  }
  static const json kNone;
  return kNone;
}

TEST_P(QualityTest, CountsPlantedProblemsFieldByField) {
  PlantProblems();
  if (HasFatalFailure()) return;
  const json report = RunJson();
  EXPECT_EQ(report["customers"], 6);
  EXPECT_EQ(report["customers_with_problems"], 4);  // C3, C4, C5, C6
  EXPECT_TRUE(report["previous"].is_null());

  const json& national_id = FieldOf(report, "national_id");
  EXPECT_EQ(national_id["filled"], 2);
  EXPECT_EQ(national_id["invalid"], 1);
  const json& phone = FieldOf(report, "phone");
  EXPECT_EQ(phone["filled"], 6);
  EXPECT_EQ(phone["invalid"], 1);
  const json& email = FieldOf(report, "email");
  EXPECT_EQ(email["filled"], 3);
  EXPECT_EQ(email["invalid"], 1);
  EXPECT_DOUBLE_EQ(email["completeness"].get<double>(), 0.5);
  const json& birth = FieldOf(report, "birth_date");
  EXPECT_EQ(birth["filled"], 4);
  EXPECT_EQ(birth["invalid"], 1);
  EXPECT_EQ(birth["inconsistent"], 1);
  const json& city = FieldOf(report, "city");
  EXPECT_EQ(city["filled"], 6);
  EXPECT_EQ(city["inconsistent"], 1);
  EXPECT_EQ(FieldOf(report, "province")["invalid"], 0);

  EXPECT_EQ(ProblemOf(report, "national_id", "wrong_check_digit")["examples"],
            json::array({IdOf("C4")}));
  EXPECT_EQ(ProblemOf(report, "phone", "placeholder")["examples"],
            json::array({IdOf("C4")}));
  EXPECT_EQ(ProblemOf(report, "email", "syntax")["examples"],
            json::array({IdOf("C3")}));
  EXPECT_EQ(ProblemOf(report, "city", "in_other_province")["examples"],
            json::array({IdOf("C3")}));
  EXPECT_EQ(ProblemOf(report, "birth_date", "after_first_purchase")["examples"],
            json::array({IdOf("C5")}));
  EXPECT_EQ(ProblemOf(report, "birth_date", "in_the_future")["examples"],
            json::array({IdOf("C6")}));
  EXPECT_EQ(report["problems"].size(), 6u);

  EXPECT_EQ(report["duplicates"]["pairs"], 1);
  EXPECT_EQ(report["duplicates"]["customers_in_groups"], 2);
  EXPECT_EQ(report["duplicates"]["example_groups"],
            json::array({json::array({IdOf("C1"), IdOf("C2")})}));
  // Nobody has a channel, join date or language (6 affected each); then
  // national id (5 missing or invalid), e-mail (3 missing, 1 invalid) and
  // birth date (2 missing, 1 invalid, 1 inconsistent) tie by the field order.
  std::vector<std::string> worst;
  for (const json& field : report["worst_fields"]) {
    worst.push_back(field["field"].get<std::string>() + " " +
                    std::to_string(field["affected"].get<int>()));
  }
  EXPECT_EQ(worst, (std::vector<std::string>{"acquisition_channel 6",
                                             "joined_at 6", "language 6",
                                             "national_id 5", "email 4"}));
}

TEST_P(QualityTest, EachRunIsStoredAndShowsTheChangeSinceThePrevious) {
  PlantProblems();
  if (HasFatalFailure()) return;
  const json first = RunJson();
  db().sql() << "UPDATE customers SET email = 'ali@example.com' WHERE "
                "external_id = 'C3'";
  db().sql() << "UPDATE customers SET birth_date = '1999-01-01' WHERE "
                "external_id = 'C6'";
  auto text = Vafa({"quality"});
  ASSERT_EQ(text.exit_code, 0) << text.output;
  EXPECT_THAT(text.output, HasSubstr("6 customers, 3 with an invalid"));
  EXPECT_THAT(text.output,
              HasSubstr("Since run " +
                        std::to_string(first["run"]["id"].get<int64_t>()) +
                        ": customers 0, with a problem -1, duplicate pairs 0"));
  EXPECT_THAT(text.output,
              HasSubstr("national_id check digit wrong: 1 customers (e.g. #" +
                        std::to_string(IdOf("C4")) + ")"));
  EXPECT_THAT(text.output, HasSubstr("1 pairs, 2 customers in 1 groups"));

  const auto runs = testing::Rows(
      db(),
      "SELECT customers, customers_with_problems, duplicate_pairs FROM "
      "quality_runs ORDER BY id");
  EXPECT_EQ(runs, (std::vector<std::string>{"6|4|1", "6|3|1"}));
  EXPECT_EQ(testing::Rows(db(), "SELECT COUNT(*) FROM quality_run_fields"),
            std::vector<std::string>{"28"});

  const json third = RunJson();
  EXPECT_EQ(third["change"]["customers_with_problems"], 0);
  EXPECT_EQ(FieldOf(third, "email")["change"]["affected"], 0);
  EXPECT_EQ(third["previous"]["id"].get<int64_t>(),
            first["run"]["id"].get<int64_t>() + 1);
}

TEST_P(QualityTest, TheChangeIsPerField) {
  PlantProblems();
  if (HasFatalFailure()) return;
  RunJson();
  db().sql() << "UPDATE customers SET email = 'ali@example.com' WHERE "
                "external_id = 'C3'";
  const json second = RunJson();
  EXPECT_EQ(FieldOf(second, "email")["change"]["affected"], -1);
  EXPECT_DOUBLE_EQ(FieldOf(second, "email")["change"]["validity"].get<double>(),
                   1.0 / 3.0);
  EXPECT_EQ(FieldOf(second, "phone")["change"]["affected"], 0);
  EXPECT_EQ(second["change"]["customers_with_problems"], 0);  // C3's city
}

// Overall completeness: every field's filled values among its applicable
// ones, added up here from the run's own fields.
double OverallCompleteness(const json& report) {
  int64_t filled = 0, applicable = 0;
  for (const json& field : report["fields"]) {
    filled += field["filled"].get<int64_t>();
    applicable += field["applicable"].get<int64_t>();
  }
  return static_cast<double>(filled) / static_cast<double>(applicable);
}

TEST_P(QualityTest, HistoryListsTheRunsWithTheFiguresOfEachRun) {
  PlantProblems();
  if (HasFatalFailure()) return;
  const json first = RunJson();
  // The worst fields name their customers: e-mail is missing for C2, C4
  // and C6 and invalid for C3.
  for (const json& worst : first["worst_fields"]) {
    if (worst["field"] != "email") continue;
    EXPECT_EQ(worst["examples"],
              json::array({IdOf("C2"), IdOf("C3"), IdOf("C4"), IdOf("C6")}));
  }
  EXPECT_DOUBLE_EQ(first["overall"]["completeness"].get<double>(),
                   OverallCompleteness(first));
  db().sql() << "UPDATE customers SET email = 'c2@example.com' WHERE "
                "external_id = 'C2'";
  const json second = RunJson();
  EXPECT_GT(second["change"]["completeness"].get<double>(), 0.0);

  auto listed = Vafa({"quality", "--history", "--format", "json"},
                     /*with_stderr=*/false);
  ASSERT_EQ(listed.exit_code, 0) << listed.output;
  const json history = json::parse(listed.output);
  ASSERT_EQ(history["items"].size(), 2u);
  const json& newest = history["items"][0];
  EXPECT_EQ(newest["run"], second["run"]);
  EXPECT_EQ(newest["overall"], second["overall"]);
  EXPECT_EQ(newest["change"]["completeness"], second["change"]["completeness"]);
  EXPECT_EQ(newest["change"]["validity"], second["change"]["validity"]);
  EXPECT_EQ(newest["customers_with_problems"],
            second["customers_with_problems"]);
  EXPECT_EQ(history["items"][1]["overall"], first["overall"]);
  EXPECT_TRUE(history["items"][1]["change"].is_null());
  // Nothing was measured: still two runs.
  EXPECT_EQ(testing::Rows(db(), "SELECT COUNT(*) FROM quality_runs"),
            std::vector<std::string>{"2"});

  auto one = Vafa({"quality", "--history", "--limit", "1", "--format", "json"},
                  /*with_stderr=*/false);
  ASSERT_EQ(one.exit_code, 0) << one.output;
  const json latest = json::parse(one.output);
  ASSERT_EQ(latest["items"].size(), 1u);
  EXPECT_FALSE(latest["items"][0]["change"].is_null());

  auto text = Vafa({"quality", "--history"});
  ASSERT_EQ(text.exit_code, 0) << text.output;
  EXPECT_THAT(text.output, HasSubstr("complete"));
  EXPECT_THAT(
      text.output,
      HasSubstr(std::to_string(second["run"]["id"].get<int64_t>()) + " "));
  EXPECT_THAT(text.output, HasSubstr(" pts"));
}

TEST_P(QualityTest, AnEmptyWorkspaceHasNoProblemsAndAMissingOneIsNamed) {
  auto missing = Vafa({"quality"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.output, HasSubstr("shop"));
  ASSERT_NE(AddWorkspace("shop"), 0);
  auto history = Vafa({"quality", "--history"});
  EXPECT_EQ(history.exit_code, 0) << history.output;
  EXPECT_THAT(history.output, HasSubstr("vafa quality makes one"));
  const json report = RunJson();
  EXPECT_EQ(report["customers"], 0);
  EXPECT_TRUE(report["problems"].empty());
  EXPECT_TRUE(report["worst_fields"].empty());
}

VAFA_INSTANTIATE_BACKEND_TEST(QualityTest);

}  // namespace
}  // namespace vafa
