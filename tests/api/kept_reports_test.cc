// Reports kept by an analysis run, through the API of a real server on
// SQLite and PostgreSQL: a run keeps each report as a typed table (columns
// and cells, migration 0025), and a report kept as CSV text before that
// migration is served the same, read by the report's declared columns.
#include <soci/soci.h>

#include <string>

#include "tests/api/api_fixture.h"

namespace vafa {
namespace {

using nlohmann::json;
using testing_api::ApiTest;
using testing_api::HttpResult;

class KeptReportsApiTest : public ApiTest {
 protected:
  const std::string reports = "/api/v1/workspaces/demo/analytics/reports/";
};

TEST_P(KeptReportsApiTest, AReportKeptAsCsvBeforeTablesIsServedTheSame) {
  Vafa({"analyze"});
  const json typed = Get(reports + "segments", Owner()).Json();
  const HttpResult typed_csv = Get(reports + "segments?format=csv", Owner());
  ASSERT_EQ(typed_csv.status, 200);
  ASSERT_TRUE(typed.contains("run"));
  ASSERT_FALSE(typed["rows"].empty());
  EXPECT_EQ(typed["column_types"], json({"text", "integer", "money", "money"}));
  EXPECT_EQ(typed["currency"], "IRR");
  // Kept as a table: columns with their types, cells by column, no CSV.
  std::string body, columns;
  soci::indicator has_columns = soci::i_null;
  db().sql() << "SELECT body, table_columns FROM analysis_reports WHERE name "
                "= 'segments'",
      soci::into(body), soci::into(columns, has_columns);
  EXPECT_EQ(body, "");
  ASSERT_EQ(has_columns, soci::i_ok);
  EXPECT_NE(columns.find("{\"name\":\"revenue\",\"type\":\"money\"}"),
            std::string::npos)
      << columns;

  // The same report as a release before 0025 kept it: its CSV.
  db().sql() << "UPDATE analysis_reports SET body = :b, table_columns = "
                "NULL, table_cells = NULL WHERE name = 'segments'",
      soci::use(typed_csv.body);
  EXPECT_EQ(Get(reports + "segments", Owner()).Json(), typed);
  EXPECT_EQ(Get(reports + "segments?format=csv", Owner()).body, typed_csv.body);
}

TEST_P(KeptReportsApiTest, AKeptTableThatDoesNotDecodeIsAnInternalError) {
  Vafa({"analyze"});
  db().sql() << "UPDATE analysis_reports SET table_cells = '[[1]]' WHERE "
                "name = 'pareto'";
  const HttpResult broken = Get(reports + "pareto", Owner());
  // The server's log names the report; the caller gets the request id.
  EXPECT_EQ(broken.status, 500);
  EXPECT_EQ(broken.Json()["error"]["code"], "internal") << broken.body;
  // Computing it afresh does not read the kept copy.
  EXPECT_EQ(Get(reports + "pareto?fresh=true", Owner()).status, 200);
}

VAFA_INSTANTIATE_BACKEND_TEST(KeptReportsApiTest);

}  // namespace
}  // namespace vafa
