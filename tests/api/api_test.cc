// The API of a real `vafa serve` process over a demo workspace, on SQLite
// and PostgreSQL, spoken to with curl.
#include <gmock/gmock.h>
#include <signal.h>
#include <soci/soci.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "store/store_test_support.h"
#include "tests/cli/run_command.h"

namespace vafa {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

struct HttpResult {
  int status = 0;
  std::string headers;
  std::string body;
};

class ApiTest : public store::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    web_ = std::filesystem::temp_directory_path() /
           ("vafa_web_" + std::to_string(getpid()));
    std::filesystem::create_directories(web_ / "assets");
    std::ofstream(web_ / "index.html") << "<!doctype html><title>vafa</title>";
    std::ofstream(web_ / "assets" / "app-1234.js") << "console.log(1)";
    auto demo =
        testing::RunVafa({"--db", scratch_->location(), "demo", "--customers",
                          "150", "--seed", "9", "--end", "2026-11-20"});
    ASSERT_EQ(demo.exit_code, 0) << demo.output;
    auto other = testing::RunVafa(
        {"--db", scratch_->location(), "workspace", "create", "other"});
    ASSERT_EQ(other.exit_code, 0) << other.output;
    StartServer();
  }
  void TearDown() override {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int status = 0;
      waitpid(pid_, &status, 0);
      EXPECT_TRUE(WIFEXITED(status)) << "the server did not stop on SIGTERM";
    }
    std::filesystem::remove_all(web_);
  }

  void StartServer() {
    int out[2];
    ASSERT_EQ(pipe(out), 0);
    pid_ = fork();
    if (pid_ == 0) {
      dup2(out[1], 1);
      close(out[0]);
      execl(VAFA_BINARY, "vafa", "--db", scratch_->location().c_str(), "serve",
            "--port", "0", "--threads", "2", "--web", web_.c_str(),
            static_cast<char*>(nullptr));
      _exit(127);
    }
    close(out[1]);
    std::string line;
    char c;
    while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
    close(out[0]);
    size_t at = line.find("http://");
    ASSERT_NE(at, std::string::npos) << line;
    base_ = line.substr(at);
    while (!base_.empty() && base_.back() == '/') base_.pop_back();
  }

  HttpResult Get(const std::string& path, const std::string& extra = "") {
    std::string command =
        "curl -s -i " + extra + " " + testing::ShellQuote(base_ + path);
    FILE* pipe = popen(command.c_str(), "r");
    std::string raw;
    char buffer[4096];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0)
      raw.append(buffer, n);
    pclose(pipe);
    HttpResult http;
    size_t split = raw.find("\r\n\r\n");
    http.headers = raw.substr(0, split);
    http.body = split == std::string::npos ? "" : raw.substr(split + 4);
    if (raw.size() > 12) http.status = std::stoi(raw.substr(9, 3));
    return http;
  }

  std::filesystem::path web_;
  pid_t pid_ = -1;
  std::string base_;
};

TEST_P(ApiTest, HealthAndWorkspaces) {
  HttpResult health = Get("/api/v1/health");
  EXPECT_EQ(health.status, 200);
  EXPECT_THAT(health.headers, HasSubstr("application/json"));
  auto workspaces = json::parse(Get("/api/v1/workspaces").body);
  ASSERT_EQ(workspaces["items"].size(), 2u);
}

TEST_P(ApiTest, CustomersPageWithoutGapsAndSearchInPersian) {
  std::set<int64_t> ids;
  std::string after;
  int pages = 0;
  while (true) {
    auto page = json::parse(Get("/api/v1/workspaces/demo/customers?limit=40" +
                                (after.empty() ? "" : "&after=" + after))
                                .body);
    for (auto& c : page["items"])
      EXPECT_TRUE(ids.insert(c["id"].get<int64_t>()).second);
    ++pages;
    if (page["next_after"].is_null()) break;
    after = std::to_string(page["next_after"].get<int64_t>());
  }
  EXPECT_GE(pages, 4);
  EXPECT_GE(ids.size(), 150u);
  auto first = json::parse(Get("/api/v1/workspaces/demo/customers/1").body);
  std::string last_name = first["customer"]["last_name"];
  auto found = json::parse(
      Get("/api/v1/workspaces/demo/customers",
          "-G --data-urlencode " + testing::ShellQuote("q=" + last_name))
          .body);
  bool seen = false;
  for (auto& c : found["items"]) seen = seen || c["id"] == 1;
  EXPECT_TRUE(seen) << found.dump();
}

TEST_P(ApiTest, CustomerWithOrdersAndNoLeakAcrossWorkspaces) {
  auto customer = json::parse(Get("/api/v1/workspaces/demo/customers/1").body);
  EXPECT_EQ(customer["customer"]["external_id"], "C0000001");
  EXPECT_TRUE(customer["recent_orders"].is_array());
  HttpResult elsewhere = Get("/api/v1/workspaces/other/customers/1");
  EXPECT_EQ(elsewhere.status, 404);
  EXPECT_EQ(json::parse(elsewhere.body)["error"]["code"], "not_found");
  EXPECT_EQ(Get("/api/v1/workspaces/demo/customers/abc").status, 404);
  HttpResult bad_limit = Get("/api/v1/workspaces/demo/customers?limit=-3");
  EXPECT_EQ(bad_limit.status, 400);
  EXPECT_EQ(json::parse(bad_limit.body)["error"]["field"], "limit");
  EXPECT_EQ(Get("/api/v1/health", "-X POST").status, 405);
  EXPECT_EQ(Get("/api/v1/no-such-route").status, 404);
  auto batches =
      json::parse(Get("/api/v1/workspaces/demo/import-batches").body);
  EXPECT_EQ(batches["items"].size(), 3u);
}

TEST_P(ApiTest, StaticFilesWithTypesCachingAndUiRoutes) {
  HttpResult index = Get("/");
  EXPECT_EQ(index.status, 200);
  EXPECT_THAT(index.headers, HasSubstr("text/html"));
  HttpResult asset = Get("/assets/app-1234.js");
  EXPECT_THAT(asset.headers, HasSubstr("text/javascript"));
  EXPECT_THAT(asset.headers, HasSubstr("immutable"));
  size_t at = asset.headers.find("ETag: ");
  ASSERT_NE(at, std::string::npos) << asset.headers;
  std::string etag =
      asset.headers.substr(at + 6, asset.headers.find("\r\n", at) - at - 6);
  EXPECT_EQ(Get("/assets/app-1234.js",
                "-H " + testing::ShellQuote("If-None-Match: " + etag))
                .status,
            304);
  HttpResult ui_route = Get("/customers/12");
  EXPECT_EQ(ui_route.status, 200);
  EXPECT_THAT(ui_route.body, HasSubstr("<title>vafa</title>"));
  EXPECT_THAT(Get("/%2e%2e/%2e%2e/etc/passwd", "--path-as-is").body,
              ::testing::Not(HasSubstr("root:")));
}

TEST_P(ApiTest, ScoresShowInTheCustomerAndInTheirDistribution) {
  auto db = scratch_->OpenAnother();
  ASSERT_TRUE(db.ok());
  long long workspace = 0;
  (*db)->sql() << "SELECT id FROM workspaces WHERE slug = 'demo'",
      soci::into(workspace);
  for (int customer = 1; customer <= 3; ++customer) {
    std::string label = customer == 3 ? "Lost" : "Champions";
    double value = customer * 10.0;
    long long c = customer;
    (*db)->sql()
        << "INSERT INTO scores (workspace_id, customer_id, name, value, label, "
           "run_id, "
           "computed_at) VALUES (:w, :c, 'rfm_segment', :v, :l, 1, 1700000000)",
        soci::use(workspace), soci::use(c), soci::use(value), soci::use(label);
  }
  auto customer = json::parse(Get("/api/v1/workspaces/demo/customers/3").body);
  EXPECT_EQ(customer["scores"]["rfm_segment"]["label"], "Lost");
  EXPECT_EQ(customer["scores"]["rfm_segment"]["value"], 30.0);
  auto groups = json::parse(
      Get("/api/v1/workspaces/demo/analytics/scores/rfm_segment").body);
  ASSERT_EQ(groups["groups"].size(), 2u) << groups.dump();
  EXPECT_EQ(groups["groups"][0]["label"], "Champions");
  EXPECT_EQ(groups["groups"][0]["customers"], 2);
  EXPECT_EQ(groups["groups"][0]["mean_value"], 15.0);
  auto other = json::parse(
      Get("/api/v1/workspaces/other/analytics/scores/rfm_segment").body);
  EXPECT_TRUE(other["groups"].empty());
}

TEST_P(ApiTest, AnalyticsReportsEqualTheCommandLine) {
  for (std::string report : {"rfm", "kpis", "pareto", "clv"}) {
    auto cli =
        testing::RunVafa({"--db", scratch_->location(), "analyze", "--report",
                          report, "--no-scores", "--calendar", "jalali"});
    ASSERT_EQ(cli.exit_code, 0) << cli.output;
    HttpResult csv = Get("/api/v1/workspaces/demo/analytics/reports/" + report +
                         "?format=csv&calendar=jalali");
    EXPECT_EQ(csv.status, 200);
    EXPECT_THAT(csv.headers, HasSubstr("text/csv"));
    EXPECT_TRUE(csv.body == cli.output) << report;
    auto json_report =
        json::parse(Get("/api/v1/workspaces/demo/analytics/reports/" + report +
                        "?calendar=jalali")
                        .body);
    EXPECT_EQ(json_report["rows"].size() + 1,
              static_cast<size_t>(
                  std::count(cli.output.begin(), cli.output.end(), '\n')))
        << report;
  }
  auto model = json::parse(
      Get("/api/v1/workspaces/demo/analytics/reports/clv_model").body);
  ASSERT_EQ(model["columns"][3], "standard_error");
  EXPECT_EQ(model["rows"][0][1], "r");
  EXPECT_GT(model["rows"][0][3].get<double>(), 0);
  auto year =
      json::parse(Get("/api/v1/workspaces/demo/analytics/reports/clv").body);
  auto month = json::parse(Get("/api/v1/workspaces/demo/analytics/reports/"
                               "clv?horizon_days=30&discount=0.2")
                               .body);
  ASSERT_EQ(year["rows"].size(), month["rows"].size());
  EXPECT_LT(month["rows"][0][2].get<double>(),
            year["rows"][0][2].get<double>());
  EXPECT_EQ(Get("/api/v1/workspaces/demo/analytics/reports/clv?horizon_days=-1")
                .status,
            400);
  auto all_rules = json::parse(
      Get("/api/v1/workspaces/demo/analytics/reports/basket?min_support=3")
          .body);
  auto strong =
      json::parse(Get("/api/v1/workspaces/demo/analytics/reports/"
                      "basket?min_support=3&min_lift=1.5&sort=confidence")
                      .body);
  ASSERT_GT(all_rules["rows"].size(), 0u);
  EXPECT_LT(strong["rows"].size(), all_rules["rows"].size());
  for (size_t i = 0; i < strong["rows"].size(); ++i) {
    EXPECT_GE(strong["rows"][i][5].get<double>(), 1.5);  // lift
    if (i > 0) {
      EXPECT_LE(strong["rows"][i][4].get<double>(),
                strong["rows"][i - 1][4].get<double>());  // by confidence
    }
  }
  EXPECT_EQ(
      Get("/api/v1/workspaces/demo/analytics/reports/basket?sort=vibes").status,
      400);
  std::string sku = all_rules["rows"][0][0];
  auto affinity = json::parse(
      Get("/api/v1/workspaces/demo/analytics/reports/affinity?product=" + sku)
          .body);
  ASSERT_EQ(affinity["columns"][0], "relation");
  EXPECT_EQ(affinity["rows"][0][0], "bought_with");
  EXPECT_EQ(Get("/api/v1/workspaces/demo/analytics/reports/affinity").status,
            400);
  EXPECT_EQ(
      Get("/api/v1/workspaces/demo/analytics/reports/affinity?product=NOPE")
          .status,
      404);
  EXPECT_EQ(Get("/api/v1/workspaces/demo/analytics/reports/horoscope").status,
            404);
  HttpResult bad =
      Get("/api/v1/workspaces/demo/analytics/reports/kpis?calendar=mayan");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(json::parse(bad.body)["error"]["field"], "calendar");
  EXPECT_EQ(Get("/api/v1/workspaces/nope/analytics/reports/rfm").status, 404);
}

VAFA_INSTANTIATE_BACKEND_TEST(ApiTest);

}  // namespace
}  // namespace vafa
