#include "services/customers/interactions.h"

#include <soci/soci.h>

#include "store/customer_rows.h"
#include "store/sql_values.h"

namespace vafa::services::customers {
namespace {

constexpr char kRecentInteractions[] =
    "SELECT id, occurred_at, type, channel, direction, subject, outcome FROM "
    "interactions WHERE workspace_id = :w AND customer_id = :c AND deleted_at "
    "IS NULL ORDER BY occurred_at DESC, id DESC LIMIT :n";
constexpr char kInsertInteraction[] =
    "INSERT INTO interactions (workspace_id, customer_id, external_id, "
    "occurred_at, type, direction, subject, outcome, user_id, created_at) "
    "VALUES (:w, :c, :e, :a, :t, :d, :s, :o, :u, :n) RETURNING id";
constexpr char kChannelUses[] =
    "SELECT customer_id, occurred_at, channel FROM interactions WHERE "
    "workspace_id = :w AND type = :t AND channel IS NOT NULL AND channel <> "
    "'' AND deleted_at IS NULL";
constexpr char kChannelUsesOfAnyType[] =
    "SELECT customer_id, occurred_at, channel FROM interactions WHERE "
    "workspace_id = :w AND channel IS NOT NULL AND channel <> '' AND "
    "deleted_at IS NULL";
constexpr char kComplainers[] =
    "SELECT DISTINCT customer_id FROM interactions WHERE workspace_id = :w "
    "AND type = 'complaint'";

}  // namespace

Result<std::vector<CustomerInteraction>> RecentInteractionsForCustomer(
    store::Database& db, int64_t workspace_id, int64_t customer_id, int limit) {
  return store::ReadRowsOfCustomer<CustomerInteraction>(
      db, kRecentInteractions, workspace_id, customer_id, limit,
      "reading interactions", [](const soci::row& row) {
        return CustomerInteraction{.id = store::RowInt(row, 0),
                                   .occurred_at = store::RowInt(row, 1),
                                   .type = store::RowText(row, 2),
                                   .channel = store::RowText(row, 3),
                                   .direction = store::RowText(row, 4),
                                   .subject = store::RowText(row, 5),
                                   .outcome = store::RowText(row, 6)};
      });
}

Result<int64_t> RecordInteraction(store::Database& db, int64_t workspace_id,
                                  const NewInteraction& interaction,
                                  UnixSeconds now) {
  long long ws = workspace_id, customer = interaction.customer_id,
            at = interaction.occurred_at, user = interaction.user_id,
            created = now, id = 0;
  std::string external = interaction.external_id, type = interaction.type,
              direction = interaction.direction, subject = interaction.subject,
              outcome = interaction.outcome;
  soci::indicator outcome_null = outcome.empty() ? soci::i_null : soci::i_ok;
  try {
    db.sql() << kInsertInteraction, soci::use(ws), soci::use(customer),
        soci::use(external), soci::use(at), soci::use(type),
        soci::use(direction), soci::use(subject),
        soci::use(outcome, outcome_null), soci::use(user), soci::use(created),
        soci::into(id);
  } catch (const std::exception& error) {
    return store::DatabaseError("recording an interaction", error);
  }
  return static_cast<int64_t>(id);
}

Result<std::vector<int64_t>> CustomersWhoComplained(store::Database& db,
                                                    int64_t workspace_id) {
  std::vector<int64_t> customers;
  try {
    long long ws = workspace_id;
    soci::rowset<long long> rows =
        (db.sql().prepare << kComplainers, soci::use(ws));
    for (long long id : rows) customers.push_back(id);
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the complaints", error);
  }
  return customers;
}

Status ForEachChannelUse(
    store::Database& db, int64_t workspace_id, std::string_view type,
    const std::function<void(int64_t customer_id, UnixSeconds occurred_at,
                             std::string_view channel)>& use) {
  try {
    long long ws = workspace_id;
    std::string of_type(type);
    soci::rowset<soci::row> rows =
        type.empty()
            ? (db.sql().prepare << kChannelUsesOfAnyType, soci::use(ws))
            : (db.sql().prepare << kChannelUses, soci::use(ws),
               soci::use(of_type));
    for (const soci::row& row : rows) {
      use(store::RowInt(row, 0), store::RowInt(row, 1),
          row.get<std::string>(2));
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the channel uses", error);
  }
  return Status::Ok();
}

Result<std::vector<ChannelUse>> ChannelUsesOfWorkspace(
    store::Database& db, int64_t workspace_id, const std::string& type) {
  std::vector<ChannelUse> uses;
  VAFA_RETURN_IF_ERROR(ForEachChannelUse(
      db, workspace_id, type,
      [&uses](int64_t customer, UnixSeconds at, std::string_view channel) {
        uses.push_back({customer, at, std::string(channel)});
      }));
  return uses;
}

}  // namespace vafa::services::customers
