#include "pipeline/quality_runs.h"

#include <soci/soci.h>

#include <algorithm>

#include "store/sql_values.h"

namespace vafa::pipeline {
namespace {

namespace quality = analytics::quality;

constexpr char kInsertRun[] =
    "INSERT INTO quality_runs (workspace_id, ran_at, customers, "
    "customers_with_problems, duplicate_pairs, customers_in_duplicates, "
    "report) VALUES (:w, :r, :c, :p, :d, :g, :j)";
constexpr char kInsertField[] =
    "INSERT INTO quality_run_fields (run_id, field, applicable, filled, "
    "invalid, inconsistent) VALUES (:r, :f, :a, :l, :i, :n)";
constexpr char kLatestQualityRuns[] =
    "SELECT id, ran_at, customers, customers_with_problems, duplicate_pairs, "
    "customers_in_duplicates, report FROM quality_runs WHERE workspace_id = "
    ":w AND id <= :u ORDER BY id DESC LIMIT :n";
constexpr char kRunFields[] =
    "SELECT field, applicable, filled, invalid, inconsistent FROM "
    "quality_run_fields WHERE run_id = :r";

}  // namespace

Result<int64_t> SaveQualityRun(store::Database& db, int64_t workspace_id,
                               UnixSeconds ran_at,
                               const quality::QualityReport& report,
                               const nlohmann::json& report_json) {
  try {
    soci::transaction transaction(db.sql());
    store::TakeWriteLock(db);
    long long w = workspace_id, at = ran_at, customers = report.customers,
              with_problems = report.customers_with_problems,
              pairs = report.duplicates.pairs,
              grouped = report.duplicates.customers_in_groups, run_id = 0;
    const std::string body = report_json.dump();
    if (db.backend() == store::Backend::kPostgres) {
      db.sql() << std::string(kInsertRun) + " RETURNING id", soci::use(w),
          soci::use(at), soci::use(customers), soci::use(with_problems),
          soci::use(pairs), soci::use(grouped), soci::use(body),
          soci::into(run_id);
    } else {
      db.sql() << kInsertRun, soci::use(w), soci::use(at), soci::use(customers),
          soci::use(with_problems), soci::use(pairs), soci::use(grouped),
          soci::use(body);
      db.sql() << "SELECT last_insert_rowid()", soci::into(run_id);
    }
    for (const quality::FieldQuality& field : report.fields) {
      std::string name(quality::FieldName(field.field));
      long long applicable = field.applicable, filled = field.filled,
                invalid = field.invalid, inconsistent = field.inconsistent;
      db.sql() << kInsertField, soci::use(run_id), soci::use(name),
          soci::use(applicable), soci::use(filled), soci::use(invalid),
          soci::use(inconsistent);
    }
    transaction.commit();
    return static_cast<int64_t>(run_id);
  } catch (const std::exception& error) {
    return store::DatabaseError("storing a quality run", error);
  }
}

Result<std::vector<QualityRunRecord>> LatestQualityRuns(store::Database& db,
                                                        int64_t workspace_id,
                                                        int limit,
                                                        int64_t up_to_id) {
  std::vector<QualityRunRecord> runs;
  try {
    long long workspace = workspace_id, up_to = up_to_id, n = limit;
    soci::rowset<soci::row> rows =
        (db.sql().prepare << kLatestQualityRuns, soci::use(workspace),
         soci::use(up_to), soci::use(n));
    for (const soci::row& row : rows) {
      QualityRunRecord run{
          .id = store::RowInt(row, 0),
          .ran_at = store::RowInt(row, 1),
          .customers = store::RowInt(row, 2),
          .customers_with_problems = store::RowInt(row, 3),
          .duplicate_pairs = store::RowInt(row, 4),
          .customers_in_duplicates = store::RowInt(row, 5),
          .report = nlohmann::json::parse(store::RowText(row, 6)),
          .fields = {}};
      runs.push_back(std::move(run));
    }
    for (QualityRunRecord& run : runs) {
      long long run_id = run.id;
      soci::rowset<soci::row> fields =
          (db.sql().prepare << kRunFields, soci::use(run_id));
      for (const soci::row& row : fields) {
        const std::optional<quality::Field> field =
            quality::FieldNamed(store::RowText(row, 0));
        if (!field) continue;  // a field a later version no longer counts
        run.fields.push_back({.field = *field,
                              .applicable = store::RowInt(row, 1),
                              .filled = store::RowInt(row, 2),
                              .invalid = store::RowInt(row, 3),
                              .inconsistent = store::RowInt(row, 4),
                              .examples = {}});
      }
      std::sort(
          run.fields.begin(), run.fields.end(),
          [](const quality::FieldQuality& a, const quality::FieldQuality& b) {
            return a.field < b.field;
          });
    }
  } catch (const std::exception& error) {
    return store::DatabaseError("reading quality runs", error);
  }
  return runs;
}

}  // namespace vafa::pipeline
