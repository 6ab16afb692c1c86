#include "services/sales/customer_deals.h"

#include <soci/soci.h>

#include "store/customer_rows.h"
#include "store/sql_values.h"

namespace vafa::services::sales {
namespace {

constexpr char kCustomerDeals[] =
    "SELECT id, title, pipeline, stage, status, value_minor, probability, "
    "expected_close_at, closed_at, close_reason FROM deals WHERE workspace_id "
    "= :w AND customer_id = :c AND deleted_at IS NULL ORDER BY CASE WHEN "
    "status = 'open' THEN 0 ELSE 1 END, COALESCE(closed_at, "
    "expected_close_at) DESC, id DESC LIMIT :n";

}  // namespace

Result<std::vector<CustomerDeal>> DealsForCustomer(store::Database& db,
                                                   int64_t workspace_id,
                                                   int64_t customer_id,
                                                   int limit) {
  return store::ReadRowsOfCustomer<CustomerDeal>(
      db, kCustomerDeals, workspace_id, customer_id, limit, "reading deals",
      [](const soci::row& row) {
        return CustomerDeal{.id = store::RowInt(row, 0),
                            .title = store::RowText(row, 1),
                            .pipeline = store::RowText(row, 2),
                            .stage = store::RowText(row, 3),
                            .status = store::RowText(row, 4),
                            .value_minor = store::RowInt(row, 5),
                            .probability = store::RowInt(row, 6),
                            .expected_close_at = store::RowInt(row, 7),
                            .closed_at = store::RowOptionalInt(row, 8),
                            .close_reason = store::RowText(row, 9)};
      });
}

}  // namespace vafa::services::sales
