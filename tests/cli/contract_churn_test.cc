// `vafa churn --contracts` through the binary, on SQLite and PostgreSQL: on
// the bank demo the learned model ranks closings as well as the planted
// causes do and names them as the reasons (a branch regular who moved away
// among them); and balances, closings, complaints and branch visits dated
// after the cutoff change nothing it reports.
#include <gmock/gmock.h>
#include <soci/soci.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "demo/bank_generator.h"
#include "tests/cli/cli_store_test.h"
#include "tests/cli/store_rows.h"

namespace vafa {
namespace {

std::vector<std::vector<std::string>> ReadCsv(const std::string& path) {
  std::vector<std::vector<std::string>> rows;
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> fields;
    std::stringstream split(line);
    std::string field;
    while (std::getline(split, field, ',')) fields.push_back(field);
    if (!line.empty() && line.back() == ',') fields.emplace_back();
    rows.push_back(std::move(fields));
  }
  return rows;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream out;
  out << in.rdbuf();
  return out.str();
}

// The Mann-Whitney AUC, ties counting a half.
double Auc(const std::vector<double>& score, const std::vector<int>& label) {
  double pairs = 0, above = 0;
  for (size_t i = 0; i < score.size(); ++i) {
    if (label[i] != 1) continue;
    for (size_t j = 0; j < score.size(); ++j) {
      if (label[j] != 0) continue;
      ++pairs;
      above += score[i] > score[j] ? 1 : score[i] == score[j] ? 0.5 : 0;
    }
  }
  return above / pairs;
}

// How well the planted causes themselves rank the closings of
// (cutoff, as_of]: the demo's chance of closing after the causes known at
// the cutoff (1 - the product of 1 - each cause's chance of ending in a
// closing, bank_generator.h) as the score of every customer who held
// something at the cutoff. ISO days compare as text.
double PlantedCauseAuc(const std::string& folder, const std::string& cutoff,
                       const std::string& as_of) {
  std::map<std::string, std::string> first_opened;
  for (const auto& h : ReadCsv(folder + "/holdings.csv")) {
    auto [at, added] = first_opened.try_emplace(h[1], h[5]);
    if (!added) at->second = std::min(at->second, h[5]);
  }
  std::vector<double> score;
  std::vector<int> label;
  // customer_id,segment,salary_stopped_on,complained_on,card_unused_on,
  // closed_on,moved_on,branch_regular
  for (const auto& t : ReadCsv(folder + "/bank_truth.csv")) {
    auto opened = first_opened.find(t[0]);
    if (opened == first_opened.end() || opened->second > cutoff) continue;
    const std::string& closed = t[5];
    if (!closed.empty() && closed <= cutoff) continue;
    double stays = 1;
    if (!t[2].empty() && t[2] <= cutoff)
      stays *= 1 - demo::kSalaryStoppedCloses;
    if (!t[3].empty() && t[3] <= cutoff) stays *= 1 - demo::kComplaintCloses;
    if (!t[4].empty() && t[4] <= cutoff) stays *= 1 - demo::kCardUnusedCloses;
    if (!t[6].empty() && t[6] <= cutoff) stays *= 1 - demo::kMovedCloses;
    score.push_back(1 - stays);
    label.push_back(!closed.empty() && closed < as_of ? 1 : 0);
  }
  return Auc(score, label);
}

class ContractChurnTest : public testing::CliStoreTest {
 protected:
  std::string Folder(const std::string& name) {
    return (folder_ / name).string();
  }
  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = Folder(name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  void MakeBank(int customers) {
    auto made = Vafa({"demo", "--kind", "bank", "--customers",
                      std::to_string(customers), "--end", "2026-11-30", "--out",
                      Folder("bank")});
    ASSERT_EQ(made.exit_code, 0) << made.output;
  }
};

TEST_P(ContractChurnTest, RanksClosingsAsThePlantedCausesDoAndNamesThem) {
  MakeBank(4000);
  auto run = Vafa({"churn", "--contracts", "--horizon-months", "6", "--threads",
                   "2", "--format", "json"},
                  /*with_stderr=*/false);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const auto document = nlohmann::json::parse(run.output);
  ASSERT_TRUE(document["evidence"]["learned_models"].get<bool>())
      << document["evidence"]["refusal"];
  double chosen_auc = 0, rules_auc = 0;
  for (const auto& model : document["models"]) {
    if (model["model"] == document["chosen_model"]) chosen_auc = model["auc"];
    if (model["model"] == "rules") rules_auc = model["auc"];
  }
  const double planted = PlantedCauseAuc(
      Folder("bank"), document["training_cutoff"], document["as_of"]);
  // The causes precede the closing by months, so they are seen at the
  // cutoff; some close with no sign and some show signs and stay. On 5,000
  // customers the learned models reach 0.91 to 0.94 (docs/holdings.md);
  // 0.8 leaves room for a holdout of about 40 closers.
  EXPECT_GT(planted, 0.85);
  EXPECT_GE(chosen_auc, 0.8) << "planted causes: " << planted;
  EXPECT_GE(chosen_auc, planted - 0.05) << "planted causes: " << planted;
  // The rule model reads the causes through named features; one of them
  // broken (complaints not counted) takes it under 0.8.
  EXPECT_GE(rules_auc, 0.8);
  // The reasons given first to the customers at risk: the two strongest
  // planted causes lead, and the third is named too.
  std::vector<std::pair<int64_t, std::string>> first;
  std::map<std::string, int64_t> named;
  for (const auto& reason : document["reasons_at_risk"]) {
    first.emplace_back(reason["first"], reason["reason"]);
    named[reason["reason"]] = reason["customers"];
  }
  std::sort(first.rbegin(), first.rend());
  ASSERT_GE(first.size(), 2u);
  EXPECT_THAT((std::vector<std::string>{first[0].second, first[1].second}),
              ::testing::UnorderedElementsAre("credits_stopped", "complaint"));
  EXPECT_GT(named["card_unused"], 10);
  EXPECT_GT(named["branch_stopped"], 10);
  // Reasons and stages in words for the riskiest.
  ASSERT_FALSE(document["top"].empty());
  std::string whys;
  for (const auto& top : document["top"]) {
    EXPECT_FALSE(top["why"].get<std::string>().empty());
    whys += top["why"].get<std::string>() + "\n";
  }
  EXPECT_THAT(whys, ::testing::HasSubstr("salary-like credit"));
  // Stored per held customer, usable in segments like churn's.
  long long stored = 0, at_risk = 0;
  db().sql() << "SELECT COUNT(*) FROM scores WHERE name = "
                "'contract_close_risk' AND value >= 0 AND value <= 1",
      soci::into(stored);
  db().sql() << "SELECT COUNT(*) FROM scores WHERE name = "
                "'contract_close_stage' AND label IN ('awareness', 'search', "
                "'transfer')",
      soci::into(at_risk);
  EXPECT_EQ(stored, document["customers_held"].get<int64_t>());
  EXPECT_GT(at_risk, 0);
  // The branch regulars who stopped coming are the ones who moved away:
  // most customers whose stored reasons name it had moved (planted) by the
  // day of the analysis. The label holds each reason with its value.
  std::map<std::string, std::string> moved;
  for (const auto& t : ReadCsv(Folder("bank") + "/bank_truth.csv")) {
    if (!t[6].empty()) moved[t[0]] = t[6];
  }
  soci::rowset<soci::row> rows =
      (db().sql().prepare
       << "SELECT c.external_id, s.label FROM scores s JOIN customers c ON "
          "c.id = s.customer_id WHERE s.name = 'contract_close_reasons' AND "
          "s.label LIKE '%branch_stopped:%'");
  int flagged = 0, planted_movers = 0;
  for (const soci::row& row : rows) {
    ++flagged;
    auto found = moved.find(row.get<std::string>(0));
    planted_movers += found != moved.end() &&
                      found->second < document["as_of"].get<std::string>();
  }
  EXPECT_GT(flagged, 10);
  EXPECT_GT(planted_movers, flagged / 2) << planted_movers << " of " << flagged;
}

TEST_P(ContractChurnTest, WhatIsDatedAfterTheCutoffChangesNothing) {
  MakeBank(1500);
  const std::vector<std::string> args = {
      "churn", "--contracts", "--as-of", "2026-06-01", "--horizon-months",
      "3",     "--threads",   "1",       "--format",   "json",
      "--out"};
  auto Run = [&](const std::string& out) {
    std::vector<std::string> with = args;
    with.push_back(Folder(out));
    auto run = Vafa(with, /*with_stderr=*/false);
    EXPECT_EQ(run.exit_code, 0) << run.output;
    return run.output;
  };
  const std::string before = Run("before");
  // Balances, closings and complaints after the cutoff (the complaints made
  // at the branch: branch visits too).
  std::string balances = "account_number,date,balance,credit_limit,arrears\n";
  std::string holdings =
      "account_number,customer_id,product,product_type,open_date,close_date\n";
  std::string complaints = "interaction_id,customer_id,date,type,channel\n";
  int changed = 0;
  for (const auto& h : ReadCsv(Folder("bank") + "/holdings.csv")) {
    if (h[5] > "2026-05-01" || !h[6].empty() || ++changed > 300) continue;
    balances += h[0] + ",2026-06-30,1,5,999999\n";
    balances += h[0] + ",2026-06-02,-7,,\n";
    if (changed % 2 == 0) {
      holdings += h[0] + "," + h[1] + "," + h[2] + "," + h[4] + "," + h[5] +
                  ",2026-06-15\n";
    }
    complaints +=
        "late-" + h[0] + "," + h[1] + ",2026-06-03,complaint,branch\n";
  }
  ASSERT_GT(changed, 300);
  for (const auto& [kind, file] :
       {std::pair{"balances", Write("late_balances.csv", balances)},
        std::pair{"holdings", Write("late_holdings.csv", holdings)},
        std::pair{"interactions", Write("late_complaints.csv", complaints)}}) {
    auto imported = Vafa({"import", kind, file});
    ASSERT_EQ(imported.exit_code, 0) << imported.output;
  }
  const std::string after = Run("after");
  EXPECT_EQ(before, after);
  const std::string rows = ReadFile(Folder("before") + "/contract_churn.csv");
  EXPECT_GT(rows.size(), 1000u);
  EXPECT_EQ(rows, ReadFile(Folder("after") + "/contract_churn.csv"));

  // The same kind of change dated before the cutoff is seen.
  std::string early = "account_number,date,balance,credit_limit,arrears\n";
  const auto first = ReadCsv(Folder("bank") + "/holdings.csv").front();
  early += first[0] + ",2026-05-31,1,5,999999\n";
  auto imported = Vafa({"import", "balances", Write("early.csv", early)});
  ASSERT_EQ(imported.exit_code, 0) << imported.output;
  Run("early");
  EXPECT_NE(rows, ReadFile(Folder("early") + "/contract_churn.csv"));
}

// The bank's files read straight (--holdings, --balances, --interactions,
// --customers) give the report of the same files imported: the same
// models, figures, reasons, bands and stages, the same customers at the top
// named by their keys, the same per-customer rows; only the seconds each
// model took to train differ.
TEST_P(ContractChurnTest, TheFilesGiveTheReportOfTheStore) {
  MakeBank(4000);
  const std::vector<std::string> args = {"churn", "--contracts", "--threads",
                                         "2", "--no-scores"};
  auto Run = [&](const std::string& out, std::vector<std::string> more,
                 const std::string& format, const std::string& top = "25") {
    std::vector<std::string> with = args;
    with.insert(with.end(), more.begin(), more.end());
    for (const std::string& each :
         {std::string("--top"), top, std::string("--format"), format,
          std::string("--out")}) {
      with.push_back(each);
    }
    with.push_back(Folder(out));
    auto run = Vafa(with, /*with_stderr=*/false);
    EXPECT_EQ(run.exit_code, 0) << run.output;
    return run.output;
  };
  const std::string bank = Folder("bank");
  const std::vector<std::string> files = {
      "--holdings",     bank + "/holdings.csv",
      "--balances",     bank + "/balances.csv",
      "--interactions", bank + "/interactions.csv",
      "--customers",    bank + "/customers.csv"};
  const std::map<std::string, std::string> key_of_id =
      testing::CustomerKeysById(db());
  auto same_shape = [&](nlohmann::json document, bool from_store) {
    for (auto& model : document["models"]) model.erase("train_seconds");
    if (from_store) {
      for (auto& top : document["top"]) {
        top["customer_id"] =
            key_of_id.at(std::to_string(top["customer_id"].get<int64_t>()));
      }
    }
    return document.dump(1);
  };
  const auto store = nlohmann::json::parse(Run("store", {}, "json"));
  const auto read = nlohmann::json::parse(Run("files", files, "json"));
  ASSERT_EQ(read["top"].size(), 25u);
  ASSERT_TRUE(read["evidence"]["learned_models"].get<bool>());
  EXPECT_GT(read["customers_held"].get<int64_t>(), 1000);
  EXPECT_EQ(same_shape(store, true), same_shape(read, false));
  // contract_churn.csv: the same rows, keyed by the store's ids or the keys.
  const auto store_rows = ReadCsv(Folder("store") + "/contract_churn.csv");
  auto file_rows = ReadCsv(Folder("files") + "/contract_churn.csv");
  ASSERT_EQ(store_rows.size(), file_rows.size());
  for (size_t k = 0; k < store_rows.size(); ++k) {
    std::vector<std::string> expected = store_rows[k];
    expected[0] = key_of_id.at(expected[0]);
    ASSERT_EQ(expected, file_rows[k]) << "row " << k + 2;
  }
  // The text report, byte for byte, once the top list is left out.
  EXPECT_EQ(Run("text", {}, "text", "0"), Run("text", files, "text", "0"));
}

// A complaint written in Persian («شکایت») is a complaint: the import
// stores it as one, so churn read from the store counts it, as it does read
// from the files.
TEST_P(ContractChurnTest, APersianComplaintCountsFromTheStoreAndTheFiles) {
  MakeBank(1500);
  const std::vector<std::string> args = {
      "churn", "--contracts", "--as-of", "2026-06-01",  "--horizon-months",
      "3",     "--threads",   "1",       "--no-scores", "--format",
      "json",  "--out"};
  auto Run = [&](const std::string& out, std::vector<std::string> more) {
    std::vector<std::string> with = args;
    with.push_back(Folder(out));
    with.insert(with.end(), more.begin(), more.end());
    auto run = Vafa(with, /*with_stderr=*/false);
    EXPECT_EQ(run.exit_code, 0) << run.output;
    return ReadCsv(Folder(out) + "/contract_churn.csv");
  };
  const auto before = Run("before", {});
  // Complaints in Persian, before the cutoff, of customers holding an
  // account opened well before it and never closed: they are held then.
  std::string persian =
      "interaction_id,customer_id,date,type,channel,subject\n";
  std::set<std::string> complained;
  for (const auto& h : ReadCsv(Folder("bank") + "/holdings.csv")) {
    if (h[5] > "2026-01-01" || !h[6].empty() || complained.size() >= 200 ||
        !complained.insert(h[1]).second) {
      continue;
    }
    persian += "fa-" + h[1] + "," + h[1] + ",2026-05-10,شکایت,,کارمزد\n";
  }
  ASSERT_EQ(complained.size(), 200u);
  auto imported =
      Vafa({"import", "interactions", Write("persian.csv", persian)});
  ASSERT_EQ(imported.exit_code, 0) << imported.output;
  long long stored = 0;
  db().sql() << "SELECT COUNT(*) FROM interactions WHERE type = 'complaint' "
                "AND external_id LIKE 'fa-%'",
      soci::into(stored);
  EXPECT_EQ(stored, 200);
  const std::map<std::string, std::string> key_of_id =
      testing::CustomerKeysById(db());
  const auto after = Run("after", {});
  ASSERT_EQ(before.size(), after.size());
  ASSERT_GT(after.size(), 500u);
  // The column of the complaints in the last year, by its header.
  const std::vector<std::string> header = [&] {
    std::ifstream in(Folder("after") + "/contract_churn.csv");
    std::string line, field;
    std::getline(in, line);
    std::vector<std::string> out;
    std::stringstream split(line);
    while (std::getline(split, field, ',')) out.push_back(field);
    return out;
  }();
  const size_t complaints =
      std::find(header.begin(), header.end(), "complaints") - header.begin();
  ASSERT_LT(complaints, header.size());
  int seen = 0;
  for (size_t k = 0; k < after.size(); ++k) {
    ASSERT_EQ(before[k][0], after[k][0]);
    if (!complained.contains(key_of_id.at(after[k][0]))) continue;
    ++seen;
    EXPECT_EQ(std::stod(after[k][complaints]),
              std::stod(before[k][complaints]) + 1)
        << "customer " << after[k][0];
  }
  EXPECT_EQ(seen, 200);
  // The files with the same Persian rows give the store's rows.
  const std::string bank = Folder("bank");
  std::string all = ReadFile(bank + "/interactions.csv");
  all += persian.substr(persian.find('\n') + 1);
  const auto files =
      Run("files", {"--holdings", bank + "/holdings.csv", "--balances",
                    bank + "/balances.csv", "--interactions",
                    Write("all_interactions.csv", all), "--customers",
                    bank + "/customers.csv"});
  ASSERT_EQ(files.size(), after.size());
  for (size_t k = 0; k < after.size(); ++k) {
    std::vector<std::string> expected = after[k];
    expected[0] = key_of_id.at(expected[0]);
    ASSERT_EQ(expected, files[k]) << "row " << k + 2;
  }
}

VAFA_INSTANTIATE_BACKEND_TEST(ContractChurnTest);

}  // namespace
}  // namespace vafa
