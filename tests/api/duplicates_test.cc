// Duplicate customers through the API of a real server, on SQLite and
// PostgreSQL: the scan finds two records of one person, a merge moves the
// records and is audited, the list shows it, and undo restores it once;
// roles that may not write customers may neither scan nor merge.
#include <fstream>

#include "tests/api/api_fixture.h"

namespace vafa {
namespace {

using nlohmann::json;
using testing_api::ApiTest;
using testing_api::HttpResult;

class DuplicatesApiTest : public ApiTest {
 protected:
  const std::string ws = "/api/v1/workspaces/demo";

  int64_t MakeCustomer(const std::string& body) {
    HttpResult made = Call("POST", ws + "/customers", Owner(), body);
    EXPECT_EQ(made.status, 201) << made.body;
    return made.status == 201 ? made.Json()["customer"]["id"].get<int64_t>()
                              : 0;
  }
};

TEST_P(DuplicatesApiTest, ScanMergeListAndUndo) {
  const int64_t kept = MakeCustomer(
      R"({"external_id":"DUP-1","first_name":"سارا","last_name":"رحیمی",
          "phone":"09121119999"})");
  const int64_t other = MakeCustomer(
      R"({"external_id":"DUP-2","first_name":"سارا","last_name":"رحيمي",
          "phone":"+98 912 111 9999","email":"sara.dup@example.com"})");
  ASSERT_NE(kept, 0);
  ASSERT_NE(other, 0);

  HttpResult scan = Get(ws + "/duplicates?min_score=0.9&limit=1000", Owner());
  ASSERT_EQ(scan.status, 200) << scan.body;
  bool found = false;
  const json scanned = scan.Json();
  for (const json& pair : scanned["pairs"]) {
    if (pair["first"]["id"] == kept && pair["second"]["id"] == other) {
      found = true;
      EXPECT_EQ(pair["second"]["external_id"], "DUP-2");
      EXPECT_NE(pair["reasons"].get<std::string>().find("phone equal"),
                std::string::npos);
    }
  }
  EXPECT_TRUE(found) << scan.body;
  EXPECT_EQ(Get(ws + "/duplicates?min_score=2", Owner()).status, 422);

  HttpResult bad = Call("POST", ws + "/duplicates/merges", Owner(),
                        json{{"kept_id", kept},
                             {"other_id", other},
                             {"take", {{"colour", "other"}}}}
                            .dump());
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.Json()["error"]["field"], "take.colour");

  HttpResult merged = Call("POST", ws + "/duplicates/merges", Owner(),
                           json{{"kept_id", kept},
                                {"other_id", other},
                                {"take", {{"email", "other"}}}}
                               .dump());
  ASSERT_EQ(merged.status, 201) << merged.body;
  const json merge = merged.Json();
  EXPECT_EQ(merge["kept_id"], kept);
  EXPECT_TRUE(merge["batch"].is_null());
  EXPECT_EQ(merge["merged_by"], "owner@demo.test");
  const json customer =
      Get(ws + "/customers/" + std::to_string(kept), Owner()).Json();
  EXPECT_EQ(customer["customer"]["email"], "sara.dup@example.com");

  HttpResult again = Call("POST", ws + "/duplicates/merges", Owner(),
                          json{{"kept_id", kept}, {"other_id", other}}.dump());
  EXPECT_EQ(again.status, 422);
  EXPECT_EQ(again.Json()["error"]["field"], "other_id");

  const json listed = Get(ws + "/duplicates/merges", Owner()).Json();
  ASSERT_EQ(listed["merges"].size(), 1u);
  EXPECT_EQ(listed["merges"][0]["id"], merge["id"]);

  const std::string undo = ws + "/duplicates/merges/" +
                           std::to_string(merge["id"].get<int64_t>()) + "/undo";
  HttpResult undone = Call("POST", undo, Owner());
  ASSERT_EQ(undone.status, 200) << undone.body;
  EXPECT_FALSE(undone.Json()["undone_at"].is_null());
  EXPECT_EQ(Call("POST", undo, Owner()).status, 409);
  EXPECT_EQ(Call("POST", ws + "/duplicates/merges/999999/undo", Owner()).status,
            404);
  const json restored =
      Get(ws + "/customers/" + std::to_string(kept), Owner()).Json();
  EXPECT_TRUE(restored["customer"]["email"].is_null());

  const json audit =
      Get(ws + "/audit?entity=customer&entity_id=" + std::to_string(kept),
          Owner())
          .Json();
  std::vector<std::string> actions;
  for (const json& entry : audit["items"]) actions.push_back(entry["action"]);
  EXPECT_THAT(actions, ::testing::ElementsAre("unmerge", "merge", "create"));
}

TEST_P(DuplicatesApiTest, PreviewShowsBothSidesAndTheDefaultChoice) {
  const int64_t kept = MakeCustomer(
      R"({"external_id":"PRE-1","first_name":"Reza","last_name":"Karimi",
          "phone":"09121113333"})");
  const int64_t other = MakeCustomer(
      R"({"external_id":"PRE-2","first_name":"Reza","last_name":"Karimi",
          "phone":"09121113333","email":"reza.pre@example.com"})");
  ASSERT_NE(other, 0);
  const std::string preview =
      ws + "/duplicates/merge-preview?kept_id=" + std::to_string(kept) +
      "&other_id=" + std::to_string(other);
  HttpResult shown = Get(preview, Owner());
  ASSERT_EQ(shown.status, 200) << shown.body;
  const json answer = shown.Json();
  EXPECT_EQ(answer["kept"]["external_id"], "PRE-1");
  EXPECT_EQ(answer["other"]["id"], other);
  bool saw_email = false;
  for (const json& field : answer["fields"]) {
    if (field["field"] != "email") continue;
    saw_email = true;
    EXPECT_TRUE(field["kept"].is_null());
    EXPECT_EQ(field["other"], "reza.pre@example.com");
    EXPECT_EQ(field["take"], "other");
  }
  EXPECT_TRUE(saw_email) << shown.body;
  // Nothing was written: the kept customer has no e-mail yet.
  EXPECT_TRUE(Get(ws + "/customers/" + std::to_string(kept), Owner())
                  .Json()["customer"]["email"]
                  .is_null());

  HttpResult itself =
      Get(ws + "/duplicates/merge-preview?kept_id=" + std::to_string(kept) +
              "&other_id=" + std::to_string(kept),
          Owner());
  EXPECT_EQ(itself.status, 422);
  EXPECT_EQ(itself.Json()["error"]["field"], "other_id");
  HttpResult missing =
      Get(ws + "/duplicates/merge-preview?kept_id=" + std::to_string(kept) +
              "&other_id=999999",
          Owner());
  EXPECT_EQ(missing.status, 404);
  HttpResult no_id =
      Get(ws + "/duplicates/merge-preview?kept_id=" + std::to_string(kept),
          Owner());
  EXPECT_EQ(no_id.status, 422);
  EXPECT_EQ(no_id.Json()["error"]["field"], "other_id");
  EXPECT_EQ(Get(ws + "/duplicates/merge-preview?kept_id=x&other_id=1", Owner())
                .status,
            400);

  AddUser("analyst@demo.test", "analyst", "demo");
  EXPECT_EQ(Get(preview, SignIn("analyst@demo.test")).status, 403);
  // Support may merge but not read money figures: the acquisition cost is
  // withheld, the contact details are not.
  std::ofstream(dir_ / "cost.csv") << "external_id,acquisition_cost\n"
                                   << "PRE-2,500000\n";
  HttpResult cost = Call(
      "POST", ws + "/import-batches?kind=customers&mode=update", Owner(), "",
      "-H 'Content-Type: text/csv' --data-binary @" +
          testing::ShellQuote((dir_ / "cost.csv").string()));
  ASSERT_EQ(cost.status, 201) << cost.body;
  AddUser("support@demo.test", "support", "demo");
  HttpResult support = Get(preview, SignIn("support@demo.test"));
  ASSERT_EQ(support.status, 200) << support.body;
  const json withheld = support.Json();
  for (const json& field : withheld["fields"]) {
    if (field["field"] == "acquisition_cost_minor") {
      EXPECT_TRUE(field["other"].is_null()) << support.body;
    }
    if (field["field"] == "phone") {
      EXPECT_EQ(field["other"], "+989121113333");
    }
  }
  HttpResult owner_view = Get(preview, Owner());
  bool cost_shown = false;
  const json full = owner_view.Json();
  for (const json& field : full["fields"]) {
    if (field["field"] == "acquisition_cost_minor") {
      cost_shown = field["other"] == 500000;
    }
  }
  EXPECT_TRUE(cost_shown) << owner_view.body;
}

TEST_P(DuplicatesApiTest, CheckWarnsOfLikelyTwinsBeforeSaving) {
  const int64_t twin = MakeCustomer(
      R"({"external_id":"CHK-1","first_name":"سارا","last_name":"رحیمی",
          "phone":"09121119998"})");
  const int64_t namesake = MakeCustomer(
      R"({"external_id":"CHK-2","first_name":"رحیمی","last_name":"سارا"})");
  ASSERT_NE(namesake, 0);
  const std::string named = ws + "/customers?q=CHK";
  const size_t before = Get(named, Owner()).Json()["items"].size();
  const std::string check = ws + "/customers/duplicate-check";
  // Arabic letters and the phone typed another way.
  HttpResult checked = Call("POST", check, Owner(),
                            R"({"first_name":"سارا","last_name":"رحيمي",
                                "phone":"+98 912 111 9998"})");
  ASSERT_EQ(checked.status, 200) << checked.body;
  const json found = checked.Json()["candidates"];
  ASSERT_GE(found.size(), 2u) << checked.body;
  EXPECT_EQ(found[0]["customer"]["id"], twin);
  EXPECT_EQ(found[0]["customer"]["external_id"], "CHK-1");
  EXPECT_NE(found[0]["reasons"].get<std::string>().find("phone equal"),
            std::string::npos);
  // The namesake, first and last swapped, comes after the shared phone
  // (the fixture's own customers may hold namesakes too).
  bool saw_namesake = false;
  for (size_t i = 1; i < found.size(); ++i) {
    if (found[i]["customer"]["id"] != namesake) continue;
    saw_namesake = true;
    EXPECT_LT(found[i]["score"].get<double>(), found[0]["score"].get<double>());
  }
  EXPECT_TRUE(saw_namesake) << checked.body;
  // Nothing was written.
  EXPECT_EQ(Get(named, Owner()).Json()["items"].size(), before);
  EXPECT_EQ(before, 2u);

  HttpResult stranger = Call("POST", check, Owner(),
                             R"({"first_name":"Nima","last_name":"Rad"})");
  ASSERT_EQ(stranger.status, 200) << stranger.body;
  EXPECT_TRUE(stranger.Json()["candidates"].empty());
}

TEST_P(DuplicatesApiTest, CheckRefusesHostileDrafts) {
  const std::string check = ws + "/customers/duplicate-check";
  EXPECT_EQ(Call("POST", check, Owner(), R"({"first_name":)").status, 400);
  EXPECT_EQ(Call("POST", check, Owner(), R"(["first_name"])").status, 400);
  HttpResult unknown = Call("POST", check, Owner(), R"({"colour":"red"})");
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(unknown.Json()["error"]["field"], "colour");
  HttpResult bad_phone =
      Call("POST", check, Owner(), R"({"phone":"not a phone"})");
  EXPECT_EQ(bad_phone.status, 422);
  EXPECT_EQ(bad_phone.Json()["error"]["field"], "phone");
  HttpResult long_name =
      Call("POST", check, Owner(),
           json{{"first_name", std::string(5000, 'x')}}.dump());
  EXPECT_EQ(long_name.status, 422);
  EXPECT_EQ(long_name.Json()["error"]["field"], "first_name");
  HttpResult huge =
      Call("POST", check, Owner(),
           json{{"first_name", std::string(2 << 20, 'x')}}.dump());
  EXPECT_EQ(huge.status, 413);
  std::string deep;
  for (int level = 0; level < 500; ++level) deep += "{\"a\":";
  deep += "1" + std::string(500, '}');
  EXPECT_EQ(Call("POST", check, Owner(), deep).status, 400);
  // A name of one word is no phrase: it is checked by contact details only.
  HttpResult one_word = Call("POST", check, Owner(), R"({"first_name":"x"})");
  EXPECT_EQ(one_word.status, 200) << one_word.body;

  AddUser("analyst@demo.test", "analyst", "demo");
  EXPECT_EQ(Call("POST", check, SignIn("analyst@demo.test"),
                 R"({"first_name":"Sara"})")
                .status,
            403);
}

TEST_P(DuplicatesApiTest, OnlyCustomerWritersScanAndMerge) {
  AddUser("analyst@demo.test", "analyst", "demo");
  const std::string analyst = SignIn("analyst@demo.test");
  EXPECT_EQ(Get(ws + "/duplicates", analyst).status, 403);
  EXPECT_EQ(Call("POST", ws + "/duplicates/merges", analyst,
                 R"({"kept_id":1,"other_id":2})")
                .status,
            403);
  EXPECT_EQ(Call("POST", ws + "/duplicates/merges/1/undo", analyst).status,
            403);
  EXPECT_EQ(Get(ws + "/duplicates/merges", analyst).status, 200);
  // Another workspace's customer is not found from here.
  HttpResult across =
      Call("POST", "/api/v1/workspaces/other/duplicates/merges",
           SignIn("outsider@other.test"), R"({"kept_id":1,"other_id":2})");
  EXPECT_EQ(across.status, 404) << across.body;
}

VAFA_INSTANTIATE_BACKEND_TEST(DuplicatesApiTest);

}  // namespace
}  // namespace vafa
