#include "api/json_io.h"

#include <charconv>
#include <cmath>

#include "core/json_depth.h"

namespace vafa::api {

Result<nlohmann::json> ParseJsonObject(const HttpRequest& request) {
  if (request.body.size() > kMaxJsonBody) {
    return Status(StatusCode::kResourceExhausted,
                  "the JSON body is larger than " +
                      std::to_string(kMaxJsonBody) + " bytes");
  }
  std::string type = request.Header("content-type");
  if (!request.body.empty() && !type.empty() &&
      type.find("application/json") == std::string::npos) {
    return Status::Invalid("the body must be application/json, not " + type);
  }
  // Checked before parsing: a copy or print of a parsed value recurses, so
  // depth must be bounded before any handler sees the value.
  if (!JsonDepthWithin(request.body)) {
    return Status::Invalid("the body nests deeper than " +
                           std::to_string(kMaxJsonDepth) + " levels");
  }
  nlohmann::json body = nlohmann::json::parse(request.body, nullptr,
                                              /*allow_exceptions=*/false);
  if (body.is_discarded()) {
    return Status::Invalid(request.body.empty()
                               ? "the request needs a JSON object body"
                               : "the body is not valid JSON");
  }
  if (!body.is_object())
    return Status::Invalid("the body must be a JSON object");
  return body;
}

nlohmann::json Nullable(const std::string& text) {
  return text.empty() ? nlohmann::json(nullptr) : nlohmann::json(text);
}

nlohmann::json Nullable(const std::optional<int64_t>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json NumberOrNull(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json();
}

Status FieldError(std::string_view field, std::string message) {
  return Status::Refused(std::string(field), std::move(message));
}

Status AsFieldError(Status status) {
  if (status.code() == StatusCode::kInvalidArgument &&
      !status.field().empty()) {
    return FieldError(status.field(), status.message());
  }
  return status;
}

Result<std::optional<std::string>> OptionalString(const nlohmann::json& body,
                                                  std::string_view field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::optional<std::string>();
  if (!it->is_string()) {
    return FieldError(field, std::string(field) + " must be a string");
  }
  return std::optional<std::string>(it->get<std::string>());
}

Result<std::string> RequiredString(const nlohmann::json& body,
                                   std::string_view field) {
  VAFA_ASSIGN_OR_RETURN(auto value, OptionalString(body, field));
  if (!value || value->empty()) {
    return FieldError(field, std::string(field) + " is required");
  }
  return *value;
}

Result<std::optional<int64_t>> OptionalInt(const nlohmann::json& body,
                                           std::string_view field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::optional<int64_t>();
  if (!it->is_number_integer()) {
    return FieldError(field, std::string(field) + " must be an integer");
  }
  return std::optional<int64_t>(it->get<int64_t>());
}

Result<std::optional<bool>> OptionalBool(const nlohmann::json& body,
                                         std::string_view field) {
  auto it = body.find(field);
  if (it == body.end() || it->is_null()) return std::optional<bool>();
  if (!it->is_boolean()) {
    return FieldError(field, std::string(field) + " must be true or false");
  }
  return std::optional<bool>(it->get<bool>());
}

Status RejectUnknownFields(const nlohmann::json& body,
                           std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : body.items()) {
    bool found = false;
    for (std::string_view name : known) found = found || name == key;
    if (!found) return FieldError(key, "unknown field \"" + key + "\"");
  }
  return Status::Ok();
}

HttpResponse JsonResponse(int status, const nlohmann::json& value) {
  return HttpResponse::Json(
      status,
      value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

HttpResponse ErrorResponse(const Status& status) {
  if (status.code() == StatusCode::kFailedPrecondition &&
      !status.field().empty()) {
    return HttpResponse::Error(422, "invalid_field", status.message(),
                               status.field());
  }
  if (status.code() == StatusCode::kResourceExhausted &&
      status.message().find("larger than") != std::string::npos) {
    return HttpResponse::Error(413, "too_large", status.message());
  }
  if (status.code() == StatusCode::kInvalidArgument && status.field().empty()) {
    return HttpResponse::Error(400, "invalid_request", status.message());
  }
  return HttpResponse::Error(status);
}

Result<std::optional<int64_t>> QueryInt(const HttpRequest& request,
                                        const std::string& name) {
  std::string text = request.Query(name);
  if (text.empty()) return std::optional<int64_t>();
  int64_t value = 0;
  auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 0) {
    return Status::Invalid(name + " must be a non-negative integer", name);
  }
  return std::optional<int64_t>(value);
}

Result<std::optional<double>> QueryNumber(const HttpRequest& request,
                                          const std::string& name) {
  std::string text = request.Query(name);
  if (text.empty()) return std::optional<double>();
  double value = 0;
  auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(value)) {
    return Status::Invalid(name + " must be a number", name);
  }
  return std::optional<double>(value);
}

Result<UnixSeconds> QueryTime(const HttpRequest& request,
                              const std::string& name, UnixSeconds fallback) {
  const std::string text = request.Query(name);
  if (text.empty()) return fallback;
  auto parsed = ParseDateTime(text);
  if (!parsed.ok()) {
    return Status::Invalid(name + " " + parsed.status().message(), name);
  }
  return *parsed;
}

HttpResponse CsvResponse(std::string body, const std::string& file_name) {
  HttpResponse response;
  response.headers.emplace_back("Content-Type", "text/csv; charset=utf-8");
  if (!file_name.empty()) {
    response.headers.emplace_back("Content-Disposition",
                                  "attachment; filename=\"" + file_name + "\"");
  }
  response.headers.emplace_back("Cache-Control", "no-store");
  response.body = std::move(body);
  return response;
}

Result<int64_t> PathId(const HttpRequest& request, const std::string& name,
                       std::string_view what) {
  const std::string& text = request.params.at(name);
  int64_t value = 0;
  auto [end, error] =
      std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value <= 0) {
    return Status::NotFound("no " + std::string(what) + " " + text);
  }
  return value;
}

HttpResponse NoContent() {
  HttpResponse response;
  response.status = 204;
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

}  // namespace vafa::api
