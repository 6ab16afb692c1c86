// The service desk's tickets table as the record routes show and accept it
// (docs/service.md): a store::TableDef naming the columns a user may see and
// set (the SLA columns are the server's), their kinds, allowed values, and
// the filters and sorts a list serves. The rules beyond the fields (due
// times, status moves) are in tickets.h and sla.h.
#ifndef VAFA_SERVICES_SERVICE_RECORD_TABLES_H_
#define VAFA_SERVICES_SERVICE_RECORD_TABLES_H_

#include "store/record_table.h"

namespace vafa::services::service {

store::TableDef TicketTable();

}  // namespace vafa::services::service

#endif  // VAFA_SERVICES_SERVICE_RECORD_TABLES_H_
