// vafa duplicates merge, unmerge, merges and scan --auto-merge-above, as a
// user runs them, on both backends; and an auto-merge killed with SIGKILL
// halfway leaves each merge whole or absent.
#include <fcntl.h>
#include <gmock/gmock.h>
#include <signal.h>
#include <soci/soci.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "store/backup.h"
#include "store/store_test_support.h"
#include "tests/child_process.h"
#include "tests/cli/cli_store_test.h"
#include "tests/test_paths.h"

namespace vafa {
namespace {

using ::testing::HasSubstr;

class DuplicateMergesTest : public testing::CliStoreTest {
 protected:
  // Imports the customers and one order of each (`orders`: external ids).
  void Import(const std::string& customers_csv,
              const std::vector<std::string>& orders) {
    const std::string customers = (folder_ / "customers.csv").string();
    const std::string transactions = (folder_ / "transactions.csv").string();
    std::ofstream(customers) << customers_csv;
    std::ofstream lines(transactions);
    lines << "customer_id,date,order_id,product,quantity,amount\n";
    for (size_t i = 0; i < orders.size(); ++i) {
      lines << orders[i] << ",2025-03-1" << i % 10 << ",O" << i << ",P1,1,"
            << 10000 + i << "\n";
    }
    lines.close();
    auto imported = Vafa({"import", "customers", customers});
    ASSERT_EQ(imported.exit_code, 0) << imported.output;
    imported = Vafa({"import", "transactions", transactions});
    ASSERT_EQ(imported.exit_code, 0) << imported.output;
  }

  long long Number(const std::string& sql) {
    long long n = 0;
    soci::indicator ind = soci::i_ok;
    db().sql() << sql, soci::into(n, ind);
    return ind == soci::i_ok ? n : 0;
  }
  long long IdOf(const std::string& external_id) {
    return Number("SELECT id FROM customers WHERE external_id = '" +
                  external_id + "'");
  }

  // Every table's checksum but the merge records and the audit log.
  std::map<std::string, std::string> Checksums() {
    auto digests = store::DigestStore(db());
    EXPECT_TRUE(digests.ok()) << digests.status().ToString();
    std::map<std::string, std::string> out;
    if (!digests.ok()) return out;
    for (const store::TableDigest& table : *digests) {
      if (table.table.starts_with("customer_merge") ||
          table.table.starts_with("audit_")) {
        continue;
      }
      out[table.table] = store::ChecksumText(table.checksum);
    }
    return out;
  }
};

TEST_P(DuplicateMergesTest, MergeListUnmergeAndAutoMergeABatch) {
  Import(
      "external_id,first_name,last_name,phone,email,city\n"
      "C1,سارا,رحیمی,09121110000,,تهران\n"
      "C2,Sara,Rahimi,+98 912 111 0000,sara@example.com,Tehran\n"
      "C3,سارا,رحيمي,00989121110000,,تهران\n"
      "C4,علی,محمدی,09122220000,,شیراز\n"
      "C5,مریم,محمدی,09122220000,,شیراز\n",
      {"C1", "C2", "C3", "C4", "C5"});
  const auto before = Checksums();
  const std::string c1 = std::to_string(IdOf("C1"));
  const std::string c2 = std::to_string(IdOf("C2"));

  auto merged = Vafa({"duplicates", "merge", "--keep", c1, "--other", c2,
                      "--take", "email=other", "--format", "json"},
                     /*with_stderr=*/false);
  ASSERT_EQ(merged.exit_code, 0) << merged.output;
  const auto merge = nlohmann::json::parse(merged.output)["merge"];
  EXPECT_EQ(merge["moved"]["orders"], 1);
  EXPECT_EQ(merge["fields_from_other"], nlohmann::json::array({"email"}));
  EXPECT_EQ(Number("SELECT COUNT(*) FROM orders WHERE customer_id = " + c1), 2);
  EXPECT_EQ(Number("SELECT COUNT(*) FROM customers WHERE email = "
                   "'sara@example.com' AND id = " +
                   c1),
            1);
  auto again = Vafa({"duplicates", "merge", "--keep", c1, "--other", c2});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_THAT(again.output, HasSubstr("already merged into customer " + c1));
  auto itself = Vafa({"duplicates", "merge", "--keep", c1, "--other", c1});
  EXPECT_EQ(itself.exit_code, 1);
  EXPECT_THAT(itself.output, HasSubstr("cannot be merged into itself"));
  EXPECT_EQ(Vafa({"duplicates", "merge", "--keep", c1, "--other", c2, "--take",
                  "colour=other"})
                .exit_code,
            1);

  auto listed = Vafa({"duplicates", "merges"});
  ASSERT_EQ(listed.exit_code, 0) << listed.output;
  EXPECT_THAT(listed.output, HasSubstr(c2 + " into " + c1));
  const std::string id = std::to_string(merge["id"].get<int64_t>());
  auto undone = Vafa({"duplicates", "unmerge", id});
  ASSERT_EQ(undone.exit_code, 0) << undone.output;
  EXPECT_EQ(Checksums(), before);
  EXPECT_THAT(Vafa({"duplicates", "unmerge", id}).output,
              HasSubstr("undone already"));

  // The three records of Sara share a phone and merge into the first (the
  // Latin spelling is 0.89 like the Persian); the family sharing a phone
  // does not merge (their first names differ).
  auto automatic = Vafa(
      {"duplicates", "scan", "--auto-merge-above", "0.85", "--format", "json"},
      /*with_stderr=*/false);
  ASSERT_EQ(automatic.exit_code, 0) << automatic.output;
  const auto report = nlohmann::json::parse(automatic.output);
  EXPECT_EQ(report["merged"], 2) << automatic.output;
  EXPECT_EQ(report["refused"], 0);
  EXPECT_EQ(Number("SELECT COUNT(*) FROM orders WHERE customer_id = " + c1), 3);
  EXPECT_EQ(Number("SELECT COUNT(*) FROM customers WHERE deleted_at IS NULL"),
            3);
  const std::string batch = report["batch"];
  auto batch_undone = Vafa({"duplicates", "unmerge", "--batch", batch});
  ASSERT_EQ(batch_undone.exit_code, 0) << batch_undone.output;
  EXPECT_THAT(batch_undone.output, HasSubstr("2 merges of batch"));
  EXPECT_EQ(Checksums(), before);
}

// Many pairs merged with a pause inside each merge's transaction
// ($VAFA_TEST_MERGE_PAUSE_MS); the process is killed once a few merges
// have committed. Each pair is then wholly merged or wholly apart, and
// unmerge --batch restores the store.
TEST_P(DuplicateMergesTest, AnImportRowNamingAMergedCustomerIsRefused) {
  Import(
      "external_id,first_name,last_name,phone\n"
      "M1,Sara,Rahimi,09121110000\n"
      "M2,Sara,Rahimi,+98 912 111 0000\n",
      {"M1", "M2"});
  const std::string kept = std::to_string(IdOf("M1"));
  ASSERT_EQ(Vafa({"duplicates", "merge", "--keep", kept, "--other",
                  std::to_string(IdOf("M2"))})
                .exit_code,
            0);
  const std::string update = (folder_ / "update.csv").string();
  std::ofstream(update) << "external_id,first_name,last_name,city\n"
                        << "M1,Sara,Rahimi,Tehran\n"
                        << "M2,Sara,Rahimi,Tabriz\n";
  for (const char* mode : {"update", "upsert"}) {
    auto refused = Vafa({"import", "customers", update, "--mode", mode});
    EXPECT_EQ(refused.exit_code, 1) << mode << ": " << refused.output;
    EXPECT_THAT(refused.output, HasSubstr("update.csv:3"));
    EXPECT_THAT(refused.output, HasSubstr("merged into customer " + kept))
        << mode;
  }
  EXPECT_EQ(Number("SELECT COUNT(*) FROM customers WHERE city IS NOT NULL AND "
                   "city <> ''"),
            0);
  // The kept customer's own key is imported as any other.
  std::ofstream(update) << "external_id,first_name,last_name,city\n"
                        << "M1,Sara,Rahimi,Tehran\n";
  auto kept_row = Vafa({"import", "customers", update, "--mode", "update"});
  EXPECT_EQ(kept_row.exit_code, 0) << kept_row.output;
  EXPECT_EQ(Number("SELECT COUNT(*) FROM customers WHERE city = 'Tehran' AND "
                   "id = " +
                   kept),
            1);
}

TEST_P(DuplicateMergesTest, KilledAutoMergeLeavesEachMergeWholeOrAbsent) {
  const char* first[] = {"Sara", "Ali",   "Reza", "Maryam",
                         "Omid", "Leila", "Nima", "Zahra"};
  const char* last[] = {"Rahimi", "Karimi", "Ahmadi", "Nouri", "Tehrani"};
  std::string csv = "external_id,first_name,last_name,phone\n";
  std::vector<std::string> orders;
  int pairs = 0;
  for (const char* given : first) {
    for (const char* family : last) {
      const std::string phone = "0912" + std::to_string(3000000 + pairs);
      for (const char* copy : {"a", "b"}) {
        const std::string id = "P" + std::to_string(pairs) + copy;
        csv += id + "," + given + "," + family + "," + phone + "\n";
        orders.push_back(id);
      }
      ++pairs;
    }
  }
  Import(csv, orders);
  const auto before = Checksums();

  pid_t child = ::vafa::testing::ForkChildOfTest();
  if (child == 0) {
    int null = ::open("/dev/null", O_WRONLY);
    dup2(null, 1);
    dup2(null, 2);
    setenv("VAFA_TEST_MERGE_PAUSE_MS", "40", 1);
    execl(::vafa::testing::kVafaBinary, "vafa", "--db",
          scratch_->location().c_str(), "--workspace", "shop", "duplicates",
          "scan", "--auto-merge-above", "0.9", static_cast<char*>(nullptr));
    _exit(127);
  }
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (Number("SELECT COUNT(*) FROM customer_merges") < 3 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(child, SIGKILL);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_FALSE(WIFEXITED(status)) << "the auto-merge ended before the kill";

  const long long merges = Number("SELECT COUNT(*) FROM customer_merges");
  EXPECT_GE(merges, 3);
  EXPECT_LT(merges, pairs);
  int whole = 0;
  for (int pair = 0; pair < pairs; ++pair) {
    const std::string a =
        std::to_string(IdOf("P" + std::to_string(pair) + "a"));
    const std::string b =
        std::to_string(IdOf("P" + std::to_string(pair) + "b"));
    const long long merged =
        Number("SELECT COUNT(*) FROM customer_merges WHERE kept_id = " + a +
               " AND other_id = " + b);
    const long long orders_of_a =
        Number("SELECT COUNT(*) FROM orders WHERE customer_id = " + a);
    const long long hidden =
        Number("SELECT COUNT(*) FROM customers WHERE merged_into = " + a +
               " AND id = " + b + " AND deleted_at IS NOT NULL");
    const long long terms_of_b = Number(
        "SELECT COUNT(*) FROM customer_search_terms WHERE customer_id = " + b);
    if (merged == 1) {
      ++whole;
      EXPECT_EQ(orders_of_a, 2) << "pair " << pair;
      EXPECT_EQ(hidden, 1) << "pair " << pair;
      EXPECT_EQ(terms_of_b, 0) << "pair " << pair;
    } else {
      EXPECT_EQ(orders_of_a, 1) << "pair " << pair << " half merged";
      EXPECT_EQ(hidden, 0) << "pair " << pair << " half merged";
      EXPECT_GT(terms_of_b, 0) << "pair " << pair << " half merged";
    }
  }
  EXPECT_EQ(whole, merges);

  std::string batch;
  db().sql() << "SELECT MIN(batch) FROM customer_merges", soci::into(batch);
  auto undone = Vafa({"duplicates", "unmerge", "--batch", batch});
  ASSERT_EQ(undone.exit_code, 0) << undone.output;
  EXPECT_EQ(Checksums(), before);
}

VAFA_INSTANTIATE_BACKEND_TEST(DuplicateMergesTest);

}  // namespace
}  // namespace vafa
