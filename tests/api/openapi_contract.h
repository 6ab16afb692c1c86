// The API contract as the tests see it: whether one answer of the server
// (method, concrete path, status, content type, body) is what
// src/api/openapi.json promises for the operation that path names, and
// whether a request body the server accepted is one the document describes.
// The API tests pass every exchange through it, so a field the server adds,
// renames or retypes without the document fails the test that saw it, and
// so does a request field the server takes that the document does not name
// (the web UI's request types are generated from the same document).
//
// It checks the subset of JSON Schema (OpenAPI 3.0) the document uses:
// type, nullable, properties, required, additionalProperties (false closes
// an object; a schema checks the extra members), items, enum, oneOf, anyOf,
// allOf, minimum, maximum, minLength, maxLength, and $ref to
// #/components/...; a keyword outside that subset is reported, never
// ignored, so the checker cannot silently pass what it does not understand.
// Immutable after construction; safe to share between threads.
#ifndef VAFA_TESTS_API_OPENAPI_CONTRACT_H_
#define VAFA_TESTS_API_OPENAPI_CONTRACT_H_

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace vafa::testing_api {

class OpenApiContract {
 public:
  explicit OpenApiContract(nlohmann::json document);
  // The document read from `file`; throws when it cannot be read or parsed.
  static OpenApiContract FromFile(const std::filesystem::path& file);

  // The documented path template that serves `path` (no query) with
  // `method` (HEAD is served by GET), preferring literal segments over
  // {parameters}: "/api/v1/workspaces/{workspace}/customers/export".
  // "" when no operation serves it.
  std::string TemplateOf(std::string_view method, std::string_view path) const;

  // The mismatches between one answer and the document, one line each
  // naming the operation, the status and the place in the body
  // ("GET /api/v1/me 200: $.user.name: expected string, got null").
  // Empty when the answer conforms. `content_type` is the Content-Type
  // header ("" when none).
  std::vector<std::string> CheckResponse(std::string_view method,
                                         std::string_view path, int status,
                                         std::string_view content_type,
                                         std::string_view body) const;

  // The mismatches between a request body the server accepted (a 2xx
  // answer to `method` `path`) and the operation's requestBody: a body the
  // document does not describe, a required body left out, or a JSON body
  // its schema refuses ("POST /api/v1/.../tickets request: $.subject:
  // expected string, got 7"). Empty for a refused request (4xx), whose body
  // may be wrong on purpose.
  std::vector<std::string> CheckRequest(std::string_view method,
                                        std::string_view path, int status,
                                        std::string_view body) const;

  // The mismatches between `value` and `schema`, each prefixed by the JSON
  // path `where` ("$", "$.items[2].email").
  std::vector<std::string> CheckValue(const nlohmann::json& schema,
                                      const nlohmann::json& value,
                                      const std::string& where) const;

 private:
  const nlohmann::json& Resolve(const nlohmann::json& schema) const;
  void Check(const nlohmann::json& schema, const nlohmann::json& value,
             const std::string& where, std::vector<std::string>& out) const;
  void CheckObject(const nlohmann::json& schema, const nlohmann::json& value,
                   const std::string& where,
                   std::vector<std::string>& out) const;
  void CheckScalar(const nlohmann::json& schema, const nlohmann::json& value,
                   const std::string& where,
                   std::vector<std::string>& out) const;
  void CheckBody(const nlohmann::json& response, std::string_view media,
                 std::string_view body, const std::string& where,
                 std::vector<std::string>& out) const;

  nlohmann::json document_;
};

}  // namespace vafa::testing_api

#endif  // VAFA_TESTS_API_OPENAPI_CONTRACT_H_
