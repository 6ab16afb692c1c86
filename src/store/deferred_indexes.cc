#include "store/deferred_indexes.h"

#include <soci/soci.h>

namespace vafa::store {
namespace {

struct Definition {
  std::string drop;
  std::string create;
};

// Indexes of `table` that can be dropped, with how to drop and rebuild
// each.
std::vector<Definition> DroppableIndexes(Database& db, const std::string& table,
                                         bool primary_key) {
  std::vector<Definition> found;
  std::string name;
  std::string sql;
  if (db.backend() == Backend::kSqlite) {
    // Indexes made by UNIQUE clauses have no SQL and cannot be dropped.
    soci::statement rows =
        (db.sql().prepare << "SELECT name, sql FROM sqlite_master "
                             "WHERE type = 'index' AND tbl_name = :t "
                             "AND sql IS NOT NULL ORDER BY name",
         soci::use(table), soci::into(name), soci::into(sql));
    rows.execute();
    while (rows.fetch()) {
      found.push_back({"DROP INDEX " + name, sql});
    }
    return found;
  }
  std::string constraint;
  soci::indicator constraint_null = soci::i_ok;
  const int primary_key_flag = primary_key ? 1 : 0;
  soci::statement rows =
      (db.sql().prepare
           << "SELECT i.relname, c.conname, "
              "COALESCE(pg_get_constraintdef(c.oid), pg_get_indexdef(i.oid)) "
              "FROM pg_index x "
              "JOIN pg_class i ON i.oid = x.indexrelid "
              "LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid "
              "AND c.conrelid = x.indrelid "
              "WHERE x.indrelid = CAST(:t AS regclass) "
              "AND (:p = 1 OR NOT x.indisprimary) ORDER BY i.relname",
       soci::use(table), soci::use(primary_key_flag), soci::into(name),
       soci::into(constraint, constraint_null), soci::into(sql));
  rows.execute();
  while (rows.fetch()) {
    if (constraint_null == soci::i_ok) {
      found.push_back(
          {"ALTER TABLE " + table + " DROP CONSTRAINT " + constraint,
           "ALTER TABLE " + table + " ADD CONSTRAINT " + constraint + " " +
               sql});
    } else {
      // A partitioned table's index reads "ON ONLY t", which would build
      // it on the parent alone; without ONLY it is built on every partition.
      const std::string only = " ON ONLY ";
      const size_t at = sql.find(only);
      if (at != std::string::npos) sql.replace(at, only.size(), " ON ");
      found.push_back({"DROP INDEX " + name, sql});
    }
  }
  return found;
}

// Whether `table` holds at least `rows` rows: PostgreSQL's estimate when
// the table has been analysed, otherwise a count that stops there.
bool HoldsAtLeast(Database& db, const std::string& table, int64_t rows) {
  double estimate = -1;
  if (db.backend() == Backend::kPostgres) {
    db.sql() << "SELECT reltuples FROM pg_class WHERE oid = CAST(:t AS "
                "regclass)",
        soci::use(table), soci::into(estimate);
  }
  if (estimate >= 0) return estimate >= static_cast<double>(rows);
  long long counted = 0;
  long long limit = rows;
  db.sql() << "SELECT COUNT(*) FROM (SELECT 1 FROM " + table +
                  " LIMIT :n) AS head",
      soci::use(limit), soci::into(counted);
  return counted >= rows;
}

}  // namespace

DeferredIndexes::DeferredIndexes(Database& db, std::string table,
                                 int64_t incoming_rows, PrimaryKey primary_key)
    : db_(db), table_(std::move(table)) {
  if (incoming_rows < kMinRows) return;
  std::vector<Definition> indexes =
      DroppableIndexes(db_, table_, primary_key == PrimaryKey::kDefer);
  if (indexes.empty() || HoldsAtLeast(db_, table_, incoming_rows)) return;
  for (Definition& index : indexes) {
    db_.sql() << index.drop;
    statements_.push_back(std::move(index.create));
  }
}

Status DeferredIndexes::Restore() {
  try {
    for (const std::string& statement : statements_) db_.sql() << statement;
  } catch (const std::exception& error) {
    return DatabaseError("rebuilding the indexes of " + table_, error);
  }
  statements_.clear();
  return Status::Ok();
}

}  // namespace vafa::store
