#include "services/sales/record_tables.h"

#include <gtest/gtest.h>

#include "store/store_test_support.h"

namespace vafa::services::sales {
namespace {

class SalesRecordTables : public store::BackendTest {};

TEST_P(SalesRecordTables,
       NameOnlyColumnsTheirTablesHaveAndServeEveryListedSort) {
  const int64_t workspace = AddWorkspace("shop");
  store::ExpectTableServesItsLists(db(), DealTable(), workspace);
  store::ExpectTableServesItsLists(db(), LeadTable(), workspace);
  store::ExpectTableServesItsLists(db(), TaskTable(), workspace);
}

VAFA_INSTANTIATE_BACKEND_TEST(SalesRecordTables);

}  // namespace
}  // namespace vafa::services::sales
