// Test fixture running each store test on SQLite and on PostgreSQL.
#ifndef VAFA_STORE_STORE_TEST_SUPPORT_H_
#define VAFA_STORE_STORE_TEST_SUPPORT_H_

#include <gtest/gtest.h>
#include <soci/soci.h>

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include "store/customer_repository.h"
#include "store/record_table.h"
#include "store/scratch_database.h"
#include "store/workspace_repository.h"

namespace vafa::store {

class BackendTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    std::string why;
    scratch_ = ScratchDatabase::Create(GetParam(), &why);
    if (scratch_ == nullptr) {
      if (GetParam() == Backend::kPostgres &&
          std::getenv("VAFA_REQUIRE_POSTGRES") == nullptr) {
        GTEST_SKIP() << why;
      }
      FAIL() << why;
    }
  }
  Database& db() { return scratch_->db(); }
  // Makes a workspace named by its slug and returns its id (0 after a
  // failure, which fails the test).
  int64_t AddWorkspace(const std::string& slug) {
    auto made = WorkspaceRepository(db()).Create(slug, slug);
    EXPECT_TRUE(made.ok()) << made.status().message();
    return made.ok() ? made->id : 0;
  }

  std::unique_ptr<ScratchDatabase> scratch_;
};

// Lists `def`'s table once plainly, once by each sortable column both ways
// and once by each filter, so a TableDef naming a column its table lacks (or
// a sort or filter the query cannot serve) fails the calling test.
inline void ExpectTableServesItsLists(Database& db, const TableDef& def,
                                      int64_t workspace_id) {
  RecordTable table(db, def, workspace_id);
  std::vector<ListQuery> queries(1);
  for (const std::string& column : def.sortable) {
    queries.emplace_back().sort = column;
    queries.emplace_back().sort = "-" + column;
  }
  for (const std::string& column : def.filterable) {
    bool text = true;
    for (const FieldDef& field : def.fields) {
      if (field.name == column) text = field.kind == FieldKind::kText;
    }
    queries.emplace_back().filters[column] = text ? "x" : "1";
  }
  for (const ListQuery& query : queries) {
    auto page = table.List(query);
    EXPECT_TRUE(page.ok()) << def.table << " sorted by " << query.sort << ": "
                           << page.status().ToString();
  }
  ListQuery deleted;
  deleted.deleted = true;
  EXPECT_TRUE(table.List(deleted).ok()) << def.table;
}

// A customer of `workspace_id` with one row in every table that belongs to
// a customer: an order with a line (of a new product), an interaction, a
// ticket with an event, a lead, a deal, a task, a loyalty ledger entry, a
// survey response (to a new survey), a campaign membership (of a new
// campaign), a holding (of a new holding product) with a balance, a score,
// search terms and a contact (a person whose parent is this customer). `tag`
// makes its keys unique in the workspace; `at` is every time it carries.
// Returns the customer's id (0 after a failure, which fails the calling test).
inline int64_t AddCustomerWithEveryRecord(Database& db, int64_t workspace_id,
                                          const std::string& tag, int64_t at) {
  Customer customer;
  customer.workspace_id = workspace_id;
  customer.external_id = tag;
  customer.first_name = "Sara " + tag;
  customer.last_name = "Ahmadi";
  customer.phone = "+989120001234";  // the same for every such customer
  customer.created_at = customer.updated_at = at;
  CustomerRepository customers(db);
  Status made = customers.Insert(customer);
  EXPECT_TRUE(made.ok()) << made.ToString();
  if (!made.ok()) return 0;
  Customer contact;
  contact.workspace_id = workspace_id;
  contact.external_id = tag + "-contact";
  contact.first_name = "Contact of " + tag;
  contact.parent_id = customer.id;
  contact.created_at = contact.updated_at = at;
  made = customers.Insert(contact);
  EXPECT_TRUE(made.ok()) << made.ToString();
  try {
    long long w = workspace_id, c = customer.id, t = at, product = 0, order = 0,
              ticket = 0, survey = 0, campaign = 0;
    const std::string key = tag;
    soci::session& sql = db.sql();
    sql << "INSERT INTO products (workspace_id, sku, created_at) VALUES "
           "(:w, :k, :t) RETURNING id",
        soci::use(w), soci::use(key), soci::use(t), soci::into(product);
    sql << "INSERT INTO orders (workspace_id, customer_id, external_id, "
           "ordered_at, currency, total_minor, line_count) VALUES (:w, :c, "
           ":k, :t, 'IRR', 150000, 1) RETURNING id",
        soci::use(w), soci::use(c), soci::use(key), soci::use(t),
        soci::into(order);
    long long line_key = order * 1024 + 1;
    sql << "INSERT INTO order_lines (line_key, order_id, line_no, "
           "workspace_id, customer_id, product_id, quantity, amount_minor) "
           "VALUES (:l, :o, 1, :w, :c, :p, 1.5, 150000)",
        soci::use(line_key), soci::use(order), soci::use(w), soci::use(c),
        soci::use(product);
    sql << "INSERT INTO interactions (workspace_id, customer_id, external_id, "
           "occurred_at, type, created_at) VALUES (:w, :c, :k, :t, 'call', "
           ":t2)",
        soci::use(w), soci::use(c), soci::use(key), soci::use(t), soci::use(t);
    sql << "INSERT INTO tickets (workspace_id, customer_id, external_id, "
           "subject, type, priority, status, opened_at, "
           "first_response_due_at, resolution_due_at, created_at) VALUES "
           "(:w, :c, :k, 'late', 'complaint', 'high', 'open', :t, :t2, :t3, "
           ":t4) RETURNING id",
        soci::use(w), soci::use(c), soci::use(key), soci::use(t), soci::use(t),
        soci::use(t), soci::use(t), soci::into(ticket);
    sql << "INSERT INTO ticket_events (workspace_id, customer_id, ticket_id, "
           "kind, body, at) VALUES (:w, :c, :tk, 'note', 'called', :t)",
        soci::use(w), soci::use(c), soci::use(ticket), soci::use(t);
    sql << "INSERT INTO leads (workspace_id, external_id, name, status, "
           "customer_id, created_at) VALUES (:w, :k, 'lead', 'converted', "
           ":c, :t)",
        soci::use(w), soci::use(key), soci::use(c), soci::use(t);
    sql << "INSERT INTO deals (workspace_id, customer_id, external_id, title, "
           "pipeline, stage, status, probability, value_minor, "
           "expected_close_at, stage_entered_at, created_at) VALUES (:w, :c, "
           ":k, 'deal', 'default', 'new', 'open', 10, 5000, :t, :t2, :t3)",
        soci::use(w), soci::use(c), soci::use(key), soci::use(t), soci::use(t),
        soci::use(t);
    sql << "INSERT INTO tasks (workspace_id, customer_id, title, kind, "
           "status, due_at, created_at) VALUES (:w, :c, 'call back', 'call', "
           "'open', :t, :t2)",
        soci::use(w), soci::use(c), soci::use(t), soci::use(t);
    sql << "INSERT INTO loyalty_ledger (workspace_id, customer_id, kind, "
           "points, order_id, at, created_at) VALUES (:w, :c, 'earn', 15, "
           ":o, :t, :t2)",
        soci::use(w), soci::use(c), soci::use(order), soci::use(t),
        soci::use(t);
    sql << "INSERT INTO surveys (workspace_id, name, kind, status, min_group, "
           "created_at) VALUES (:w, :k, 'nps', 'open', 5, :t) RETURNING id",
        soci::use(w), soci::use(key), soci::use(t), soci::into(survey);
    sql << "INSERT INTO survey_responses (workspace_id, survey_id, "
           "customer_id, score, answered_at, created_at) VALUES (:w, :s, :c, "
           "9, :t, :t2)",
        soci::use(w), soci::use(survey), soci::use(c), soci::use(t),
        soci::use(t);
    sql << "INSERT INTO campaigns (workspace_id, name, channel, status, "
           "starts_at, ends_at, attribution_days, control_percent, "
           "created_at) VALUES (:w, :k, 'sms', 'running', :t, :t2, 30, 10, "
           ":t3) RETURNING id",
        soci::use(w), soci::use(key), soci::use(t), soci::use(t), soci::use(t),
        soci::into(campaign);
    sql << "INSERT INTO campaign_members (workspace_id, campaign_id, "
           "customer_id, control, responded_at) VALUES (:w, :cp, :c, 0, :t)",
        soci::use(w), soci::use(campaign), soci::use(c), soci::use(t);
    long long holding_product = 0, holding = 0;
    sql << "INSERT INTO holding_products (workspace_id, code, name, type, "
           "created_at) VALUES (:w, :k, 'savings', 'account', :t) RETURNING id",
        soci::use(w), soci::use(key), soci::use(t), soci::into(holding_product);
    sql << "INSERT INTO holdings (workspace_id, customer_id, product_id, "
           "external_id, opened_on, status, created_at, updated_at) VALUES "
           "(:w, :c, :p, :k, '2024-01-05', 'open', :t, :t2) RETURNING id",
        soci::use(w), soci::use(c), soci::use(holding_product), soci::use(key),
        soci::use(t), soci::use(t), soci::into(holding);
    sql << "INSERT INTO holding_balances (workspace_id, holding_id, as_of, "
           "balance_minor) VALUES (:w, :h, '2024-01-31', 250000)",
        soci::use(w), soci::use(holding);
    sql << "INSERT INTO scores (workspace_id, customer_id, name, value, "
           "label, run_id, computed_at) VALUES (:w, :c, 'clv', "
           "0.12345678901234567, 'high', 1, :t)",
        soci::use(w), soci::use(c), soci::use(t);
  } catch (const std::exception& error) {
    ADD_FAILURE() << "adding the records of " << tag << ": " << error.what();
    return 0;
  }
  return customer.id;
}

#define VAFA_INSTANTIATE_BACKEND_TEST(suite)                             \
  INSTANTIATE_TEST_SUITE_P(                                              \
      Backends, suite,                                                   \
      ::testing::Values(::vafa::store::Backend::kSqlite,                 \
                        ::vafa::store::Backend::kPostgres),              \
      [](const ::testing::TestParamInfo<::vafa::store::Backend>& info) { \
        return ::vafa::store::BackendName(info.param);                   \
      })

}  // namespace vafa::store

#endif  // VAFA_STORE_STORE_TEST_SUPPORT_H_
