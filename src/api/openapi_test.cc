// The OpenAPI document and the router agree: every registered route is
// documented with its method, and every documented operation is served.
// Every object an answer carries says whether it is closed, so the API
// tests (tests/api/openapi_contract.h) refuse fields it does not name.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "api/access.h"
#include "api/routes.h"

namespace vafa::api {
namespace {

using Operations = std::set<std::pair<std::string, std::string>>;

Operations Registered() {
  Router router;
  ApiContext context;
  context.database = []() -> Result<store::Database*> {
    return Status::Unavailable("no store in this test");
  };
  AddApiRoutes(router, context);
  Operations out;
  for (auto& [method, pattern] : router.Routes()) out.emplace(method, pattern);
  return out;
}

Operations Documented(const nlohmann::json& doc) {
  Operations out;
  for (const auto& [path, item] : doc.at("paths").items()) {
    for (const auto& [method, operation] : item.items()) {
      if (method == "parameters") continue;
      std::string upper;
      for (char c : method) upper += static_cast<char>(std::toupper(c));
      out.emplace(upper, path);
    }
  }
  return out;
}

TEST(OpenApiTest, IsOpenApi3WithUniqueOperationIds) {
  nlohmann::json doc = nlohmann::json::parse(OpenApiDocument());
  EXPECT_THAT(doc.at("openapi").get<std::string>(), testing::StartsWith("3."));
  std::set<std::string> ids;
  for (const auto& [path, item] : doc.at("paths").items()) {
    for (const auto& [method, operation] : item.items()) {
      if (method == "parameters") continue;
      ASSERT_TRUE(operation.contains("operationId")) << method << " " << path;
      EXPECT_TRUE(
          ids.insert(operation["operationId"].get<std::string>()).second)
          << operation["operationId"];
      EXPECT_TRUE(operation.contains("responses")) << method << " " << path;
    }
  }
}

// Collects the places under `schema` (following $ref into the document)
// where an object lists properties without saying additionalProperties.
void FindOpenObjects(const nlohmann::json& doc, const nlohmann::json& schema,
                     const std::string& where, std::set<std::string>& seen,
                     std::vector<std::string>& out) {
  if (schema.is_array()) {
    for (const auto& part : schema)
      FindOpenObjects(doc, part, where, seen, out);
    return;
  }
  if (!schema.is_object()) return;
  if (schema.contains("$ref")) {
    const std::string ref = schema["$ref"].get<std::string>();
    if (seen.insert(ref).second) {
      FindOpenObjects(doc, doc.at(nlohmann::json::json_pointer(ref.substr(1))),
                      ref, seen, out);
    }
    return;
  }
  if (schema.contains("properties") &&
      !schema.contains("additionalProperties")) {
    out.push_back(where);
  }
  for (const auto& [key, value] : schema.items()) {
    if (key == "properties") {
      for (const auto& [name, property] : value.items()) {
        FindOpenObjects(doc, property, where + "." + name, seen, out);
      }
    } else if (key == "items" || key == "allOf" || key == "oneOf" ||
               key == "anyOf" || key == "additionalProperties" ||
               key == "schema" || key == "content" ||
               key == "application/json") {
      FindOpenObjects(doc, value, where, seen, out);
    }
  }
}

TEST(OpenApiTest, EveryObjectInAnAnswerSaysWhetherItIsClosed) {
  nlohmann::json doc = nlohmann::json::parse(OpenApiDocument());
  std::set<std::string> seen;
  std::vector<std::string> open;
  for (const auto& [path, item] : doc.at("paths").items()) {
    for (const auto& [method, operation] : item.items()) {
      if (method == "parameters") continue;
      for (const auto& [status, response] : operation.at("responses").items()) {
        FindOpenObjects(doc, response, method + " " + path + " " + status, seen,
                        open);
      }
    }
  }
  EXPECT_THAT(open, testing::IsEmpty())
      << "add \"additionalProperties\": false (or a schema for the extra "
         "members) to these objects in src/api/openapi.json";
}

TEST(OpenApiTest, EveryRegisteredRouteIsDocumented) {
  Operations documented = Documented(nlohmann::json::parse(OpenApiDocument()));
  for (const auto& operation : Registered()) {
    EXPECT_TRUE(documented.count(operation))
        << operation.first << " " << operation.second
        << " is served but not in src/api/openapi.json";
  }
}

TEST(OpenApiTest, EveryDocumentedOperationIsServed) {
  Operations registered = Registered();
  for (const auto& operation :
       Documented(nlohmann::json::parse(OpenApiDocument()))) {
    EXPECT_TRUE(registered.count(operation))
        << operation.first << " " << operation.second
        << " is in src/api/openapi.json but no route serves it";
  }
}

}  // namespace
}  // namespace vafa::api
