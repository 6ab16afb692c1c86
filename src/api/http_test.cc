#include "api/http.h"

#include <gmock/gmock.h>

namespace vafa::api {
namespace {

using ::testing::_;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Pair;

HttpRequest Request(std::string method, std::string path) {
  HttpRequest request;
  request.method = std::move(method);
  request.path = std::move(path);
  return request;
}

HttpResponse Echo(const HttpRequest& request) {
  HttpResponse response;
  response.body = request.method + " " + request.path;
  for (auto& [k, v] : request.params) response.body += " " + k + "=" + v;
  return response;
}

TEST(RouterTest, MatchesPathParametersAndMethods) {
  Router router;
  router.Add("GET", "/api/v1/customers/{id}", Echo);
  router.Add("GET", "/api/v1/customers/{id}/360", Echo);
  router.Add("DELETE", "/api/v1/customers/{id}", Echo);
  HttpRequest request = Request("GET", "/api/v1/customers/42/360");
  EXPECT_EQ(router.Dispatch(request).body,
            "GET /api/v1/customers/42/360 id=42");
  HttpRequest wrong = Request("POST", "/api/v1/customers/42");
  HttpResponse not_allowed = router.Dispatch(wrong);
  EXPECT_EQ(not_allowed.status, 405);
  EXPECT_THAT(not_allowed.headers,
              ::testing::Contains(std::make_pair(std::string("Allow"),
                                                 std::string("GET, DELETE"))));
  HttpRequest missing = Request("GET", "/api/v1/nothing");
  EXPECT_EQ(router.Dispatch(missing).status, 404);
  HttpRequest head = Request("HEAD", "/api/v1/customers/7");
  HttpResponse headed = router.Dispatch(head);
  EXPECT_EQ(headed.status, 200);
  EXPECT_TRUE(headed.body.empty());
  EXPECT_EQ(router.Routes().size(), 3u);
}

TEST(HttpTest, QueryDecoding) {
  std::map<std::string, std::string> query;
  ParseQuery("q=%D8%B9%D9%84%DB%8C+%DA%A9&limit=5&bad=%zz&=x", query);
  EXPECT_EQ(query["q"], "علی ک");
  EXPECT_EQ(query["limit"], "5");
  EXPECT_EQ(query.count("bad"), 0u);
  std::string out;
  EXPECT_FALSE(PercentDecode("%4", false, out));
  EXPECT_TRUE(PercentDecode("a+b%2F", false, out));
  EXPECT_EQ(out, "a+b/");
}

TEST(HttpTest, ErrorsAreStableJsonWithTheRightStatus) {
  HttpResponse invalid =
      HttpResponse::Error(Status::Invalid("bad phone", "phone"));
  EXPECT_EQ(invalid.status, 400);
  EXPECT_EQ(
      invalid.body,
      R"({"error":{"code":"invalid_field","field":"phone","message":"bad phone"}})");
  EXPECT_EQ(HttpResponse::Error(Status::NotFound("x")).status, 404);
  EXPECT_EQ(HttpResponse::Error(Status::Conflict("x")).status, 409);
  EXPECT_EQ(HttpResponse::Error(Status::Unavailable("x")).status, 503);
  EXPECT_THAT(HttpResponse::Error(Status::Internal("x\"y")).body,
              HasSubstr("x\\\"y"));
}

TEST(HttpTest, UnavailableSaysWhenToRetry) {
  HttpResponse down = HttpResponse::Error(Status::Unavailable("db down"));
  EXPECT_EQ(down.status, 503);
  EXPECT_THAT(down.body, HasSubstr("\"code\":\"unavailable\""));
  EXPECT_THAT(down.headers, Contains(Pair("Retry-After", "2")));
  EXPECT_THAT(HttpResponse::Error(Status::Internal("x")).headers,
              Not(Contains(Pair("Retry-After", _))));
}

}  // namespace
}  // namespace vafa::api
