#include "services/service/record_tables.h"

#include <gtest/gtest.h>

#include "store/store_test_support.h"

namespace vafa::services::service {
namespace {

class ServiceRecordTables : public store::BackendTest {};

TEST_P(ServiceRecordTables,
       NameOnlyColumnsTheirTablesHaveAndServeEveryListedSort) {
  const int64_t workspace = AddWorkspace("shop");
  store::ExpectTableServesItsLists(db(), TicketTable(), workspace);
}

VAFA_INSTANTIATE_BACKEND_TEST(ServiceRecordTables);

}  // namespace
}  // namespace vafa::services::service
