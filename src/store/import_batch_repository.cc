#include "store/import_batch_repository.h"

#include <soci/soci.h>

#include "store/sql_values.h"

namespace vafa::store {
namespace {

constexpr char kColumns[] =
    "id, workspace_id, kind, file_name, mode, match_key, status, rows_total, "
    "rows_created, rows_updated, rows_unchanged, started_at, finished_at, "
    "reverted_at, created_by, rows_skipped, rows_anonymous";

ImportBatch BatchFromRow(const soci::row& row) {
  ImportBatch b;
  b.id = RowInt(row, 0);
  b.workspace_id = RowInt(row, 1);
  b.kind = RowText(row, 2);
  b.file_name = RowText(row, 3);
  b.mode = RowText(row, 4);
  b.match_key = RowText(row, 5);
  b.status = RowText(row, 6);
  b.rows_total = RowInt(row, 7);
  b.rows_created = RowInt(row, 8);
  b.rows_updated = RowInt(row, 9);
  b.rows_unchanged = RowInt(row, 10);
  b.started_at = RowInt(row, 11);
  b.finished_at = RowOptionalInt(row, 12);
  b.reverted_at = RowOptionalInt(row, 13);
  b.created_by = RowText(row, 14);
  b.rows_skipped = RowInt(row, 15);
  b.rows_anonymous = RowInt(row, 16);
  return b;
}

constexpr char kLargestId[] = "SELECT MAX(id) FROM import_batches";

}  // namespace

Result<int64_t> ImportBatchRepository::UnusedId() {
  try {
    long long largest = 0;
    soci::indicator none = soci::i_ok;
    db_.sql() << kLargestId, soci::into(largest, none);
    return (none == soci::i_null ? 0 : largest) + 1;
  } catch (const std::exception& error) {
    return DatabaseError("reading import batch ids", error);
  }
}

Status ImportBatchRepository::Insert(ImportBatch& b) {
  try {
    long long w = b.workspace_id, started = b.started_at;
    NullableText by(b.created_by);
    std::string status = "running";
    std::string returning =
        db_.backend() == Backend::kPostgres ? " RETURNING id" : "";
    long long id = 0;
    std::string sql =
        "INSERT INTO import_batches (workspace_id, kind, file_name, mode, "
        "match_key, status, started_at, created_by) VALUES (:w, :k, :f, :m, "
        ":mk, :s, :t, :by)" +
        returning;
    if (db_.backend() == Backend::kPostgres) {
      db_.sql() << sql, soci::use(w), soci::use(b.kind), soci::use(b.file_name),
          soci::use(b.mode), soci::use(b.match_key), soci::use(status),
          soci::use(started), by.use(), soci::into(id);
    } else {
      db_.sql() << sql, soci::use(w), soci::use(b.kind), soci::use(b.file_name),
          soci::use(b.mode), soci::use(b.match_key), soci::use(status),
          soci::use(started), by.use();
      db_.sql() << "SELECT last_insert_rowid()", soci::into(id);
    }
    b.id = id;
    b.status = status;
    return Status::Ok();
  } catch (const std::exception& error) {
    return DatabaseError("recording import batch", error);
  }
}

Status ImportBatchRepository::Finish(const ImportBatch& b) {
  try {
    long long total = b.rows_total, created = b.rows_created,
              updated = b.rows_updated, unchanged = b.rows_unchanged,
              skipped = b.rows_skipped, anonymous = b.rows_anonymous,
              finished = b.finished_at.value_or(NowSeconds()), id = b.id;
    db_.sql() << "UPDATE import_batches SET status = :s, rows_total = :t, "
                 "rows_created = :c, rows_updated = :u, rows_unchanged = :n, "
                 "rows_skipped = :k, rows_anonymous = :a, finished_at = :f "
                 "WHERE id = :id",
        soci::use(b.status), soci::use(total), soci::use(created),
        soci::use(updated), soci::use(unchanged), soci::use(skipped),
        soci::use(anonymous), soci::use(finished), soci::use(id);
    return Status::Ok();
  } catch (const std::exception& error) {
    return DatabaseError("finishing import batch", error);
  }
}

Status ImportBatchRepository::MarkReverted(int64_t workspace_id,
                                           int64_t batch_id, int64_t at) {
  try {
    long long w = workspace_id, id = batch_id, when = at;
    db_.sql() << "UPDATE import_batches SET status = 'reverted', "
                 "reverted_at = :t WHERE workspace_id = :w AND id = :id",
        soci::use(when), soci::use(w), soci::use(id);
    return Status::Ok();
  } catch (const std::exception& error) {
    return DatabaseError("marking import batch reverted", error);
  }
}

Result<ImportBatch> ImportBatchRepository::Get(int64_t workspace_id,
                                               int64_t batch_id) {
  try {
    long long w = workspace_id, id = batch_id;
    soci::row row;
    db_.sql()
        << std::string("SELECT ") + kColumns +
               " FROM import_batches WHERE workspace_id = :w AND id = :id",
        soci::use(w), soci::use(id), soci::into(row);
    if (!db_.sql().got_data()) {
      return Status::NotFound("import batch " + std::to_string(batch_id) +
                              " does not exist");
    }
    return BatchFromRow(row);
  } catch (const std::exception& error) {
    return DatabaseError("reading import batch", error);
  }
}

Result<std::vector<ImportBatch>> ImportBatchRepository::List(
    int64_t workspace_id, int limit) {
  std::vector<ImportBatch> batches;
  try {
    long long w = workspace_id;
    soci::rowset<soci::row> rows =
        (db_.sql().prepare << std::string("SELECT ") + kColumns +
                                  " FROM import_batches WHERE workspace_id = "
                                  ":w ORDER BY id DESC LIMIT :n",
         soci::use(w), soci::use(limit));
    for (const soci::row& row : rows) batches.push_back(BatchFromRow(row));
  } catch (const std::exception& error) {
    return DatabaseError("listing import batches", error);
  }
  return batches;
}

}  // namespace vafa::store
