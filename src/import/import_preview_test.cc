// PreviewImport: the mapping, how dates and text are read, the first rows as
// they would be stored and the errors of an import, with nothing left in the
// store (every table's rows unchanged) and no rejects file. Both backends.
#include "import/import_preview.h"

#include <gmock/gmock.h>

#include <nlohmann/json.hpp>

#include "import/internal/import_test_support.h"

namespace vafa::import {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class ImportPreviewTest : public ImportTest {
 protected:
  // Every table of the store and its rows, so that a preview can be shown
  // to leave all of them as they were.
  std::string EveryTable() {
    const std::string tables =
        db().backend() == store::Backend::kPostgres
            ? "SELECT table_name FROM information_schema.tables WHERE "
              "table_schema = current_schema() AND table_type = 'BASE TABLE' "
              "ORDER BY table_name"
            : "SELECT name FROM sqlite_master WHERE type = 'table' AND name "
              "NOT LIKE 'sqlite_%' ORDER BY name";
    std::vector<std::string> names;
    soci::rowset<std::string> rows = (db().sql().prepare << tables);
    for (const std::string& name : rows) names.push_back(name);
    std::string out;
    for (const std::string& name : names) {
      out += name + ": " + std::to_string(Count(name)) + "\n";
    }
    return out + DumpAll() + Dump("import_batches", "id");
  }

  std::vector<std::string> FieldsOf(const ImportPreview& preview, size_t row) {
    return preview.rows.at(row).values;
  }
};

TEST_P(ImportPreviewTest, TransactionsShowMappingDatesAndLinesAsStored) {
  ASSERT_TRUE(ImportCustomers(db(), workspace_,
                              Options(Write("c.csv", "external_id\nC1\nC2\n")))
                  .ok());
  ImportOptions options =
      Options(Write("t.csv",
                    "Beleg,Kunde,InvoiceDate,StockCode,Qty,UnitPrice,Country\n"
                    "B1,C1,12/1/10 8:26,P1,6,2.55,UK\n"
                    "B1,C1,12/1/10 8:26,P2,3,0.335,UK\n"
                    "B2,C2,12/13/10 9:00,P1,1,x,UK\n"
                    "B3,C2,12/14/10 9:00,P3,2,1.00,UK\n"));
  options.column_mapping = {{"Beleg", "order_id"}, {"Kunde", "customer_id"}};
  options.currency = "GBP";
  options.on_error = OnError::kSkip;
  const std::string before = EveryTable();

  auto preview = PreviewImport(&ImportTransactions, "transactions", db(),
                               workspace_, options);
  ASSERT_TRUE(preview.ok()) << preview.status().ToString();
  EXPECT_EQ(EveryTable(), before) << "a preview writes nothing";
  EXPECT_FALSE(std::filesystem::exists(folder_ / "t.rejects.csv"));

  ASSERT_EQ(preview->columns.size(), 7u);
  EXPECT_EQ(preview->columns[0].field, "order_id");
  EXPECT_EQ(preview->columns[1].field, "customer_id");
  EXPECT_EQ(preview->columns[2].field, "date");
  EXPECT_EQ(preview->columns[5].field, "unit_price");
  EXPECT_EQ(preview->columns[6].field, "") << "Country is ignored";
  EXPECT_EQ(preview->report.date_format, "month-first (%m/%d/%y %H:%M)");
  EXPECT_EQ(preview->report.currency, "GBP");
  EXPECT_TRUE(preview->accepted);
  EXPECT_EQ(preview->report.orders_created, 2);
  EXPECT_EQ(preview->report.skipped, 1);
  EXPECT_EQ(preview->report.rounded, 1);
  EXPECT_EQ(preview->report.batch_id, 0);
  ASSERT_EQ(preview->rows.size(), 3u);
  EXPECT_EQ(preview->fields[0], "order_id");
  // 6 x 2.55 = 15.30; 3 x 0.335 = 1.005, rounded half away from zero.
  EXPECT_THAT(FieldsOf(*preview, 0),
              ElementsAre("B1", "C1", "2010-12-01T08:26:00Z", "P1", "", "", "6",
                          "15.30", "0.00", "", "", ""));
  EXPECT_EQ(preview->rows[1].values[7], "1.01");
  EXPECT_EQ(preview->rows[2].line, 5);
  ASSERT_EQ(preview->errors.groups().size(), 1u);
  EXPECT_EQ(preview->errors.groups()[0].column, "unit_price");

  const std::string text = preview->Format();
  EXPECT_THAT(text, HasSubstr("  Country -> (ignored)\n"));
  EXPECT_THAT(text, HasSubstr("dates read as month-first"));
  EXPECT_THAT(text, HasSubstr("orders_created 2"));
  auto json = nlohmann::json::parse(preview->ToJson());
  EXPECT_TRUE(json["columns"][6]["field"].is_null());
  EXPECT_EQ(json["rows"][0]["values"][7], "15.30");
  EXPECT_EQ(json["counts"]["skipped"], 1);
  EXPECT_EQ(json["errors"]["groups"][0]["count"], 1);
}

// On PostgreSQL a row inserted and rolled back still takes a value of its
// id sequence, and setval is not rolled back: a preview must use neither,
// or the next batch, customer or order would skip numbers.
TEST_P(ImportPreviewTest, APreviewTakesNoBatchNumberNorIds) {
  auto first = ImportCustomers(db(), workspace_,
                               Options(Write("c.csv", "external_id\nC1\n")));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  ImportOptions customers = Options(Write("d.csv", "external_id\nC2\nC3\n"));
  auto shown =
      PreviewImport(&ImportCustomers, "customers", db(), workspace_, customers);
  ASSERT_TRUE(shown.ok()) << shown.status().ToString();
  ImportOptions transactions =
      Options(Write("t.csv",
                    "customer_id,date,order_id,product,amount\n"
                    "C1,2024-01-05,O1,P1,300\nC9,2024-01-05,O2,P1,100\n"));
  transactions.create_missing_customers = true;
  shown = PreviewImport(&ImportTransactions, "transactions", db(), workspace_,
                        transactions);
  ASSERT_TRUE(shown.ok()) << shown.status().ToString();
  EXPECT_EQ(shown->report.orders_created, 2);

  // Rows made now through the id sequences (as the API makes them) follow
  // the stored ones.
  long long w = workspace_, order_id = 0, customer_id = 0, largest = 0;
  db().sql() << "INSERT INTO orders (workspace_id, customer_id, external_id, "
                "ordered_at, currency, total_minor, line_count) VALUES (:w, "
                "NULL, 'by-hand', 1, 'IRR', 0, 0)",
      soci::use(w);
  db().sql() << "SELECT id FROM orders WHERE external_id = 'by-hand'",
      soci::into(order_id);
  EXPECT_EQ(order_id, 1) << "order ids skipped";
  db().sql() << "INSERT INTO customers (workspace_id, kind, display_name, "
                "created_at, updated_at) VALUES (:w, 'person', 'by hand', 1, "
                "1)",
      soci::use(w);
  db().sql() << "SELECT id FROM customers WHERE display_name = 'by hand'",
      soci::into(customer_id);
  db().sql() << "SELECT MAX(id) FROM customers WHERE display_name <> 'by hand'",
      soci::into(largest);
  EXPECT_EQ(customer_id, largest + 1) << "customer ids skipped";

  auto second = ImportCustomers(db(), workspace_, customers);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->batch_id, first->batch_id + 1);
  auto third = ImportTransactions(db(), workspace_, transactions);
  ASSERT_TRUE(third.ok()) << third.status().ToString();
  EXPECT_EQ(third->batch_id, first->batch_id + 2);
}

TEST_P(ImportPreviewTest, AnOrderLeftOutByALaterLineIsNotShown) {
  ImportOptions options = Options(Write("t.csv",
                                        "customer_id,date,order_id,product,"
                                        "amount\n"
                                        "C1,2024-01-05,O1,P1,10\n"
                                        "C1,2024-01-06,O2,P1,20\n"
                                        "C1,2024-01-05,O1,P2,bad\n"));
  options.on_error = OnError::kSkip;
  options.create_missing_customers = true;
  auto preview = PreviewImport(&ImportTransactions, "transactions", db(),
                               workspace_, options);
  ASSERT_TRUE(preview.ok()) << preview.status().ToString();
  ASSERT_EQ(preview->rows.size(), 1u);
  EXPECT_EQ(preview->rows[0].values[kPreviewOrderValue], "O2");
  EXPECT_EQ(preview->report.skipped, 2);
  EXPECT_EQ(Count("customers"), 0);
}

TEST_P(ImportPreviewTest, ARefusedFileShowsItsErrorsAndTheRowsThatWereGood) {
  ASSERT_TRUE(ImportCustomers(db(), workspace_,
                              Options(Write("c.csv",
                                            "external_id,first_name,phone\n"
                                            "K1,Nima,09121110000\n"
                                            "K2,Tara,09121110001\n")))
                  .ok());
  const std::string before = EveryTable();
  auto preview =
      PreviewImport(&ImportCustomers, "customers", db(), workspace_,
                    Options(Write("update.csv",
                                  "external_id,first_name,phone,color\n"
                                  "K1,Nima,۰۹۱۲۱۱۱۰۰۰۹,red\n"
                                  "K2,Tara,09121110001,red\n"
                                  "K3,Dara,not a phone,red\n"
                                  "K4,Sam,,red\n")));
  ASSERT_TRUE(preview.ok()) << preview.status().ToString();
  EXPECT_EQ(EveryTable(), before);
  EXPECT_FALSE(preview->accepted);
  EXPECT_EQ(preview->errors.total(), 1);
  EXPECT_THAT(preview->fields,
              ElementsAre("action", "external_id", "first_name", "phone"));
  ASSERT_EQ(preview->rows.size(), 3u);
  EXPECT_THAT(FieldsOf(*preview, 0),
              ElementsAre("update", "K1", "Nima", "+989121110009"));
  EXPECT_THAT(FieldsOf(*preview, 1),
              ElementsAre("unchanged", "K2", "Tara", "+989121110001"));
  EXPECT_THAT(FieldsOf(*preview, 2), ElementsAre("create", "K4", "Sam", ""));
  EXPECT_EQ(preview->rows[2].line, 5);
  EXPECT_THAT(preview->Format(),
              HasSubstr("the import would be refused, nothing imported"));
  EXPECT_EQ(nlohmann::json::parse(preview->ToJson())["counts"],
            nlohmann::json::object());
}

TEST_P(ImportPreviewTest, InteractionsShowTheirValuesAsStored) {
  ASSERT_TRUE(ImportCustomers(db(), workspace_,
                              Options(Write("c.csv", "external_id\nC1\n")))
                  .ok());
  auto preview = PreviewImport(
      &ImportInteractions, "interactions", db(), workspace_,
      Options(Write("i.csv",
                    "customer_id,date,type,direction,subject,interaction_id\n"
                    "C1,2024-03-01 10:30,Call,in,Price question,I-1\n")));
  ASSERT_TRUE(preview.ok()) << preview.status().ToString();
  EXPECT_TRUE(preview->accepted);
  EXPECT_EQ(preview->report.created, 1);
  EXPECT_EQ(Count("interactions"), 0);
  ASSERT_EQ(preview->rows.size(), 1u);
  EXPECT_THAT(FieldsOf(*preview, 0),
              ElementsAre("C1", "2024-03-01T10:30:00Z", "call", "", "inbound",
                          "Price question", "", "I-1"));
}

TEST_P(ImportPreviewTest, OnlyTheFirstTwentyRowsAreShownButAllAreChecked) {
  std::string text = "external_id,first_name\n";
  for (int i = 1; i <= 30; ++i) {
    text += "N" + std::to_string(i) + ",Name\n";
  }
  text += "N31,Name,extra\n";
  auto preview = PreviewImport(&ImportCustomers, "customers", db(), workspace_,
                               Options(Write("many.csv", text)));
  ASSERT_TRUE(preview.ok()) << preview.status().ToString();
  EXPECT_EQ(preview->rows.size(), ImportPreview::kMaxRows);
  EXPECT_EQ(preview->rows.back().values[1], "N20");
  EXPECT_FALSE(preview->accepted);
  EXPECT_EQ(preview->errors.groups()[0].count, 1);
}

TEST_P(ImportPreviewTest, AFileThatCannotBeReadGivesTheImportsError) {
  auto preview = PreviewImport(
      &ImportTransactions, "transactions", db(), workspace_,
      Options(Write("t.csv", "customer_id,date,product,amount\n")));
  ASSERT_FALSE(preview.ok());
  EXPECT_THAT(preview.status().message(), HasSubstr("order_id"));
}

TEST(PlainAmountTest, WritesMinorUnitsWithTheCurrencysDecimals) {
  EXPECT_EQ(PlainAmount(123450, 2), "1234.50");
  EXPECT_EQ(PlainAmount(5, 2), "0.05");
  EXPECT_EQ(PlainAmount(-101, 2), "-1.01");
  EXPECT_EQ(PlainAmount(120000, 0), "120000");
  EXPECT_EQ(PlainAmount(7, 3), "0.007");
}

VAFA_INSTANTIATE_BACKEND_TEST(ImportPreviewTest);

}  // namespace
}  // namespace vafa::import
