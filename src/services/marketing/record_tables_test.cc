#include "services/marketing/record_tables.h"

#include <gtest/gtest.h>

#include "store/store_test_support.h"

namespace vafa::services::marketing {
namespace {

class MarketingRecordTables : public store::BackendTest {};

TEST_P(MarketingRecordTables,
       NameOnlyColumnsTheirTablesHaveAndServeEveryListedSort) {
  const int64_t workspace = AddWorkspace("shop");
  store::ExpectTableServesItsLists(db(), SegmentTable(), workspace);
  store::ExpectTableServesItsLists(db(), CampaignTable(), workspace);
}

VAFA_INSTANTIATE_BACKEND_TEST(MarketingRecordTables);

}  // namespace
}  // namespace vafa::services::marketing
