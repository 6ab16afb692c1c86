#include "services/surveys/record_tables.h"

#include <gtest/gtest.h>

#include "store/store_test_support.h"

namespace vafa::services::surveys {
namespace {

class SurveyRecordTables : public store::BackendTest {};

TEST_P(SurveyRecordTables,
       NameOnlyColumnsTheirTablesHaveAndServeEveryListedSort) {
  const int64_t workspace = AddWorkspace("shop");
  store::ExpectTableServesItsLists(db(), SurveyTable(), workspace);
}

VAFA_INSTANTIATE_BACKEND_TEST(SurveyRecordTables);

}  // namespace
}  // namespace vafa::services::surveys
