// JSON in and out of handlers (nlohmann::json): request bodies must be a
// JSON object of at most kMaxJsonBody bytes (400 invalid_json otherwise,
// never a crash), fields are read with checks that name the field (422
// invalid_field), and errors travel as Status until the handler turns them
// into the one error shape of the API.
#ifndef VAFA_API_JSON_IO_H_
#define VAFA_API_JSON_IO_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "api/http.h"
#include "core/dates.h"
#include "core/result.h"

namespace vafa::api {

inline constexpr size_t kMaxJsonBody = 1 << 20;

// 400 invalid_json, 413 too_large or 415 when the body is not a JSON object.
Result<nlohmann::json> ParseJsonObject(const HttpRequest& request);

// A field that fails a check: 422 invalid_field naming it.
Status FieldError(std::string_view field, std::string message);

// A service's check of one field (InvalidArgument naming it) as the
// FieldError above; any other status as it is.
Status AsFieldError(Status status);

// Optional typed fields: absent or null is nullopt; a value of the wrong
// type is a FieldError.
Result<std::optional<std::string>> OptionalString(const nlohmann::json& body,
                                                  std::string_view field);
Result<std::string> RequiredString(const nlohmann::json& body,
                                   std::string_view field);
Result<std::optional<int64_t>> OptionalInt(const nlohmann::json& body,
                                           std::string_view field);
Result<std::optional<bool>> OptionalBool(const nlohmann::json& body,
                                         std::string_view field);

// Fields of `body` not in `known` are a FieldError (a typo must not be
// silently ignored).
Status RejectUnknownFields(const nlohmann::json& body,
                           std::initializer_list<std::string_view> known);

HttpResponse JsonResponse(int status, const nlohmann::json& value);

// null for an empty text or an absent number, else the value.
nlohmann::json Nullable(const std::string& text);
nlohmann::json Nullable(const std::optional<int64_t>& value);
// null for a value that is not finite (NaN, infinities), else the number.
nlohmann::json NumberOrNull(double value);
// The HTTP form of an error Status: FailedPrecondition with a field is 422.
HttpResponse ErrorResponse(const Status& status);

// The positive integer id in path parameter `name`; any other text is 404
// ("no <what> <text>"), since such a record cannot exist.
Result<int64_t> PathId(const HttpRequest& request, const std::string& name,
                       std::string_view what);

// 204 with no body.
HttpResponse NoContent();

// A query parameter that must be a non-negative integer when present.
Result<std::optional<int64_t>> QueryInt(const HttpRequest& request,
                                        const std::string& name);
// A finite number in the query (e.g. a score bound), or none when absent.
Result<std::optional<double>> QueryNumber(const HttpRequest& request,
                                          const std::string& name);
// A date or time in the query (ISO or Jalali, core/dates.h), or `fallback`
// when absent.
Result<UnixSeconds> QueryTime(const HttpRequest& request,
                              const std::string& name, UnixSeconds fallback);

// 200 with a CSV body, not cached; offered as `file_name` to save when
// given.
HttpResponse CsvResponse(std::string body, const std::string& file_name = "");

}  // namespace vafa::api

// Evaluates a Result expression; on error returns its ErrorResponse from the
// enclosing handler.
#define VAFA_API_TRY(lhs, expr)                       \
  auto VAFA_API_CONCAT(result_, __LINE__) = (expr);   \
  if (!VAFA_API_CONCAT(result_, __LINE__).ok())       \
    return ::vafa::api::ErrorResponse(                \
        VAFA_API_CONCAT(result_, __LINE__).status()); \
  lhs = std::move(VAFA_API_CONCAT(result_, __LINE__)).value()
#define VAFA_API_CHECK(expr)                                       \
  do {                                                             \
    ::vafa::Status status_ = (expr);                               \
    if (!status_.ok()) return ::vafa::api::ErrorResponse(status_); \
  } while (false)
#define VAFA_API_CONCAT_INNER(a, b) a##b
#define VAFA_API_CONCAT(a, b) VAFA_API_CONCAT_INNER(a, b)

#endif  // VAFA_API_JSON_IO_H_
