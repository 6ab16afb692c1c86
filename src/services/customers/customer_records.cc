#include "services/customers/customer_records.h"

#include <soci/soci.h>

#include <algorithm>
#include <deque>
#include <variant>

namespace vafa::services::customers {
namespace {

constexpr char kListStart[] =
    "SELECT id FROM customers c WHERE workspace_id = :w";
constexpr char kWithRfmSegment[] =
    " AND EXISTS (SELECT 1 FROM scores s WHERE s.workspace_id = "
    "c.workspace_id AND s.customer_id = c.id AND s.name = 'rfm_segment' AND "
    "s.label = :rfm)";
constexpr char kWithScore[] =
    " AND EXISTS (SELECT 1 FROM scores v WHERE v.workspace_id = "
    "c.workspace_id AND v.customer_id = c.id AND v.name = :score";
constexpr char kClaimVersion[] =
    "UPDATE customers SET version = version WHERE workspace_id = :w AND id = "
    ":id AND version = :v AND deleted_at IS NULL";

// The values of one statement in the order their placeholders appear (the
// PostgreSQL backend numbers placeholders by position); a deque keeps their
// addresses stable.
class Params {
 public:
  void Add(std::variant<std::string, long long, double> value) {
    values_.push_back(std::move(value));
  }
  void Bind(soci::statement& statement) {
    for (auto& value : values_) {
      std::visit([&](auto& v) { statement.exchange(soci::use(v)); }, value);
    }
  }

 private:
  std::deque<std::variant<std::string, long long, double>> values_;
};

}  // namespace

Result<std::vector<int64_t>> ListCustomerIds(store::Database& db,
                                             int64_t workspace_id,
                                             const CustomerListFilter& filter,
                                             const CustomerPageRequest& page) {
  std::string sql = kListStart;
  Params params;
  params.Add(static_cast<long long>(workspace_id));
  sql += filter.deleted ? " AND deleted_at IS NOT NULL"
                        : " AND deleted_at IS NULL";
  for (size_t filter_idx = 0; filter_idx < filter.equal.size(); ++filter_idx) {
    const auto& [column, value] = filter.equal[filter_idx];
    if (std::find(std::begin(kCustomerListFilters),
                  std::end(kCustomerListFilters),
                  column) == std::end(kCustomerListFilters)) {
      return Status::Invalid("customers are not filtered by " + column, column);
    }
    sql += " AND " + column + " = :f" + std::to_string(filter_idx);
    params.Add(value);
  }
  if (filter.parent_id) {
    sql += " AND parent_id = :parent";
    params.Add(static_cast<long long>(*filter.parent_id));
  }
  if (!filter.rfm_segment.empty()) {
    sql += kWithRfmSegment;
    params.Add(filter.rfm_segment);
  }
  if (!filter.score.empty()) {
    sql += kWithScore;
    params.Add(filter.score);
    if (filter.score_min) {
      sql += " AND v.value >= :low";
      params.Add(*filter.score_min);
    }
    if (filter.score_max) {
      sql += " AND v.value <= :high";
      params.Add(*filter.score_max);
    }
    sql += ")";
  }
  if (!filter.segment_where.empty()) {
    sql += " AND " + filter.segment_where;
    for (const std::string& text : filter.segment_texts) params.Add(text);
  }
  if (page.after > 0) {
    sql += page.descending ? " AND id < :a" : " AND id > :a";
    params.Add(static_cast<long long>(page.after));
  }
  sql += page.descending ? " ORDER BY id DESC" : " ORDER BY id";
  sql += " LIMIT :n";
  params.Add(static_cast<long long>(page.limit));
  std::vector<int64_t> ids;
  try {
    soci::statement st(db.sql());
    long long id = 0;
    params.Bind(st);
    st.exchange(soci::into(id));
    st.alloc();
    st.prepare(sql);
    st.define_and_bind();
    st.execute(false);
    while (st.fetch()) ids.push_back(id);
  } catch (const std::exception& error) {
    return store::DatabaseError("listing customers", error);
  }
  return ids;
}

Status ClaimCustomerVersion(store::Database& db, int64_t workspace_id,
                            int64_t customer_id, int64_t version) {
  long long ws = workspace_id, id = customer_id, v = version;
  long long claimed = 0;
  try {
    soci::statement claim = (db.sql().prepare << kClaimVersion, soci::use(ws),
                             soci::use(id), soci::use(v));
    claim.execute(true);
    claimed = claim.get_affected_rows();
  } catch (const std::exception& error) {
    return store::DatabaseError("claiming the customer's version", error);
  }
  if (claimed == 0) {
    return Status::Conflict(
        "customer " + std::to_string(customer_id) + " changed since version " +
        std::to_string(version) + "; read it again and reapply the change");
  }
  return Status::Ok();
}

}  // namespace vafa::services::customers
