// The customers domain's tables as the record routes show and accept them
// (docs/API.md): products, orders and interactions, each a store::TableDef
// naming the columns a user may see and set, their kinds, limits and the
// filters and sorts a list serves. The rules beyond the fields (an order's
// lines and totals) are in order_records.h.
#ifndef VAFA_SERVICES_CUSTOMERS_RECORD_TABLES_H_
#define VAFA_SERVICES_CUSTOMERS_RECORD_TABLES_H_

#include "store/record_table.h"

namespace vafa::services::customers {

store::TableDef ProductTable();
store::TableDef OrderTable();
store::TableDef InteractionTable();

}  // namespace vafa::services::customers

#endif  // VAFA_SERVICES_CUSTOMERS_RECORD_TABLES_H_
