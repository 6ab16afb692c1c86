// CustomerBulkWriter: inserts many new customers (and their search terms)
// inside the caller's transaction through BulkInsert, with ids allocated
// here, so an import of a million customers does not pay a statement round
// trip per row. Call Finish() before the transaction commits.
#ifndef VAFA_STORE_CUSTOMER_BULK_WRITER_H_
#define VAFA_STORE_CUSTOMER_BULK_WRITER_H_

#include "store/bulk_insert.h"
#include "store/customer.h"

namespace vafa::store {

class CustomerBulkWriter {
 public:
  explicit CustomerBulkWriter(Database& db);
  // Sets customer.id (ids are given in turn from next_id()) and queues the
  // row.
  Status Add(Customer& customer);
  int64_t next_id() const { return next_id_; }
  // `sync_id_sequence`: set PostgreSQL's id sequence past the new ids;
  // false when the transaction will roll back (setval would not).
  Status Finish(bool sync_id_sequence = true);

 private:
  Database& db_;
  int64_t next_id_;
  BulkInsert customers_;
  BulkInsert terms_;
};

}  // namespace vafa::store

#endif  // VAFA_STORE_CUSTOMER_BULK_WRITER_H_
