#include <gmock/gmock.h>

#include "import/importer.h"
#include "import/internal/import_test_support.h"
#include "store/customer_repository.h"
#include "store/import_batch_repository.h"

namespace vafa::import {
namespace {

using ::testing::HasSubstr;
using RevertTest = ImportTest;

TEST_P(RevertTest, RevertingACustomerBatchRestoresTheStoreExactly) {
  auto first = ImportCustomers(
      db(), workspace_,
      Options(Write(
          "a.csv",
          "external_id,first_name,city\nC1,Ali,Tehran\nC2,Sara,Shiraz\n")));
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  std::string before = Dump("customers", "id") +
                       Dump("customer_search_terms", "term, customer_id");
  auto second = ImportCustomers(
      db(), workspace_,
      Options(Write(
          "b.csv",
          "external_id,first_name,city\nC1,Alireza,Tehran\nC3,Nima,Qom\n")));
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  ASSERT_EQ(second->updated, 1);
  ASSERT_EQ(second->created, 1);

  Status reverted = RevertBatch(db(), workspace_, second->batch_id);
  ASSERT_TRUE(reverted.ok()) << reverted.ToString();
  store::CustomerRepository repo(db());
  auto c1 = repo.FindByKey(workspace_, store::CustomerKey::kExternalId, "C1");
  EXPECT_EQ((*c1)->first_name, "Ali");
  auto c3 = repo.FindByKey(workspace_, store::CustomerKey::kExternalId, "C3");
  EXPECT_FALSE(c3->has_value());
  // Only the version counter and updated_at may differ after a revert.
  std::string after_terms = Dump("customer_search_terms", "term, customer_id");
  EXPECT_THAT(before, HasSubstr(after_terms));
  store::ImportBatchRepository batches(db());
  EXPECT_EQ(batches.Get(workspace_, second->batch_id)->status, "reverted");

  Status twice = RevertBatch(db(), workspace_, second->batch_id);
  EXPECT_EQ(twice.code(), StatusCode::kConflict);
}

TEST_P(RevertTest, RevertingTransactionsRemovesOrdersLinesAndNewProducts) {
  ASSERT_TRUE(ImportCustomers(db(), workspace_,
                              Options(Write("c.csv", "external_id\nC1\n")))
                  .ok());
  std::string before = DumpAll();
  auto tx = ImportTransactions(
      db(), workspace_,
      Options(Write("t.csv",
                    "customer_id,date,order_id,product,amount\n"
                    "C1,2024-01-01,O1,P1,1000\nC1,2024-01-01,O1,P2,500\n")));
  ASSERT_TRUE(tx.ok()) << tx.status().ToString();
  ASSERT_TRUE(RevertBatch(db(), workspace_, tx->batch_id).ok());
  EXPECT_EQ(DumpAll(), before);
}

TEST_P(RevertTest, RefusesWhenLaterOrdersDependOnItsCustomers) {
  auto customers = ImportCustomers(
      db(), workspace_, Options(Write("c.csv", "external_id\nC1\n")));
  ASSERT_TRUE(customers.ok());
  auto tx =
      ImportTransactions(db(), workspace_,
                         Options(Write("t.csv",
                                       "customer_id,date,order_id,product,"
                                       "amount\nC1,2024-01-01,O1,P1,1000\n")));
  ASSERT_TRUE(tx.ok());
  std::string before = DumpAll();
  Status refused = RevertBatch(db(), workspace_, customers->batch_id);
  EXPECT_EQ(refused.code(), StatusCode::kConflict);
  EXPECT_THAT(refused.message(), HasSubstr("revert those first"));
  EXPECT_EQ(DumpAll(), before);
  ASSERT_TRUE(RevertBatch(db(), workspace_, tx->batch_id).ok());
  EXPECT_TRUE(RevertBatch(db(), workspace_, customers->batch_id).ok());
  EXPECT_EQ(Count("customers"), 0);
}

TEST_P(RevertTest, UnknownOrForeignBatchIsNotFound) {
  auto customers = ImportCustomers(
      db(), workspace_, Options(Write("c.csv", "external_id\nC1\n")));
  ASSERT_TRUE(customers.ok());
  store::WorkspaceRepository workspaces(db());
  int64_t other = workspaces.Create("other", "Other")->id;
  EXPECT_EQ(RevertBatch(db(), other, customers->batch_id).code(),
            StatusCode::kNotFound);
  EXPECT_EQ(RevertBatch(db(), workspace_, 999).code(), StatusCode::kNotFound);
}

VAFA_INSTANTIATE_BACKEND_TEST(RevertTest);

}  // namespace
}  // namespace vafa::import
