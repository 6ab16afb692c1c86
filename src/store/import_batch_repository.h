// ImportBatchRepository: the record of every import. A batch is written in
// the same transaction as the rows it imports, so a batch that is listed
// was committed whole; reverting it removes what it created and restores
// what it changed (see import/revert.h).
#ifndef VAFA_STORE_IMPORT_BATCH_REPOSITORY_H_
#define VAFA_STORE_IMPORT_BATCH_REPOSITORY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "store/database.h"

namespace vafa::store {

struct ImportBatch {
  int64_t id = 0;
  int64_t workspace_id = 0;
  std::string kind;  // customers | transactions | interactions | products
  std::string file_name;
  std::string mode;       // create | update | upsert
  std::string match_key;  // external_id | national_id | phone | email
  std::string status;     // running | committed | reverted
  int64_t rows_total = 0;
  int64_t rows_created = 0;
  int64_t rows_updated = 0;
  int64_t rows_unchanged = 0;
  int64_t rows_skipped = 0;  // bad rows left out (--on-error skip)
  // Lines without a customer stored as anonymous sales (--anonymous keep).
  int64_t rows_anonymous = 0;
  int64_t started_at = 0;
  std::optional<int64_t> finished_at;
  std::optional<int64_t> reverted_at;
  std::string created_by;
};

class ImportBatchRepository {
 public:
  explicit ImportBatchRepository(Database& db) : db_(db) {}

  // Inserts with status "running" and sets batch.id.
  Status Insert(ImportBatch& batch);
  // An id no batch has (one past the largest), taking no value of
  // PostgreSQL's id sequence: for the rows of an import that rolls back
  // (a dry run or preview), which records no batch, so that batch numbers
  // do not skip after it.
  Result<int64_t> UnusedId();
  // Writes counts, status and finished_at.
  Status Finish(const ImportBatch& batch);
  Status MarkReverted(int64_t workspace_id, int64_t batch_id, int64_t at);
  Result<ImportBatch> Get(int64_t workspace_id, int64_t batch_id);
  // Newest first.
  Result<std::vector<ImportBatch>> List(int64_t workspace_id, int limit);

 private:
  Database& db_;
};

}  // namespace vafa::store

#endif  // VAFA_STORE_IMPORT_BATCH_REPOSITORY_H_
