#include "api/server_log.h"

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>

namespace vafa::api {
namespace {

std::atomic<LogFormat> log_format{LogFormat::kText};

std::string_view LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kError:
      return "error";
  }
  return "info";
}

// ISO 8601 in UTC with milliseconds: 2026-12-05T01:02:03.456Z.
std::string FormatTime(long long unix_millis) {
  std::time_t seconds = static_cast<std::time_t>(unix_millis / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[80];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour,
                utc.tm_min, utc.tm_sec, static_cast<int>(unix_millis % 1000));
  return text;
}

std::string FormatDuration(double milliseconds) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", milliseconds);
  return text;
}

// A text line stays one line: control bytes a client put in a path (a
// decoded %0A, say) are written as \xNN.
std::string OneLine(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\x%02x",
                    static_cast<unsigned char>(c));
      out += escaped;
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

Result<LogFormat> ParseLogFormat(std::string_view text) {
  if (text == "text") return LogFormat::kText;
  if (text == "json") return LogFormat::kJson;
  return Status::Invalid(
      "--log-format " + std::string(text) + ": \"text\" or \"json\"",
      "log_format");
}

void SetLogFormat(LogFormat format) { log_format.store(format); }

std::string FormatLogLine(LogFormat format, long long unix_millis,
                          LogLevel level, std::string_view message,
                          const std::optional<RequestLogFields>& request) {
  if (format == LogFormat::kJson) {
    nlohmann::ordered_json line = {{"time", FormatTime(unix_millis)},
                                   {"level", LevelName(level)},
                                   {"message", message}};
    if (request.has_value()) {
      line["request_id"] = request->request_id;
      line["method"] = request->method;
      line["path"] = request->path;
      line["status"] = request->status;
      line["duration_ms"] = std::round(request->duration_ms * 10) / 10;
    }
    // A path is client data: bytes that are not UTF-8 become U+FFFD rather
    // than a line that is not JSON.
    return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  std::string line = FormatTime(unix_millis);
  line += ' ';
  line += LevelName(level);
  line += ' ';
  line += OneLine(message);
  if (request.has_value()) {
    line += " request=" + request->request_id +
            " duration_ms=" + FormatDuration(request->duration_ms);
  }
  return line;
}

void Log(LogLevel level, std::string_view message,
         const std::optional<RequestLogFields>& request) {
  const long long now = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
  std::string line =
      FormatLogLine(log_format.load(), now, level, message, request);
  line += '\n';
  static std::mutex lock;
  std::lock_guard<std::mutex> hold(lock);
  std::cerr << line << std::flush;
}

}  // namespace vafa::api
