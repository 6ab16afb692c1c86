#include "pipeline/score_reads.h"

#include <soci/soci.h>

#include "store/sql_values.h"

namespace vafa::pipeline {
namespace {

constexpr char kCustomerScores[] =
    "SELECT name, value, label, computed_at FROM scores WHERE workspace_id = "
    ":w AND customer_id = :c ORDER BY name";

// The score page is put together from these parts, in this order; the
// placeholders are bound in the order they appear.
constexpr char kScorePage[] =
    "SELECT s.customer_id, s.value, s.label, s.computed_at FROM scores s JOIN "
    "customers c ON c.workspace_id = s.workspace_id AND c.id = s.customer_id "
    "AND c.deleted_at IS NULL WHERE s.workspace_id = :w AND s.name = :n";
constexpr char kScorePageLabel[] = " AND s.label = :l";
// Followed by one placeholder per segment and "))".
constexpr char kScorePageSegments[] =
    " AND EXISTS (SELECT 1 FROM scores g WHERE g.workspace_id = "
    "s.workspace_id AND g.customer_id = s.customer_id AND g.name = "
    "'rfm_segment' AND g.label IN (";
constexpr char kScorePageHasValue[] = " AND s.value IS NOT NULL";
constexpr char kScorePageAfterCustomer[] = " AND s.customer_id > :a";
constexpr char kScorePageAfterValueDown[] =
    " AND (s.value < :v OR (s.value = :v2 AND s.customer_id > :a))";
constexpr char kScorePageAfterValueUp[] =
    " AND (s.value > :v OR (s.value = :v2 AND s.customer_id > :a))";
constexpr char kScorePageByCustomer[] = " ORDER BY s.customer_id LIMIT :k";
constexpr char kScorePageByValueDown[] =
    " ORDER BY s.value DESC, s.customer_id LIMIT :k";
constexpr char kScorePageByValueUp[] =
    " ORDER BY s.value, s.customer_id LIMIT :k";

constexpr char kScoreGroups[] =
    "SELECT s.label, COUNT(*), AVG(s.value), NULL, NULL FROM scores s JOIN "
    "customers c ON c.workspace_id = s.workspace_id AND c.id = s.customer_id "
    "AND c.deleted_at IS NULL WHERE s.workspace_id = :w AND s.name = :n GROUP "
    "BY s.label ORDER BY COUNT(*) DESC, s.label";
constexpr char kScoreGroupsWithMeasure[] =
    "SELECT s.label, COUNT(*), AVG(s.value), SUM(m.value), AVG(m.value) FROM "
    "scores s LEFT JOIN scores m ON m.workspace_id = s.workspace_id AND "
    "m.customer_id = s.customer_id AND m.name = :m JOIN customers c ON "
    "c.workspace_id = s.workspace_id AND c.id = s.customer_id AND "
    "c.deleted_at IS NULL WHERE s.workspace_id = :w AND s.name = :n GROUP BY "
    "s.label ORDER BY COUNT(*) DESC, s.label";

std::string ScorePageSql(const ScorePageQuery& query) {
  const bool by_value = query.order != ScoreOrder::kCustomer;
  const bool descending = query.order == ScoreOrder::kValueDescending;
  std::string sql = kScorePage;
  if (!query.label.empty()) sql += kScorePageLabel;
  if (!query.segments.empty()) {
    sql += kScorePageSegments;
    for (size_t segment_idx = 0; segment_idx < query.segments.size();
         ++segment_idx) {
      sql += (segment_idx ? ", :g" : ":g") + std::to_string(segment_idx);
    }
    sql += "))";
  }
  if (by_value) sql += kScorePageHasValue;
  if (query.after) {
    sql += !by_value    ? kScorePageAfterCustomer
           : descending ? kScorePageAfterValueDown
                        : kScorePageAfterValueUp;
  }
  sql += !by_value    ? kScorePageByCustomer
         : descending ? kScorePageByValueDown
                      : kScorePageByValueUp;
  return sql;
}

}  // namespace

Result<std::vector<CustomerScore>> ScoresForCustomer(store::Database& db,
                                                     int64_t workspace_id,
                                                     int64_t customer_id) {
  std::vector<CustomerScore> scores;
  try {
    long long ws = workspace_id, customer = customer_id, computed = 0;
    std::string name, label;
    double value = 0;
    soci::indicator value_ind = soci::i_ok, label_ind = soci::i_ok;
    soci::statement st =
        (db.sql().prepare << kCustomerScores, soci::use(ws),
         soci::use(customer), soci::into(name), soci::into(value, value_ind),
         soci::into(label, label_ind), soci::into(computed));
    st.execute();
    while (st.fetch()) {
      CustomerScore& score = scores.emplace_back();
      score.name = name;
      if (value_ind != soci::i_null) score.value = value;
      if (label_ind != soci::i_null) score.label = label;
      score.computed_at = computed;
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading scores", error);
  }
  return scores;
}

Result<std::vector<ScoreOfCustomer>> ScorePage(store::Database& db,
                                               int64_t workspace_id,
                                               const ScorePageQuery& query) {
  std::vector<ScoreOfCustomer> page;
  try {
    long long workspace = workspace_id, limit = query.limit;
    std::string name = query.name, label = query.label;
    std::vector<std::string> segments = query.segments;
    double after_value = query.after ? query.after->value : 0;
    long long after_customer = query.after ? query.after->customer_id : 0;
    const bool by_value = query.order != ScoreOrder::kCustomer;
    soci::statement st(db.sql());
    soci::row row;
    // Bound in the order the placeholders appear in ScorePageSql.
    st.exchange(soci::use(workspace));
    st.exchange(soci::use(name));
    if (!label.empty()) st.exchange(soci::use(label));
    for (std::string& segment : segments) st.exchange(soci::use(segment));
    if (query.after && by_value) {
      st.exchange(soci::use(after_value));
      st.exchange(soci::use(after_value));
    }
    if (query.after) st.exchange(soci::use(after_customer));
    st.exchange(soci::use(limit));
    st.exchange(soci::into(row));
    st.alloc();
    st.prepare(ScorePageSql(query));
    st.define_and_bind();
    st.execute(false);
    while (st.fetch()) {
      page.push_back(
          {.customer_id = store::RowInt(row, 0),
           .value = store::RowOptionalDouble(row, 1),
           .label = store::RowIsNull(row, 2)
                        ? std::nullopt
                        : std::optional<std::string>(row.get<std::string>(2)),
           .computed_at = store::RowInt(row, 3)});
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading scores", error);
  }
  return page;
}

Result<std::vector<ScoreGroup>> ScoreGroups(store::Database& db,
                                            int64_t workspace_id,
                                            const std::string& name,
                                            const std::string& measure) {
  std::vector<ScoreGroup> groups;
  try {
    long long workspace = workspace_id;
    std::string score = name, measured = measure;
    soci::statement st(db.sql());
    soci::row row;
    if (!measure.empty()) st.exchange(soci::use(measured));
    st.exchange(soci::use(workspace));
    st.exchange(soci::use(score));
    st.exchange(soci::into(row));
    st.alloc();
    st.prepare(measure.empty() ? kScoreGroups : kScoreGroupsWithMeasure);
    st.define_and_bind();
    st.execute(false);
    while (st.fetch()) {
      ScoreGroup& group = groups.emplace_back();
      if (!store::RowIsNull(row, 0)) group.label = row.get<std::string>(0);
      group.customers = store::RowInt(row, 1);
      group.mean_value = store::RowOptionalDouble(row, 2);
      if (!measure.empty()) {
        group.measure_sum = store::RowOptionalDouble(row, 3);
        group.measure_mean = store::RowOptionalDouble(row, 4);
      }
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading scores", error);
  }
  return groups;
}

}  // namespace vafa::pipeline
