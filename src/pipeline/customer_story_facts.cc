#include "pipeline/customer_story_facts.h"

#include <soci/soci.h>

#include "store/sql_values.h"

namespace vafa::pipeline {
namespace {

constexpr char kLatestRunParameters[] =
    "SELECT parameters FROM analysis_runs WHERE workspace_id = :w AND kind = "
    ":k AND status = 'completed' ORDER BY id DESC LIMIT 1";
constexpr char kCustomerPurchaseDays[] =
    "SELECT COUNT(DISTINCT ordered_at / 86400), MIN(ordered_at), "
    "MAX(ordered_at) FROM orders WHERE workspace_id = :w AND customer_id = :c "
    "AND deleted_at IS NULL AND total_minor >= 0 AND ordered_at < :end";

}  // namespace

Result<std::optional<std::string>> LatestRunParameters(
    store::Database& db, int64_t workspace_id, const std::string& kind) {
  try {
    long long ws = workspace_id;
    std::string parameters;
    db.sql() << kLatestRunParameters, soci::use(ws), soci::use(kind),
        soci::into(parameters);
    if (!db.sql().got_data()) return std::optional<std::string>();
    return std::optional<std::string>(std::move(parameters));
  } catch (const std::exception& error) {
    return store::DatabaseError("reading the latest " + kind + " run", error);
  }
}

Result<PurchaseDays> PurchaseDaysBefore(store::Database& db,
                                        int64_t workspace_id,
                                        int64_t customer_id, UnixSeconds end) {
  try {
    long long ws = workspace_id, customer = customer_id, until = end;
    soci::row row;
    db.sql() << kCustomerPurchaseDays, soci::use(ws), soci::use(customer),
        soci::use(until), soci::into(row);
    PurchaseDays days;
    days.days = store::RowInt(row, 0);
    days.first = store::RowOptionalInt(row, 1);
    days.last = store::RowOptionalInt(row, 2);
    return days;
  } catch (const std::exception& error) {
    return store::DatabaseError("reading purchase days", error);
  }
}

}  // namespace vafa::pipeline
