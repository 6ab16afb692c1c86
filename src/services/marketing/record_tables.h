// The marketing tables as the record routes show and accept them
// (docs/marketing.md): segments and campaigns, each a store::TableDef naming
// the columns a user may see and set (the drawn members' counts are the
// server's), their kinds, allowed values, and the filters and sorts a list
// serves. The rules beyond the fields (segment rules, drawing members) are
// in segment_rules.h and campaigns.h.
#ifndef VAFA_SERVICES_MARKETING_RECORD_TABLES_H_
#define VAFA_SERVICES_MARKETING_RECORD_TABLES_H_

#include "store/record_table.h"

namespace vafa::services::marketing {

store::TableDef SegmentTable();
store::TableDef CampaignTable();

}  // namespace vafa::services::marketing

#endif  // VAFA_SERVICES_MARKETING_RECORD_TABLES_H_
