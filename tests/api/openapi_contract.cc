#include "tests/api/openapi_contract.h"

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>
#include <stdexcept>

namespace vafa::testing_api {
namespace {

using nlohmann::json;

// Keywords that describe and never constrain.
const std::set<std::string> kAnnotations = {
    "description", "format",   "default",   "example",
    "title",       "readOnly", "writeOnly", "deprecated"};
// Keywords Check understands.
const std::set<std::string> kChecked = {"$ref",
                                        "type",
                                        "nullable",
                                        "properties",
                                        "required",
                                        "items",
                                        "enum",
                                        "oneOf",
                                        "anyOf",
                                        "allOf",
                                        "minimum",
                                        "maximum",
                                        "minLength",
                                        "maxLength",
                                        "pattern",
                                        "maxItems",
                                        "minItems",
                                        "exclusiveMinimum",
                                        "additionalProperties"};

// Statuses the transport may answer for any operation before or around the
// route (body or headers too large, an exception, the store unavailable):
// their body is the Error schema whether the operation lists them or not.
const std::set<int> kTransportStatuses = {413, 431, 500, 503};

std::vector<std::string> Segments(std::string_view path) {
  std::vector<std::string> out;
  size_t at = 0;
  while (at < path.size()) {
    size_t slash = path.find('/', at);
    if (slash == std::string_view::npos) slash = path.size();
    if (slash > at) out.emplace_back(path.substr(at, slash - at));
    at = slash + 1;
  }
  return out;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::string TypeName(const json& value) {
  if (value.is_null()) return "null";
  if (value.is_boolean()) return "boolean";
  if (value.is_number_integer()) return "integer";
  if (value.is_number()) return "number";
  if (value.is_string()) return "string";
  if (value.is_array()) return "array";
  return "object";
}

bool HasType(const json& value, const std::string& type) {
  if (type == "object") return value.is_object();
  if (type == "array") return value.is_array();
  if (type == "string") return value.is_string();
  if (type == "integer") return value.is_number_integer();
  if (type == "number") return value.is_number();
  if (type == "boolean") return value.is_boolean();
  return false;
}

std::string Shorten(const json& value) {
  std::string text = value.dump();
  return text.size() > 60 ? text.substr(0, 57) + "..." : text;
}

}  // namespace

OpenApiContract::OpenApiContract(json document)
    : document_(std::move(document)) {}

OpenApiContract OpenApiContract::FromFile(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw std::runtime_error(file.string() + ": cannot be read");
  return OpenApiContract(json::parse(in));
}

std::string OpenApiContract::TemplateOf(std::string_view method,
                                        std::string_view path) const {
  const std::string operation = method == "HEAD" ? "get" : Lower(method);
  const std::vector<std::string> parts = Segments(path);
  std::string best;
  int best_literals = -1;
  for (const auto& [pattern, item] : document_.at("paths").items()) {
    if (!item.contains(operation)) continue;
    const std::vector<std::string> expected = Segments(pattern);
    if (expected.size() != parts.size()) continue;
    int literals = 0;
    bool match = true;
    for (size_t part_idx = 0; part_idx < parts.size() && match; ++part_idx) {
      const std::string& want = expected[part_idx];
      if (want.size() > 1 && want.front() == '{' && want.back() == '}') {
        continue;
      }
      match = want == parts[part_idx];
      ++literals;
    }
    if (match && literals > best_literals) {
      best = pattern;
      best_literals = literals;
    }
  }
  return best;
}

std::vector<std::string> OpenApiContract::CheckResponse(
    std::string_view method, std::string_view path, int status,
    std::string_view content_type, std::string_view body) const {
  std::vector<std::string> out;
  const std::string pattern = TemplateOf(method, path);
  const std::string where = std::string(method) + " " +
                            (pattern.empty() ? std::string(path) : pattern) +
                            " " + std::to_string(status);
  const std::string media(content_type.substr(0, content_type.find(';')));
  const json error_response = {
      {"content",
       {{"application/json",
         {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
  if (pattern.empty()) {
    // No operation serves it: a 404 or 405 from the router, or a static
    // file; a JSON answer there is still the error shape.
    if (status >= 400 && media == "application/json") {
      CheckBody(error_response, media, body, where, out);
    }
    return out;
  }
  const json& responses =
      document_["paths"][pattern][method == "HEAD" ? "get" : Lower(method)]
               ["responses"];
  const std::string code = std::to_string(status);
  if (responses.contains(code)) {
    CheckBody(Resolve(responses[code]), media, body, where, out);
  } else if (responses.contains("default")) {
    CheckBody(Resolve(responses["default"]), media, body, where, out);
  } else if (kTransportStatuses.count(status)) {
    CheckBody(error_response, media, body, where, out);
  } else {
    out.push_back(where + ": the status is not documented (body " +
                  std::string(body.substr(0, 120)) + ")");
  }
  if (method == "HEAD") out.clear();  // no body to check
  return out;
}

std::vector<std::string> OpenApiContract::CheckRequest(
    std::string_view method, std::string_view path, int status,
    std::string_view body) const {
  std::vector<std::string> out;
  const std::string pattern = TemplateOf(method, path);
  if (status < 200 || status > 299 || pattern.empty()) return out;
  const std::string where = std::string(method) + " " + pattern + " request";
  const json& operation =
      document_["paths"][pattern][method == "HEAD" ? "get" : Lower(method)];
  if (!operation.contains("requestBody")) {
    if (!body.empty()) {
      out.push_back(where +
                    ": the document describes no body, the server "
                    "took " +
                    std::string(body.substr(0, 120)));
    }
    return out;
  }
  const json& request = Resolve(operation["requestBody"]);
  if (body.empty()) {
    if (request.value("required", false)) {
      out.push_back(where +
                    ": the document requires a body, the server "
                    "took none");
    }
    return out;
  }
  const json empty = json::object();
  const json& content =
      request.contains("content") ? request["content"] : empty;
  // A file upload (text/csv, an .xlsx's bytes) is the importers' to judge.
  if (!content.contains("application/json") && !content.empty()) return out;
  const json* schema = nullptr;
  if (content.contains("application/json") &&
      content["application/json"].contains("schema")) {
    schema = &content["application/json"]["schema"];
  }
  if (schema == nullptr) {
    out.push_back(where + ": the document describes no JSON body");
    return out;
  }
  const json value = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) {
    out.push_back(where + ": the server took a body that is not JSON: " +
                  std::string(body.substr(0, 120)));
    return out;
  }
  for (std::string& line : CheckValue(*schema, value, "$")) {
    out.push_back(where + ": " + line);
  }
  return out;
}

void OpenApiContract::CheckBody(const json& response, std::string_view media,
                                std::string_view body, const std::string& where,
                                std::vector<std::string>& out) const {
  if (!response.contains("content")) {
    if (!body.empty()) {
      out.push_back(where + ": the document promises no body, got " +
                    std::string(body.substr(0, 120)));
    }
    return;
  }
  const json& content = response["content"];
  if (!content.contains(media)) {
    out.push_back(where + ": content type \"" + std::string(media) +
                  "\" is not documented");
    return;
  }
  if (media != "application/json") return;
  json value = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) {
    out.push_back(
        where + ": the body is not JSON: " + std::string(body.substr(0, 120)));
    return;
  }
  if (!content[media].contains("schema")) return;
  for (std::string& line : CheckValue(content[media]["schema"], value, "$")) {
    out.push_back(where + ": " + line);
  }
}

std::vector<std::string> OpenApiContract::CheckValue(
    const json& schema, const json& value, const std::string& where) const {
  std::vector<std::string> out;
  Check(schema, value, where, out);
  return out;
}

const json& OpenApiContract::Resolve(const json& schema) const {
  const json* at = &schema;
  while (at->is_object() && at->contains("$ref")) {
    const std::string ref = (*at)["$ref"].get<std::string>();
    if (ref.rfind("#/", 0) != 0) {
      throw std::runtime_error("$ref " + ref + " is not inside the document");
    }
    at = &document_.at(json::json_pointer(ref.substr(1)));
  }
  return *at;
}

void OpenApiContract::Check(const json& given, const json& value,
                            const std::string& where,
                            std::vector<std::string>& out) const {
  // nullable sits beside a $ref or allOf ({"allOf":[{"$ref"}],
  // "nullable":true}), so it is read before resolving.
  if (value.is_null() && given.value("nullable", false)) return;
  const json& schema = Resolve(given);
  if (value.is_null() && schema.value("nullable", false)) return;
  for (const auto& [keyword, argument] : schema.items()) {
    if (!kChecked.count(keyword) && !kAnnotations.count(keyword)) {
      out.push_back(where + ": the checker does not know keyword \"" + keyword +
                    "\"");
    }
  }
  if (schema.contains("type") && !schema["type"].is_string()) {
    // OpenAPI 3.1's ["string", "null"]; 3.0 writes "nullable": true.
    out.push_back(where + ": \"type\" " + schema["type"].dump() +
                  " is not one type name");
    return;
  }
  if (schema.contains("type") &&
      !HasType(value, schema["type"].get<std::string>())) {
    out.push_back(where + ": expected " + schema["type"].get<std::string>() +
                  ", got " + TypeName(value) + " " + Shorten(value));
    return;
  }
  if (schema.contains("enum")) {
    const json& allowed = schema["enum"];
    if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
      out.push_back(where + ": " + Shorten(value) + " is not one of " +
                    Shorten(allowed));
    }
  }
  if (schema.contains("allOf")) {
    for (const json& part : schema["allOf"]) Check(part, value, where, out);
  }
  for (const char* keyword : {"oneOf", "anyOf"}) {
    if (!schema.contains(keyword)) continue;
    int matches = 0;
    for (const json& part : schema[keyword]) {
      if (CheckValue(part, value, where).empty()) ++matches;
    }
    const bool one = std::string(keyword) == "oneOf";
    if (one ? matches != 1 : matches == 0) {
      out.push_back(where + ": " + Shorten(value) + " matches " +
                    std::to_string(matches) + " of the " + keyword +
                    " schemas");
    }
  }
  if (value.is_object()) CheckObject(schema, value, where, out);
  if (value.is_array()) {
    if (schema.contains("maxItems") &&
        value.size() > schema["maxItems"].get<size_t>()) {
      out.push_back(where + ": more than " + schema["maxItems"].dump() +
                    " items");
    }
    if (schema.contains("minItems") &&
        value.size() < schema["minItems"].get<size_t>()) {
      out.push_back(where + ": fewer than " + schema["minItems"].dump() +
                    " items");
    }
    if (schema.contains("items")) {
      for (size_t item_idx = 0; item_idx < value.size(); ++item_idx) {
        Check(schema["items"], value[item_idx],
              where + "[" + std::to_string(item_idx) + "]", out);
      }
    }
  }
  CheckScalar(schema, value, where, out);
}

void OpenApiContract::CheckObject(const json& schema, const json& value,
                                  const std::string& where,
                                  std::vector<std::string>& out) const {
  const json empty = json::object();
  const json& properties =
      schema.contains("properties") ? schema["properties"] : empty;
  if (schema.contains("required")) {
    for (const json& name : schema["required"]) {
      if (!value.contains(name.get<std::string>())) {
        out.push_back(where + ": required field \"" + name.get<std::string>() +
                      "\" is missing");
      }
    }
  }
  const json* additional = schema.contains("additionalProperties")
                               ? &schema["additionalProperties"]
                               : nullptr;
  for (const auto& [name, member] : value.items()) {
    const std::string inner = where + "." + name;
    if (properties.contains(name)) {
      Check(properties[name], member, inner, out);
    } else if (additional != nullptr && additional->is_boolean()) {
      if (!additional->get<bool>()) {
        out.push_back(inner + ": the field is not in the document");
      }
    } else if (additional != nullptr) {
      Check(*additional, member, inner, out);
    }
  }
}

void OpenApiContract::CheckScalar(const json& schema, const json& value,
                                  const std::string& where,
                                  std::vector<std::string>& out) const {
  if (value.is_number()) {
    const double number = value.get<double>();
    const bool exclusive = schema.value("exclusiveMinimum", false);
    if (schema.contains("minimum") &&
        (exclusive ? number <= schema["minimum"].get<double>()
                   : number < schema["minimum"].get<double>())) {
      out.push_back(where + ": " + value.dump() + " is below the minimum " +
                    schema["minimum"].dump());
    }
    if (schema.contains("maximum") &&
        number > schema["maximum"].get<double>()) {
      out.push_back(where + ": " + value.dump() + " is above the maximum " +
                    schema["maximum"].dump());
    }
  }
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    // Lengths count code points, as JSON Schema does, not UTF-8 bytes.
    const size_t length = static_cast<size_t>(std::count_if(
        text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
    if (schema.contains("minLength") &&
        length < schema["minLength"].get<size_t>()) {
      out.push_back(where + ": shorter than " + schema["minLength"].dump());
    }
    if (schema.contains("maxLength") &&
        length > schema["maxLength"].get<size_t>()) {
      out.push_back(where + ": longer than " + schema["maxLength"].dump());
    }
    if (schema.contains("pattern") &&
        !std::regex_search(text,
                           std::regex(schema["pattern"].get<std::string>()))) {
      out.push_back(where + ": " + Shorten(value) + " does not match " +
                    schema["pattern"].dump());
    }
  }
}

}  // namespace vafa::testing_api
