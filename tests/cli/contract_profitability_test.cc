// `vafa profitability --contracts` through the binary, on SQLite and
// PostgreSQL, on a bank demo: the totals are the sums of the customers'
// figures, the customers come most profitable first, the key-customer
// reports rank by that profit, the channel mix moves to the mobile app
// and saves money against the first quarter's mix, and bad input is named.
#include <gmock/gmock.h>
#include <soci/soci.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "tests/cli/cli_store_test.h"

namespace vafa {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

class ContractProfitabilityTest : public testing::CliStoreTest {
 protected:
  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = (folder_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
};

TEST_P(ContractProfitabilityTest, RanksTheBankDemosCustomersByProfit) {
  auto made = Vafa({"demo", "--kind", "bank", "--customers", "1500", "--seed",
                    "3", "--end", "2026-11-30"});
  ASSERT_EQ(made.exit_code, 0) << made.output;
  auto run = Vafa(
      {"profitability", "--contracts", "--format", "json", "--top", "1000000"},
      /*with_stderr=*/false);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const json report = json::parse(run.output);
  EXPECT_EQ(report["to"], "2026-10-31");  // the latest month-end balance
  EXPECT_EQ(report["from"], "2025-11-01");
  EXPECT_EQ(report["default_rates"], true);
  const json& totals = report["totals"];
  const auto& items = report["items"];
  EXPECT_GT(totals["customers"].get<int64_t>(), 1000);
  ASSERT_EQ(items.size(), totals["customers"].get<size_t>());
  int64_t margin = 0, fees = 0, cost = 0, profit = 0, previous = INT64_MAX;
  for (const json& item : items) {
    EXPECT_EQ(item["profit"].get<int64_t>(),
              item["margin"].get<int64_t>() + item["fees"].get<int64_t>() -
                  item["cost_to_serve"].get<int64_t>());
    EXPECT_LE(item["profit"].get<int64_t>(), previous);
    previous = item["profit"];
    margin += item["margin"].get<int64_t>();
    fees += item["fees"].get<int64_t>();
    cost += item["cost_to_serve"].get<int64_t>();
    profit += item["profit"].get<int64_t>();
  }
  EXPECT_EQ(totals["margin"], margin);
  EXPECT_EQ(totals["fees"], fees);
  EXPECT_EQ(totals["cost_to_serve"], cost);
  EXPECT_EQ(totals["profit"], profit);
  EXPECT_GT(margin, 0);
  EXPECT_GT(cost, 0);

  // The CSV of every customer holds the same figures.
  auto csv = Vafa({"profitability", "--contracts", "--report", "profitability"},
                  /*with_stderr=*/false);
  ASSERT_EQ(csv.exit_code, 0) << csv.output;
  std::istringstream lines(csv.output);
  std::string line;
  std::getline(lines, line);
  EXPECT_EQ(line,
            "customer,margin,fees,cost_to_serve,profit,channel_uses,holdings");
  std::getline(lines, line);
  EXPECT_EQ(line.substr(0, line.find(',')), items[0]["customer"]);
  // The text lists the top customers as the report's CSV begins.
  auto text = Vafa({"profitability", "--contracts", "--top", "3"},
                   /*with_stderr=*/false);
  ASSERT_EQ(text.exit_code, 0) << text.output;
  std::istringstream all(csv.output);
  std::string first_lines;
  for (int n = 0; n < 4 && std::getline(all, line); ++n) {
    first_lines += line + "\n";
  }
  EXPECT_EQ(text.output.rfind("Profitability per customer, ", 0), 0u);
  EXPECT_EQ(text.output.substr(text.output.find("\n") + 1), first_lines);

  // ABC classes by profit: the A class earns the most per customer.
  auto abc = Vafa({"profitability", "--contracts", "--report", "abc"},
                  /*with_stderr=*/false);
  ASSERT_EQ(abc.exit_code, 0) << abc.output;
  EXPECT_THAT(abc.output, HasSubstr("class,customers,revenue,profit\nA,"));
  std::istringstream classes(abc.output);
  std::getline(classes, line);
  std::vector<double> per_customer;
  while (std::getline(classes, line)) {
    std::vector<int64_t> cells;
    std::istringstream row(line.substr(2));
    for (std::string cell; std::getline(row, cell, ',');) {
      cells.push_back(std::stoll(cell));
    }
    ASSERT_EQ(cells.size(), 3u) << line;
    per_customer.push_back(cells[0] ? static_cast<double>(cells[2]) / cells[0]
                                    : 0.0);
  }
  ASSERT_EQ(per_customer.size(), 3u);
  EXPECT_GT(per_customer[0], per_customer[1]);
  EXPECT_GT(per_customer[1], per_customer[2]);
}

TEST_P(ContractProfitabilityTest, TheMoveToMobileSavesAgainstTheFirstQuarter) {
  auto made = Vafa({"demo", "--kind", "bank", "--customers", "1500", "--seed",
                    "3", "--end", "2026-11-30"});
  ASSERT_EQ(made.exit_code, 0) << made.output;
  auto run =
      Vafa({"profitability", "--contracts", "--report", "channel_savings",
            "--format", "json", "--from", "2024-01-01"},
           /*with_stderr=*/false);
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const json report = json::parse(run.output);
  const json& periods = report["periods"];
  ASSERT_EQ(periods.size(), 12u);  // 2024-Q1 to 2026-Q4
  EXPECT_EQ(periods[0]["label"], "2024-Q1");
  EXPECT_EQ(periods[11]["label"], "2026-Q4");
  EXPECT_EQ(report["channels"][3], "mobile");
  auto mobile_share = [](const json& p) {
    return p["uses"][3].get<double>() / p["total_uses"].get<double>();
  };
  // The demo's mobile share grows from 15% to 75% over its three years.
  EXPECT_GT(mobile_share(periods[11]), mobile_share(periods[0]) + 0.3);
  EXPECT_EQ(periods[0]["saved"], 0);
  int64_t saved = 0;
  for (const json& p : periods) {
    EXPECT_EQ(p["saved"].get<int64_t>(),
              p["cost_at_first_mix"].get<int64_t>() - p["cost"].get<int64_t>());
    saved += p["saved"].get<int64_t>();
  }
  EXPECT_EQ(report["total_saved"], saved);
  EXPECT_GT(periods[11]["saved"].get<int64_t>(), 0);
  EXPECT_FALSE(report["segments"].empty());  // the demo's branches
  auto mix = Vafa({"profitability", "--contracts", "--report", "channel_mix",
                   "--by", "month", "--from", "2026-10-01"},
                  /*with_stderr=*/false);
  ASSERT_EQ(mix.exit_code, 0) << mix.output;
  EXPECT_THAT(mix.output, HasSubstr("segment,period,channel,uses,share\n"
                                    ",2026-10,branch,"));
}

TEST_P(ContractProfitabilityTest, RatesAreReadAndReplacedFromAFile) {
  auto made = Vafa({"demo", "--kind", "bank", "--customers", "200", "--seed",
                    "4", "--end", "2026-11-30"});
  ASSERT_EQ(made.exit_code, 0) << made.output;
  auto shown = Vafa({"profitability", "--contracts", "--rates"},
                    /*with_stderr=*/false);
  ASSERT_EQ(shown.exit_code, 0) << shown.output;
  const json defaults = json::parse(shown.output);
  EXPECT_EQ(defaults["defaults"], true);
  EXPECT_TRUE(defaults["updated_at"].is_null());
  auto profit_of = [this]() {
    auto run = Vafa({"profitability", "--contracts", "--format", "json"},
                    /*with_stderr=*/false);
    EXPECT_EQ(run.exit_code, 0) << run.output;
    return json::parse(run.output)["totals"];
  };
  const json before = profit_of();

  // A bad file is named by list, index and field and changes nothing.
  auto bad = Vafa(
      {"profitability", "--contracts", "--set-rates",
       Write(
           "bad.json",
           R"({"spreads": [{"product_type": "loan", "valid_from": "2024-01-01", "basis_points": 500},
                 {"product_type": "loan", "valid_from": "2024-02-30", "basis_points": 500}],
                 "fees": [], "channel_costs": []})")});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.output, HasSubstr("spreads[1].valid_from"));
  auto deep = Vafa({"profitability", "--contracts", "--set-rates",
                    Write("deep.json", std::string(100000, '[') +
                                           std::string(100000, ']'))});
  EXPECT_EQ(deep.exit_code, 1);
  EXPECT_THAT(deep.output, HasSubstr("nested deeper"));
  auto missing = Vafa({"profitability", "--contracts", "--set-rates",
                       (folder_ / "none.json").string()});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.output, HasSubstr("cannot be read"));
  EXPECT_EQ(profit_of(), before);

  // Only channel costs, all zero: no cost to serve, no margin, no fees.
  auto set = Vafa({"profitability", "--contracts", "--set-rates",
                   Write("zero.json",
                         R"({"spreads": [], "fees": [], "channel_costs": [
                 {"channel": "branch", "valid_from": "2000-01-01", "cost_minor": 0}]})")},
                  /*with_stderr=*/false);
  ASSERT_EQ(set.exit_code, 0) << set.output;
  const json stored = json::parse(set.output);
  EXPECT_EQ(stored["defaults"], false);
  EXPECT_EQ(stored["channel_costs"].size(), 1u);
  const json after = profit_of();
  EXPECT_EQ(after["margin"], 0);
  EXPECT_EQ(after["fees"], 0);
  EXPECT_EQ(after["cost_to_serve"], 0);
  EXPECT_NE(before["profit"], after["profit"]);
  long long audited = 0;
  db().sql() << "SELECT COUNT(*) FROM audit_log WHERE entity = "
                "'profitability_rates' AND actor LIKE 'cli:%'",
      soci::into(audited);
  EXPECT_EQ(audited, 1);

  // Three empty lists go back to the defaults.
  auto reset =
      Vafa({"profitability", "--contracts", "--set-rates",
            Write("empty.json",
                  R"({"spreads": [], "fees": [], "channel_costs": []})")},
           /*with_stderr=*/false);
  ASSERT_EQ(reset.exit_code, 0) << reset.output;
  EXPECT_EQ(json::parse(reset.output)["defaults"], true);
  EXPECT_EQ(profit_of(), before);
}

TEST_P(ContractProfitabilityTest, BadInputIsNamed) {
  ASSERT_EQ(Vafa({"import", "customers",
                  Write("c.csv", "external_id,first_name\nC1,Ali\n")})
                .exit_code,
            0);
  auto none = Vafa({"profitability", "--contracts"});
  EXPECT_EQ(none.exit_code, 1) << none.output;
  EXPECT_THAT(none.output, HasSubstr("holds no products"));
  auto made = Vafa({"demo", "--kind", "bank", "--customers", "100", "--seed",
                    "2", "--end", "2026-11-30"});
  ASSERT_EQ(made.exit_code, 0) << made.output;
  auto no_flag = Vafa({"profitability"});
  EXPECT_EQ(no_flag.exit_code, 1);
  EXPECT_THAT(no_flag.output, HasSubstr("--contracts"));
  auto bad_day = Vafa({"profitability", "--contracts", "--from", "2026-13-01"});
  EXPECT_EQ(bad_day.exit_code, 1);
  EXPECT_THAT(bad_day.output, HasSubstr("--from"));
  auto reversed = Vafa({"profitability", "--contracts", "--from", "2026-06-01",
                        "--to", "2026-01-01"});
  EXPECT_EQ(reversed.exit_code, 1);
  EXPECT_THAT(reversed.output, HasSubstr("is after to"));
  auto bad_report =
      Vafa({"profitability", "--contracts", "--report", "profit"});
  EXPECT_NE(bad_report.exit_code, 0);
  EXPECT_THAT(bad_report.output, HasSubstr("--report"));
}

VAFA_INSTANTIATE_BACKEND_TEST(ContractProfitabilityTest);

}  // namespace
}  // namespace vafa
