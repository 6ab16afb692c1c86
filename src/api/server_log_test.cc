#include "api/server_log.h"

#include <gmock/gmock.h>

#include <nlohmann/json.hpp>

namespace vafa::api {
namespace {

// 2026-12-05T01:02:03.456Z
constexpr long long kMillis = 1796432523456LL;

RequestLogFields Request(std::string path) {
  return {"00ab", "GET", std::move(path), 200, 1.26};
}

TEST(ServerLogTest, JsonLineHoldsEveryFieldOfARequest) {
  std::string line =
      FormatLogLine(LogFormat::kJson, kMillis, LogLevel::kInfo,
                    "GET /api/v1/health 200", Request("/api/v1/health"));
  auto parsed = nlohmann::json::parse(line);
  EXPECT_EQ(parsed["time"], "2026-12-05T01:02:03.456Z");
  EXPECT_EQ(parsed["level"], "info");
  EXPECT_EQ(parsed["message"], "GET /api/v1/health 200");
  EXPECT_EQ(parsed["request_id"], "00ab");
  EXPECT_EQ(parsed["method"], "GET");
  EXPECT_EQ(parsed["path"], "/api/v1/health");
  EXPECT_EQ(parsed["status"], 200);
  EXPECT_DOUBLE_EQ(parsed["duration_ms"].get<double>(), 1.3);
  EXPECT_EQ(line.find('\n'), std::string::npos);
}

TEST(ServerLogTest, JsonLineWithoutARequestHasOnlyTimeLevelMessage) {
  auto parsed = nlohmann::json::parse(FormatLogLine(
      LogFormat::kJson, kMillis, LogLevel::kWarning, "no web UI", {}));
  EXPECT_EQ(parsed.size(), 3u);
  EXPECT_EQ(parsed["level"], "warning");
}

// Client bytes in a path never break a line: JSON escapes them (and
// replaces bytes that are not UTF-8), text writes control bytes as \xNN.
TEST(ServerLogTest, ClientBytesStayOnOneLine) {
  const std::string path = "/a\nb\xff";
  std::string json = FormatLogLine(LogFormat::kJson, kMillis, LogLevel::kInfo,
                                   "GET " + path + " 404", Request(path));
  EXPECT_EQ(json.find('\n'), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(json)["path"], "/a\nb\xEF\xBF\xBD");
  std::string text = FormatLogLine(LogFormat::kText, kMillis, LogLevel::kInfo,
                                   "GET " + path + " 404", Request(path));
  EXPECT_EQ(text,
            "2026-12-05T01:02:03.456Z info GET /a\\x0ab\xff 404 request=00ab "
            "duration_ms=1.3");
}

TEST(ServerLogTest, FormatsAreTextOrJson) {
  EXPECT_EQ(*ParseLogFormat("json"), LogFormat::kJson);
  EXPECT_EQ(*ParseLogFormat("text"), LogFormat::kText);
  auto bad = ParseLogFormat("xml");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "--log-format xml: \"text\" or \"json\"");
}

}  // namespace
}  // namespace vafa::api
