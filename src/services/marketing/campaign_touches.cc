#include "services/marketing/campaign_touches.h"

#include <soci/soci.h>

#include "store/customer_rows.h"
#include "store/sql_values.h"

namespace vafa::services::marketing {
namespace {

constexpr char kCampaignTouches[] =
    "SELECT ca.id, ca.name, ca.channel, ca.starts_at, m.control, "
    "m.responded_at, m.converted_at FROM campaign_members m JOIN campaigns ca "
    "ON ca.workspace_id = m.workspace_id AND ca.id = m.campaign_id WHERE "
    "m.workspace_id = :w AND m.customer_id = :c AND ca.deleted_at IS NULL "
    "ORDER BY ca.starts_at DESC, ca.id DESC LIMIT :n";

}  // namespace

Result<std::vector<CampaignTouch>> CampaignTouchesForCustomer(
    store::Database& db, int64_t workspace_id, int64_t customer_id, int limit) {
  return store::ReadRowsOfCustomer<CampaignTouch>(
      db, kCampaignTouches, workspace_id, customer_id, limit,
      "reading campaigns", [](const soci::row& row) {
        return CampaignTouch{.campaign_id = store::RowInt(row, 0),
                             .name = store::RowText(row, 1),
                             .channel = store::RowText(row, 2),
                             .starts_at = store::RowInt(row, 3),
                             .control = store::RowInt(row, 4) == 1,
                             .responded_at = store::RowOptionalInt(row, 5),
                             .converted_at = store::RowOptionalInt(row, 6)};
      });
}

}  // namespace vafa::services::marketing
