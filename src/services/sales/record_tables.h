// The sales tables as the record routes show and accept them (docs/sales.md):
// deals, leads and tasks, each a store::TableDef naming the columns a user
// may see and set (the stage clock, conversion and completion columns are
// the server's), their kinds, allowed values, and the filters and sorts a
// list serves. The rules beyond the fields (deal moves, finished tasks) are
// in sales.h and tasks.h.
#ifndef VAFA_SERVICES_SALES_RECORD_TABLES_H_
#define VAFA_SERVICES_SALES_RECORD_TABLES_H_

#include "store/record_table.h"

namespace vafa::services::sales {

store::TableDef DealTable();
store::TableDef LeadTable();
store::TableDef TaskTable();

}  // namespace vafa::services::sales

#endif  // VAFA_SERVICES_SALES_RECORD_TABLES_H_
