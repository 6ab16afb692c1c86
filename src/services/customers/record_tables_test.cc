#include "services/customers/record_tables.h"

#include <gtest/gtest.h>

#include "store/store_test_support.h"

namespace vafa::services::customers {
namespace {

class CustomerRecordTables : public store::BackendTest {};

TEST_P(CustomerRecordTables,
       NameOnlyColumnsTheirTablesHaveAndServeEveryListedSort) {
  const int64_t workspace = AddWorkspace("shop");
  store::ExpectTableServesItsLists(db(), ProductTable(), workspace);
  store::ExpectTableServesItsLists(db(), OrderTable(), workspace);
  store::ExpectTableServesItsLists(db(), InteractionTable(), workspace);
}

VAFA_INSTANTIATE_BACKEND_TEST(CustomerRecordTables);

}  // namespace
}  // namespace vafa::services::customers
