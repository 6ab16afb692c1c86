// The response checker of the API tests on small hand-written documents:
// each rule it applies refuses what breaks it, so a passing API test means
// the answers were checked.
#include "tests/api/openapi_contract.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace vafa::testing_api {
namespace {

using nlohmann::json;
using testing::ElementsAre;
using testing::HasSubstr;
using testing::IsEmpty;

json Document() {
  return json::parse(R"({
    "openapi": "3.0.3",
    "paths": {
      "/api/v1/things/{id}": {
        "get": {"responses": {
          "200": {"content": {"application/json": {"schema": {
            "$ref": "#/components/schemas/Thing"}}}},
          "404": {"$ref": "#/components/responses/E404"}}},
        "delete": {"responses": {"204": {"description": "gone"}}},
        "put": {"requestBody": {"$ref": "#/components/requestBodies/ThingIn"},
                "responses": {"200": {"description": "kept"}}},
        "post": {"requestBody": {"content": {"application/json": {}}},
                 "responses": {"200": {"description": "done"}}}
      },
      "/api/v1/things/upload": {
        "post": {"requestBody": {"content": {"text/csv": {}}},
                 "responses": {"200": {"description": "read"}}}
      },
      "/api/v1/things/{id}/touch": {
        "post": {"responses": {"204": {"description": "touched"}}}
      },
      "/api/v1/things/export": {
        "get": {"responses": {"200": {"content": {"text/csv": {}}}}}
      }
    },
    "components": {
      "requestBodies": {"ThingIn": {"required": true, "content": {
        "application/json": {"schema": {
          "$ref": "#/components/schemas/Thing"}}}}},
      "responses": {"E404": {"content": {"application/json": {"schema": {
        "$ref": "#/components/schemas/Error"}}}}},
      "schemas": {
        "Error": {"type": "object", "additionalProperties": false,
          "properties": {"error": {"type": "object", "properties": {
            "code": {"type": "string"}}}}},
        "Thing": {"type": "object", "additionalProperties": false,
          "required": ["id", "name"],
          "properties": {
            "id": {"type": "integer", "format": "int64", "minimum": 1},
            "name": {"type": "string", "maxLength": 3},
            "note": {"type": "string", "nullable": true},
            "kind": {"type": "string", "enum": ["a", "b"]},
            "parent": {"allOf": [{"$ref": "#/components/schemas/Thing"}],
                       "nullable": true},
            "when": {"oneOf": [{"type": "integer"}, {"type": "string"}]},
            "tags": {"type": "array", "items": {"type": "string"}},
            "counts": {"type": "object",
                       "additionalProperties": {"type": "integer"}}}}
      }
    }
  })");
}

std::vector<std::string> Get(const std::string& body) {
  return OpenApiContract(Document())
      .CheckResponse("GET", "/api/v1/things/7", 200, "application/json", body);
}

TEST(OpenApiContractTest, ChecksTheRequestBodiesTheServerAccepted) {
  OpenApiContract contract(Document());
  EXPECT_THAT(contract.CheckRequest("PUT", "/api/v1/things/7", 200,
                                    R"({"id": 7, "name": "ab"})"),
              IsEmpty());
  EXPECT_THAT(contract.CheckRequest("PUT", "/api/v1/things/7", 200,
                                    R"({"id": 7, "name": "ab", "x": 1})"),
              ElementsAre(HasSubstr("PUT /api/v1/things/{id} request: $.x: "
                                    "the field is not in the document")));
  EXPECT_THAT(
      contract.CheckRequest("PUT", "/api/v1/things/7", 200, R"({"id": "7"})"),
      ElementsAre(HasSubstr("$: required field \"name\" is missing"),
                  HasSubstr("$.id: expected integer, got string")));
  EXPECT_THAT(contract.CheckRequest("PUT", "/api/v1/things/7", 200, ""),
              ElementsAre(HasSubstr("requires a body, the server took none")));
  EXPECT_THAT(contract.CheckRequest("PUT", "/api/v1/things/7", 200, "{nope"),
              ElementsAre(HasSubstr("a body that is not JSON")));
  EXPECT_THAT(contract.CheckRequest("POST", "/api/v1/things/7/touch", 204,
                                    R"({"a": 1})"),
              ElementsAre(HasSubstr("the document describes no body")));
  EXPECT_THAT(contract.CheckRequest("POST", "/api/v1/things/7/touch", 204, ""),
              IsEmpty());
  // A JSON body without a schema in the document cannot be checked.
  EXPECT_THAT(
      contract.CheckRequest("POST", "/api/v1/things/7", 200, R"({"a": 1})"),
      ElementsAre(HasSubstr("describes no JSON body")));
  // An upload is the importer's to judge.
  EXPECT_THAT(
      contract.CheckRequest("POST", "/api/v1/things/upload", 200, "a,b\n1,2"),
      IsEmpty());
  // A refused request may carry a wrong body on purpose.
  EXPECT_THAT(
      contract.CheckRequest("PUT", "/api/v1/things/7", 422, R"({"id": "7"})"),
      IsEmpty());
}

TEST(OpenApiContractTest, LiteralSegmentsWinOverParameters) {
  OpenApiContract contract(Document());
  EXPECT_EQ(contract.TemplateOf("GET", "/api/v1/things/export"),
            "/api/v1/things/export");
  EXPECT_EQ(contract.TemplateOf("GET", "/api/v1/things/9"),
            "/api/v1/things/{id}");
  EXPECT_EQ(contract.TemplateOf("HEAD", "/api/v1/things/9"),
            "/api/v1/things/{id}");
  EXPECT_EQ(contract.TemplateOf("PATCH", "/api/v1/things/9"), "");
  EXPECT_EQ(contract.TemplateOf("GET", "/api/v1/things/9/more"), "");
}

TEST(OpenApiContractTest, AcceptsAnAnswerThatFollowsTheSchema) {
  EXPECT_THAT(Get(R"({"id": 7, "name": "abc", "note": null, "kind": "a",
                      "parent": {"id": 1, "name": "x"}, "when": "today",
                      "tags": ["t"], "counts": {"x": 1}})"),
              IsEmpty());
  EXPECT_THAT(Get(R"({"id": 7, "name": "abc", "parent": null, "when": 5})"),
              IsEmpty());
}

TEST(OpenApiContractTest, RefusesAFieldTheDocumentDoesNotName) {
  EXPECT_THAT(Get(R"({"id": 7, "name": "abc", "colour": "red"})"),
              ElementsAre("GET /api/v1/things/{id} 200: $.colour: the field "
                          "is not in the document"));
}

TEST(OpenApiContractTest, RefusesAMissingRequiredField) {
  EXPECT_THAT(Get(R"({"id": 7})"),
              ElementsAre(HasSubstr("$: required field \"name\" is missing")));
}

TEST(OpenApiContractTest, RefusesWrongTypesAndNullsWhereNotNullable) {
  EXPECT_THAT(Get(R"({"id": 7.5, "name": null})"),
              ElementsAre(HasSubstr("$.id: expected integer, got number"),
                          HasSubstr("$.name: expected string, got null")));
  EXPECT_THAT(Get(R"({"id": 7, "name": "a", "tags": [1]})"),
              ElementsAre(HasSubstr("$.tags[0]: expected string")));
  EXPECT_THAT(Get(R"({"id": 7, "name": "a", "counts": {"x": "1"}})"),
              ElementsAre(HasSubstr("$.counts.x: expected integer")));
}

TEST(OpenApiContractTest, FollowsReferencesIntoNestedObjects) {
  EXPECT_THAT(Get(R"({"id": 7, "name": "a", "parent": {"id": 0, "name": "b",
                      "extra": 1}})"),
              ElementsAre(HasSubstr("$.parent.extra: the field is not"),
                          HasSubstr("$.parent.id: 0 is below the minimum 1")));
}

TEST(OpenApiContractTest, RefusesValuesOutsideEnumLengthAndOneOf) {
  EXPECT_THAT(Get(R"({"id": 7, "name": "abcd", "kind": "c", "when": true})"),
              ElementsAre(HasSubstr("$.kind: \"c\" is not one of"),
                          HasSubstr("$.name: longer than 3"),
                          HasSubstr("$.when: true matches 0 of the oneOf")));
}

TEST(OpenApiContractTest, ChecksStatusContentTypeAndEmptyBodies) {
  OpenApiContract contract(Document());
  EXPECT_THAT(contract.CheckResponse("GET", "/api/v1/things/7", 409,
                                     "application/json", "{}"),
              ElementsAre(HasSubstr("GET /api/v1/things/{id} 409: the status "
                                    "is not documented")));
  EXPECT_THAT(
      contract.CheckResponse("GET", "/api/v1/things/7", 404, "application/json",
                             R"({"error": {"code": "not_found"}})"),
      IsEmpty());
  EXPECT_THAT(contract.CheckResponse("GET", "/api/v1/things/7", 200,
                                     "text/plain", "hello"),
              ElementsAre(HasSubstr("content type \"text/plain\" is not")));
  EXPECT_THAT(contract.CheckResponse("GET", "/api/v1/things/export", 200,
                                     "text/csv; charset=utf-8", "a,b\n"),
              IsEmpty());
  EXPECT_THAT(contract.CheckResponse("DELETE", "/api/v1/things/7", 204, "", ""),
              IsEmpty());
  EXPECT_THAT(contract.CheckResponse("DELETE", "/api/v1/things/7", 204,
                                     "application/json", "{}"),
              ElementsAre(HasSubstr("the document promises no body")));
  // A transport status is the error shape on any operation.
  EXPECT_THAT(contract.CheckResponse("DELETE", "/api/v1/things/7", 413,
                                     "application/json", R"({"oops": 1})"),
              ElementsAre(HasSubstr("$.oops: the field is not")));
}

TEST(OpenApiContractTest, ReportsKeywordsItDoesNotUnderstand) {
  OpenApiContract contract(Document());
  EXPECT_THAT(
      contract.CheckValue(json{{"type", "string"}, {"const", "x"}}, "x", "$"),
      ElementsAre("$: the checker does not know keyword \"const\""));
  EXPECT_THAT(contract.CheckValue(
                  json::parse(R"({"type": ["string", "null"]})"), "x", "$"),
              ElementsAre(HasSubstr("is not one type name")));
}

}  // namespace
}  // namespace vafa::testing_api
