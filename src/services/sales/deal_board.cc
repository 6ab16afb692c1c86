#include "services/sales/deal_board.h"

#include <soci/soci.h>

#include "store/sql_values.h"

namespace vafa::services::sales {
namespace {

constexpr char kBoardDeals[] =
    "SELECT d.id, d.title, d.customer_id, c.display_name, d.stage, "
    "d.value_minor, d.probability, d.expected_close_at, d.owner_user_id, "
    "d.team, d.version, d.stage_entered_at, d.status, d.close_reason FROM "
    "deals d JOIN customers c ON c.workspace_id = d.workspace_id AND c.id = "
    "d.customer_id WHERE d.workspace_id = :w AND d.pipeline = :p AND "
    "d.deleted_at IS NULL AND (:o = 0 OR d.owner_user_id = :o2) AND (:t = '' "
    "OR d.team = :t2) AND (d.status = 'open' OR d.closed_at >= :s) ORDER BY "
    "d.expected_close_at, d.id";

std::optional<std::string> OptionalText(const soci::row& row, size_t column) {
  if (store::RowIsNull(row, column)) return std::nullopt;
  return store::RowText(row, column);
}

}  // namespace

Result<std::vector<BoardDeal>> DealsOnBoard(store::Database& db,
                                            int64_t workspace_id,
                                            const DealFilter& filter,
                                            UnixSeconds closed_since) {
  std::vector<BoardDeal> deals;
  try {
    long long ws = workspace_id, owner = filter.owner_user_id,
              since = closed_since;
    std::string pipeline = filter.pipeline, team = filter.team;
    soci::rowset<soci::row> rows =
        (db.sql().prepare << kBoardDeals, soci::use(ws), soci::use(pipeline),
         soci::use(owner), soci::use(owner), soci::use(team), soci::use(team),
         soci::use(since));
    for (const soci::row& row : rows) {
      deals.push_back({.id = store::RowInt(row, 0),
                       .title = store::RowText(row, 1),
                       .customer_id = store::RowInt(row, 2),
                       .customer_name = store::RowText(row, 3),
                       .stage = store::RowText(row, 4),
                       .value_minor = store::RowInt(row, 5),
                       .probability = store::RowInt(row, 6),
                       .expected_close_at = store::RowInt(row, 7),
                       .owner_user_id = store::RowOptionalInt(row, 8),
                       .team = OptionalText(row, 9),
                       .version = store::RowInt(row, 10),
                       .stage_entered_at = store::RowInt(row, 11),
                       .status = store::RowText(row, 12),
                       .close_reason = OptionalText(row, 13)});
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the board's deals", error);
  }
  return deals;
}

}  // namespace vafa::services::sales
