// The server's log: one line per event on standard error (journald reads
// it), plain text by default or one JSON object a line. Every answered
// request is logged with its id (the X-Request-Id the client got), method,
// path, status and duration; the server's own notices go through Log().
//
// Lines are written whole under one lock, so lines of concurrent threads
// never interleave. Thread-safe; SetLogFormat is meant to be called once at
// start, before any thread logs.
#ifndef VAFA_API_SERVER_LOG_H_
#define VAFA_API_SERVER_LOG_H_

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace vafa::api {

enum class LogFormat { kText, kJson };
enum class LogLevel { kInfo, kWarning, kError };

// "text" or "json".
Result<LogFormat> ParseLogFormat(std::string_view text);
void SetLogFormat(LogFormat format);

// What a request line says about the request.
struct RequestLogFields {
  std::string request_id;
  std::string method;
  std::string path;
  int status = 0;
  double duration_ms = 0;
};

// One line. Text: "2026-12-05T01:02:03.456Z info MESSAGE", and for a
// request " request=ID duration_ms=1.2" after it (the message of a request
// line names its method, path and status: "GET /api/v1/health 200").
// JSON: {"time","level","message"} and, for a request, "request_id",
// "method", "path", "status", "duration_ms".
void Log(LogLevel level, std::string_view message,
         const std::optional<RequestLogFields>& request = std::nullopt);

// The line Log writes, without the newline (for tests).
std::string FormatLogLine(LogFormat format, long long unix_millis,
                          LogLevel level, std::string_view message,
                          const std::optional<RequestLogFields>& request);

}  // namespace vafa::api

#endif  // VAFA_API_SERVER_LOG_H_
