// The OpenAPI document and the router agree: every registered route is
// documented with its method, and every documented operation is served.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

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
