// Every CSV the API returns, from a real server on SQLite and PostgreSQL:
// customer text that a spreadsheet would run as a formula comes out behind
// an apostrophe, numbers stay numbers, and the JSON forms of the same data
// keep the values as they were entered. The CSV routes walked:
//   GET campaigns/{id}/members?format=csv (both groups)
//   GET service/satisfaction-requests?format=csv
//   GET analytics/reports/{name}?format=csv for every report name, computed
//       (fresh=true) and as kept by `vafa analyze` and `vafa churn`.
#include <set>

#include "tests/api/api_fixture.h"
#include "tests/cli/csv_formula_cases.h"

namespace vafa {
namespace {

using nlohmann::json;
using testing::CsvCells;
using testing::kFormulas;
using testing::kNumbers;
using testing_api::ApiTest;
using testing_api::HttpResult;

class CsvExportApiTest : public ApiTest {
 protected:
  const std::string ws = "/api/v1/workspaces/demo";

  // No cell is a bare formula; the formulas in `expected` are there behind
  // an apostrophe, and the numbers in `numbers` as they are.
  void ExpectSafe(const std::string& route, const HttpResult& csv,
                  const std::vector<std::string>& expected,
                  const std::vector<std::string>& numbers = {}) {
    ASSERT_EQ(csv.status, 200) << route << " " << csv.body;
    EXPECT_THAT(csv.headers, ::testing::HasSubstr("text/csv")) << route;
    const std::vector<std::string> cells = CsvCells(csv.body);
    const std::set<std::string> all(cells.begin(), cells.end());
    for (const std::string& formula : kFormulas) {
      EXPECT_FALSE(all.contains(formula)) << route << ": bare " << formula;
    }
    for (const std::string& formula : expected) {
      EXPECT_TRUE(all.contains("'" + formula))
          << route << ": no '" << formula << " in\n"
          << csv.body.substr(0, 2000);
    }
    for (const std::string& number : numbers) {
      EXPECT_TRUE(all.contains(number)) << route << ": no " << number << " in\n"
                                        << csv.body.substr(0, 2000);
      EXPECT_FALSE(all.contains("'" + number)) << route << ": '" << number;
    }
    ++routes_walked_;
  }

  // Every cell of a report's JSON is of its column's declared type.
  static void ExpectTyped(const std::string& route, const json& report) {
    ASSERT_EQ(report["column_types"].size(), report["columns"].size()) << route;
    EXPECT_FALSE(report["rows"].empty()) << route;
    for (const json& row : report["rows"]) {
      for (size_t i = 0; i < row.size(); ++i) {
        const std::string type = report["column_types"][i];
        if (row[i].is_null()) continue;
        EXPECT_TRUE(type == "text" || type == "date" ? row[i].is_string()
                    : type == "integer" || type == "money"
                        ? row[i].is_number_integer()
                        : row[i].is_number())
            << route << " " << report["columns"][i] << ": " << row[i];
      }
    }
  }

  // A customer of city Formulaville with two orders of `sku`.
  int64_t FormulaCustomer(const std::string& text, const std::string& sku,
                          const std::string& phone = "") {
    json body = {
        {"first_name", text}, {"external_id", text}, {"city", "Formulaville"}};
    if (!phone.empty()) body["phone"] = phone;
    HttpResult made = Call("POST", ws + "/customers", Owner(), body.dump());
    EXPECT_EQ(made.status, 201) << made.body;
    const int64_t id = made.Json()["customer"]["id"];
    for (const char* day : {"2026-09-01", "2026-11-01"}) {
      HttpResult order = Call(
          "POST", ws + "/orders", Owner(),
          json{{"customer_id", id},
               {"ordered_at", day},
               {"lines",
                {{{"sku", sku}, {"quantity", 1}, {"amount_minor", 4500000}}}}}
              .dump());
      EXPECT_EQ(order.status, 201) << order.body;
    }
    return id;
  }

  int routes_walked_ = 0;
};

TEST_P(CsvExportApiTest, EveryCsvRoutePrefixesFormulasAndKeepsNumbers) {
  // A product whose sku is a formula, bought by every formula customer.
  const std::string sku = kFormulas[0];
  HttpResult product = Call(
      "POST", ws + "/products", Owner(),
      json{{"sku", sku}, {"name", kFormulas[2]}, {"category", "x"}}.dump());
  ASSERT_EQ(product.status, 201) << product.body;
  std::vector<int64_t> ids;
  for (const std::string& text : kFormulas) {
    ids.push_back(FormulaCustomer(text, sku));
  }
  ids.push_back(FormulaCustomer(kNumbers[0], sku, "+989121234567"));
  ids.push_back(FormulaCustomer(kNumbers[1], sku));
  ids.push_back(FormulaCustomer("0071", sku));  // a key of digits
  ASSERT_FALSE(HasFailure());

  // The campaign member export, of a segment of just these customers.
  HttpResult segment =
      Call("POST", ws + "/segments", Owner(),
           R"({"name":"Formulas","rules":{"conditions":[{"field":"city",
          "op":"=","value":"Formulaville"}]}})");
  ASSERT_EQ(segment.status, 201) << segment.body;
  HttpResult campaign =
      Call("POST", ws + "/campaigns", Owner(),
           json{{"name", "Formula offer"},
                {"channel", "sms"},
                {"goal", "retention"},
                {"segment_id", segment.Json()["segment"]["id"]},
                {"starts_at", "2026-10-01"},
                {"ends_at", "2026-10-31"},
                {"control_percent", 0}}
               .dump());
  ASSERT_EQ(campaign.status, 201) << campaign.body;
  const std::string members =
      ws + "/campaigns/" +
      std::to_string(campaign.Json()["campaign"]["id"].get<int64_t>()) +
      "/members";
  ASSERT_EQ(
      Call("POST", members.substr(0, members.size() - 8) + "/draw", Owner(), "")
          .status,
      200);
  std::vector<std::string> both = kFormulas;
  ExpectSafe("members", Get(members + "?format=csv", Owner()), both,
             {"-12.50", "+989121234567"});
  ExpectSafe("members control",
             Get(members + "?group=control&format=csv", Owner()), {});
  // The JSON list has the names as entered.
  json listed = Get(members, Owner()).Json();
  std::set<std::string> names;
  for (const json& item : listed["items"]) names.insert(item["display_name"]);
  EXPECT_TRUE(names.contains(kFormulas[0])) << listed.dump();

  // Satisfaction requests: a resolved ticket whose subject is a formula.
  HttpResult ticket =
      Call("POST", ws + "/tickets", Owner(),
           json{{"customer_id", ids[1]}, {"subject", kFormulas[3]}}.dump());
  ASSERT_EQ(ticket.status, 201) << ticket.body;
  ASSERT_EQ(
      Call("PATCH",
           ws + "/tickets/" +
               std::to_string(ticket.Json()["ticket"]["id"].get<int64_t>()),
           Owner(), R"({"status":"resolved","version":1})")
          .status,
      200);
  ExpectSafe("satisfaction-requests",
             Get(ws + "/service/satisfaction-requests?format=csv", Owner()),
             {kFormulas[1], kFormulas[3]});

  // Every analysis report, computed on the current data. Customer keys
  // are external ids, product keys skus (the affinity report lists the
  // products bought with the sku, not the sku).
  const std::string reports = ws + "/analytics/reports/";
  const std::map<std::string, std::vector<std::string>> keyed = {
      {"summary", kFormulas},
      {"rfm", kFormulas},
      {"value", kFormulas},
      {"clv", kFormulas}};
  const std::vector<std::string> names_of_reports = {
      "summary", "rfm",      "segments",         "pareto",
      "abc",     "value",    "matrix",           "kpis",
      "cohorts", "clv",      "clv_distribution", "clv_model",
      "basket",  "affinity", "clv_tracking",     "clv_diagnostics"};
  std::string product_query;
  for (char c : sku) {
    char hex[4];
    std::snprintf(hex, sizeof hex, "%%%02X", static_cast<unsigned char>(c));
    product_query += hex;
  }
  for (const std::string& name : names_of_reports) {
    std::string path = reports + name + "?format=csv&fresh=true";
    if (name == "affinity") path += "&product=" + product_query;
    auto expected = keyed.find(name);
    ExpectSafe(
        name, Get(path, Owner()),
        expected == keyed.end() ? std::vector<std::string>{} : expected->second,
        expected == keyed.end() ? std::vector<std::string>{} : kNumbers);
  }
  // The JSON of a report reads the cells back to the keys.
  json rfm = Get(reports + "rfm?fresh=true", Owner()).Json();
  std::set<std::string> keys;
  for (const json& row : rfm["rows"]) {
    if (row[0].is_string()) keys.insert(row[0].get<std::string>());
  }
  for (const std::string& formula : kFormulas) {
    EXPECT_TRUE(keys.contains(formula)) << formula;
  }
  // Keys that look like numbers stay the text they are.
  for (const std::string& key :
       {kNumbers[0], kNumbers[1], std::string("0071")}) {
    EXPECT_TRUE(keys.contains(key)) << key << " in " << rfm.dump();
  }
  for (const std::string& name : names_of_reports) {
    std::string path = reports + name + "?fresh=true";
    if (name == "affinity") path += "&product=" + product_query;
    ExpectTyped(name, Get(path, Owner()).Json());
  }

  // The reports kept by analysis runs (segment moves, churn reports, the
  // retention list with names), as stored.
  for (const std::vector<std::string>& run :
       {std::vector<std::string>{"analyze"},
        {"analyze"},
        {"churn", "--top", "0"}}) {
    std::vector<std::string> args = {"--db", scratch_->location()};
    args.insert(args.end(), run.begin(), run.end());
    auto ran = testing::RunVafa(args);
    ASSERT_EQ(ran.exit_code, 0) << ran.output;
  }
  std::vector<std::string> kept;
  {
    auto db = scratch_->OpenAnother();
    ASSERT_TRUE(db.ok());
    soci::rowset<std::string> rows =
        ((*db)->sql().prepare << "SELECT DISTINCT name FROM analysis_reports "
                                 "ORDER BY name");
    for (const std::string& name : rows) kept.push_back(name);
  }
  for (const char* name : {"rfm_moves", "churn_reasons", "retention_list"}) {
    EXPECT_NE(std::find(kept.begin(), kept.end(), name), kept.end()) << name;
  }
  for (const std::string& name : kept) {
    ExpectSafe("kept " + name, Get(reports + name + "?format=csv", Owner()),
               {});
    ExpectTyped("kept " + name, Get(reports + name, Owner()).Json());
  }
  EXPECT_GE(routes_walked_, 20);
}

VAFA_INSTANTIATE_BACKEND_TEST(CsvExportApiTest);

}  // namespace
}  // namespace vafa
