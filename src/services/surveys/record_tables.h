// The surveys table as the record routes show and accept it
// (docs/surveys.md): a store::TableDef naming the columns a user may see and
// set, their kinds, allowed values and the filters a list serves. The rules
// beyond the fields (answers, scoring) are in surveys.h and scoring.h.
#ifndef VAFA_SERVICES_SURVEYS_RECORD_TABLES_H_
#define VAFA_SERVICES_SURVEYS_RECORD_TABLES_H_

#include "store/record_table.h"

namespace vafa::services::surveys {

store::TableDef SurveyTable();

}  // namespace vafa::services::surveys

#endif  // VAFA_SERVICES_SURVEYS_RECORD_TABLES_H_
