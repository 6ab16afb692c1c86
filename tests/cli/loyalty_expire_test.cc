// vafa loyalty expire: points whose expiry has passed expire once, as
// `expire` entries in the ledger, on both backends; the balance drops by
// them, and a second run expires nothing more.
#include <gmock/gmock.h>
#include <soci/soci.h>

#include <regex>
#include <string>

#include "store/store_test_support.h"
#include "tests/cli/run_command.h"

namespace vafa {
namespace {

using ::testing::HasSubstr;

long long Number(store::Database& db, const std::string& sql) {
  long long n = 0;
  soci::indicator none = soci::i_ok;
  db.sql() << sql, soci::into(n, none);
  return none == soci::i_null ? 0 : n;
}

// The points a `vafa loyalty expire` line printed for workspace "demo".
long long PrintedPoints(const std::string& output) {
  std::smatch match;
  static const std::regex kLine(
      "workspace demo: expired (\\d+) points in (\\d+) entries of (\\d+) "
      "customers");
  EXPECT_TRUE(std::regex_search(output, match, kLine)) << output;
  return match.empty() ? -1 : std::stoll(match[1]);
}

class LoyaltyExpireTest : public store::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // A year of orders up to 2021-06-01, posted to the ledger by the demo:
    // each earns points that expire 365 days after its order.
    auto demo = Vafa({"demo", "--customers", "60", "--seed", "7", "--years",
                      "1", "--end", "2021-06-01"});
    ASSERT_EQ(demo.exit_code, 0) << demo.output;
  }

  testing::CommandResult Vafa(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", scratch_->location()});
    return testing::RunVafa(args);
  }
  long long Balance() {
    return Number(db(), "SELECT SUM(points) FROM loyalty_ledger");
  }
  long long Expired() {
    return -Number(db(),
                   "SELECT SUM(points) FROM loyalty_ledger WHERE kind = "
                   "'expire'");
  }
};

TEST_P(LoyaltyExpireTest, ExpiresPointsPastTheirTimeOnceAndTheBalanceDrops) {
  const long long earned = Balance();
  ASSERT_GT(earned, 0);
  ASSERT_EQ(Expired(), 0);

  // Nothing had expired by the first order's day.
  auto none = Vafa({"loyalty", "expire", "--as-of", "2020-06-01"});
  ASSERT_EQ(none.exit_code, 0) << none.output;
  EXPECT_THAT(none.output, HasSubstr("workspace demo: expired 0 points in 0 "
                                     "entries of 0 customers"));
  EXPECT_EQ(Balance(), earned);

  // By 2021-09-01 the orders of June to August 2020 have expired, and only
  // they: every expiry is dated by then, and points earned later stay.
  auto some = Vafa(
      {"--workspace", "demo", "loyalty", "expire", "--as-of", "2021-09-01"});
  ASSERT_EQ(some.exit_code, 0) << some.output;
  const long long first = PrintedPoints(some.output);
  EXPECT_GT(first, 0);
  EXPECT_LT(first, earned);
  EXPECT_EQ(Expired(), first);
  EXPECT_EQ(Balance(), earned - first);
  EXPECT_EQ(Number(db(),
                   "SELECT COUNT(*) FROM loyalty_ledger WHERE kind = 'expire' "
                   "AND at > 1630454400"),  // 2021-09-01
            0);
  EXPECT_EQ(Number(db(),
                   "SELECT COUNT(*) FROM loyalty_ledger e JOIN loyalty_ledger "
                   "l ON l.id = e.source_entry_id WHERE e.kind = 'expire' AND "
                   "(l.kind <> 'earn' OR l.expires_at <> e.at)"),
            0);

  // Now every lot is past its year: the balance is spent to nothing.
  auto rest = Vafa({"loyalty", "expire", "--workspace", "demo"});
  ASSERT_EQ(rest.exit_code, 0) << rest.output;
  EXPECT_EQ(first + PrintedPoints(rest.output), earned);
  EXPECT_EQ(Balance(), 0);
  EXPECT_EQ(
      Number(db(), "SELECT COUNT(*) FROM loyalty_ledger WHERE kind = 'expire'"),
      Number(db(),
             "SELECT COUNT(*) FROM loyalty_ledger WHERE kind = 'earn' "
             "AND points > 0"));

  // A second run finds nothing left to expire.
  auto again = Vafa({"loyalty", "expire"});
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(PrintedPoints(again.output), 0);
  EXPECT_EQ(Balance(), 0);
}

TEST_P(LoyaltyExpireTest, RefusesADateInTheFutureAndAnUnknownWorkspace) {
  auto future = Vafa({"loyalty", "expire", "--as-of", "2999-01-01"});
  EXPECT_EQ(future.exit_code, 1);
  EXPECT_THAT(future.output, HasSubstr("--as-of 2999-01-01: is in the future"));
  auto unknown = Vafa({"loyalty", "expire", "--workspace", "nowhere"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_THAT(unknown.output, HasSubstr("no workspace \"nowhere\""));
  EXPECT_EQ(Expired(), 0);
}

VAFA_INSTANTIATE_BACKEND_TEST(LoyaltyExpireTest);

}  // namespace
}  // namespace vafa
