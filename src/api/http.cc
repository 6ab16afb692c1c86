#include "api/http.h"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace vafa::api {

std::string HttpRequest::Query(const std::string& name,
                               std::string fallback) const {
  auto it = query.find(name);
  return it == query.end() ? fallback : it->second;
}

std::string HttpRequest::Header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? "" : it->second;
}

HttpResponse HttpResponse::Json(int status, std::string body) {
  HttpResponse response;
  response.status = status;
  response.headers.emplace_back("Content-Type",
                                "application/json; charset=utf-8");
  response.headers.emplace_back("Cache-Control", "no-store");
  response.body = std::move(body);
  return response;
}

std::string HttpRequest::Cookie(std::string_view name) const {
  auto header = headers.find("cookie");
  if (header == headers.end()) return "";
  std::string_view text = header->second;
  while (!text.empty()) {
    size_t end = text.find(';');
    std::string_view pair = text.substr(0, end);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    size_t equals = pair.find('=');
    if (equals != std::string_view::npos && pair.substr(0, equals) == name) {
      return std::string(pair.substr(equals + 1));
    }
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return "";
}

int HttpStatusOf(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return 200;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kNotFound:
      return 404;
    case StatusCode::kAlreadyExists:
    case StatusCode::kConflict:
      return 409;
    case StatusCode::kUnauthenticated:
      return 401;
    case StatusCode::kPermissionDenied:
      return 403;
    case StatusCode::kResourceExhausted:
      return 429;
    case StatusCode::kFailedPrecondition:
      return 422;
    case StatusCode::kUnavailable:
      return 503;
    case StatusCode::kInternal:
      return 500;
  }
  return 500;
}

HttpResponse HttpResponse::Error(int http_status, std::string_view code,
                                 std::string_view message,
                                 std::string_view field) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> json(buffer);
  json.StartObject();
  json.Key("error");
  json.StartObject();
  json.Key("code");
  json.String(code.data(), static_cast<rapidjson::SizeType>(code.size()));
  if (!field.empty()) {
    json.Key("field");
    json.String(field.data(), static_cast<rapidjson::SizeType>(field.size()));
  }
  json.Key("message");
  json.String(message.data(), static_cast<rapidjson::SizeType>(message.size()));
  json.EndObject();
  json.EndObject();
  return Json(http_status, buffer.GetString());
}

HttpResponse HttpResponse::Error(const Status& status) {
  std::string_view code = StatusCodeName(status.code());
  if (status.code() == StatusCode::kInvalidArgument &&
      !status.field().empty()) {
    code = "invalid_field";
  }
  HttpResponse response = Error(HttpStatusOf(status.code()), code,
                                status.message(), status.field());
  // What cannot be reached now (the database restarting) is usually back
  // in moments: say when to ask again.
  if (status.code() == StatusCode::kUnavailable) {
    response.headers.emplace_back("Retry-After", "2");
  }
  return response;
}

std::vector<std::string> SplitPath(std::string_view path) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    if (end > start) parts.emplace_back(path.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

bool PercentDecode(std::string_view text, bool form, std::string& out) {
  out.clear();
  auto hex = [](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return false;
      int hi = hex(text[i + 1]), lo = hex(text[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && form) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return true;
}

void ParseQuery(std::string_view text,
                std::map<std::string, std::string>& query) {
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('&', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view pair = text.substr(start, end - start);
    size_t eq = pair.find('=');
    std::string key, value;
    if (PercentDecode(pair.substr(0, eq), true, key) &&
        (eq == std::string_view::npos ||
         PercentDecode(pair.substr(eq + 1), true, value)) &&
        !key.empty()) {
      query[key] = value;
    }
    start = end + 1;
  }
}

void Router::Add(std::string method, std::string pattern, Handler handler) {
  Route route{std::move(method), pattern, SplitPath(pattern),
              std::move(handler)};
  routes_.push_back(std::move(route));
}

bool Router::Match(const Route& route, const std::vector<std::string>& parts,
                   std::map<std::string, std::string>& params) {
  if (route.parts.size() != parts.size()) return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string& p = route.parts[i];
    if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
      found[p.substr(1, p.size() - 2)] = parts[i];
    } else if (p != parts[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

HttpResponse Router::Dispatch(HttpRequest& request) const {
  const std::vector<std::string> parts = SplitPath(request.path);
  const std::string method = request.method == "HEAD" ? "GET" : request.method;
  std::string allow;
  for (const Route& route : routes_) {
    std::map<std::string, std::string> params;
    if (!Match(route, parts, params)) continue;
    if (route.method == method) {
      request.params = std::move(params);
      HttpResponse response = route.handler(request);
      if (request.method == "HEAD") response.body.clear();
      return response;
    }
    if (!allow.empty()) allow += ", ";
    allow += route.method;
  }
  if (!allow.empty()) {
    HttpResponse response = HttpResponse::Error(
        405, "method_not_allowed",
        request.method + " is not allowed on " + request.path);
    response.headers.emplace_back("Allow", allow);
    return response;
  }
  if (fallback_) return fallback_(request);
  return HttpResponse::Error(404, "not_found", "no route for " + request.path);
}

std::vector<std::pair<std::string, std::string>> Router::Routes() const {
  std::vector<std::pair<std::string, std::string>> all;
  for (const Route& route : routes_)
    all.emplace_back(route.method, route.pattern);
  return all;
}

}  // namespace vafa::api
