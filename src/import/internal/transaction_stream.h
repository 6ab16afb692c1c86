// TransactionStream: reads a transactions file on a background thread while
// the caller writes earlier rows to the store, so an import keeps two cores
// busy. The reading thread splits the CSV, reads dates, amounts and keys,
// resolves customers and products to ids (giving ids to new ones), and
// gathers the lines into orders (giving each order its id on its first
// line); the caller only writes.
//
// Rows are handed out in batches, each with everything the caller writes.
// A batch's texts live in the batch and stay valid until the next call to
// Next(). Bad rows are not handed out; their errors are kept here
// (has_errors() tells at once, errors() in full once the stream has ended).
// With StreamPolicy::skip_bad_rows, bad rows go to the rejects file instead
// and has_errors() stays false; the lines of an order after one of its lines
// was rejected are rejected too, and the order is marked `rejected` so the
// caller leaves out (and takes back) the lines it already wrote.
#ifndef VAFA_IMPORT_TRANSACTION_STREAM_H_
#define VAFA_IMPORT_TRANSACTION_STREAM_H_

#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/text_map.h"
#include "import/import_source.h"
#include "import/rejects_file.h"
#include "import/transaction_row.h"
#include "store/customer_repository.h"

namespace vafa::import {

// What the store holds before the import, for resolving rows as they are
// read, and where the ids of new rows start. The stream takes it over.
struct KnownKeys {
  store::CustomerKey key = store::CustomerKey::kExternalId;
  TextMap<int64_t> customers;  // key value -> id
  TextMap<int64_t> products;   // sku -> id
  TextSet orders;              // external ids of orders already stored
  // New orders, products and customers get ids from these on, in the order
  // they first appear in the file.
  int64_t next_order_id = 1;
  int64_t next_product_id = 1;
  int64_t next_customer_id = 1;
  // When false, a row whose customer is unknown is an error.
  bool create_missing_customers = false;
};

// What to do with bad rows and lines without a customer.
struct StreamPolicy {
  bool skip_bad_rows = false;
  // Lines without a customer key (the row parser lets them through only
  // when they are not errors): left out, or handed out as anonymous sales,
  // with customer_id 0, in orders of no customer.
  bool keep_anonymous = false;
  // skip_bad_rows: where rejected rows go; used by the reading thread until
  // the stream ends.
  RejectsFile* rejects = nullptr;
  size_t examples = 5;  // errors kept per column and reason
  // When set, receives the first good lines as they would be stored; used
  // by the reading thread until the stream ends.
  ImportPreview* preview = nullptr;
};

// The reason given to the lines of an order that another bad line of it
// took out of the import.
inline constexpr std::string_view kOrderHasRejectedLine =
    "another line of this order was rejected";

// One order line, resolved.
struct StreamedRow {
  int64_t line = 0;  // of the record in the file
  // The parsed fields. Of the texts, only those the caller writes are kept:
  // customer_key (normalised as the store keeps the import's key) on a new
  // customer's first row; product_key, product_name and category on a new
  // product's first row.
  TransactionRow row;
  int64_t customer_id = 0;  // 0: an anonymous sale
  int64_t product_id = 0;
  int64_t order_id = 0;
  int line_no = 0;            // 1, 2, ... within the order
  bool new_customer = false;  // the first row of a customer the file adds
  bool new_product = false;   // the first row of a product the file adds
};

// An order as its lines add up.
struct GatheredOrder {
  int64_t id = 0;
  int64_t customer_id = 0;  // 0: an anonymous sale
  bool anonymous = false;   // its lines have no customer key
  int64_t first_line = 0;
  UnixSeconds at = 0;  // of its earliest line
  std::string channel;
  std::string branch;
  int64_t total_minor = 0;
  int64_t discount_minor = 0;
  int64_t cost_minor = 0;
  bool cost_known = true;  // every line had a cost
  int line_count = 0;
  // A line of it was rejected (skip_bad_rows): the order is left out; its
  // lines before `first_rejected_line` were handed out already.
  bool rejected = false;
  int64_t first_rejected_line = 0;
};
using GatheredOrders = TextMap<GatheredOrder>;  // by external id

struct TransactionBatch {
  std::vector<StreamedRow> rows;
  // Holds the rows' texts. Reserved before any is written and never grown,
  // so the views in `rows` stay put.
  std::string text;
};

class TransactionStream {
 public:
  static constexpr size_t kBatchRows = 8192;
  static constexpr size_t kBatchTextBytes = 1 << 20;
  static constexpr size_t kQueuedBatches = 6;

  // Starts reading `source` (whose header has been read). `source` must
  // outlive the stream.
  TransactionStream(ImportSource& source, const TransactionFormat& format,
                    KnownKeys known, const StreamPolicy& policy = {});
  // Stops reading (if the caller gave up early) and joins the thread.
  ~TransactionStream();
  TransactionStream(const TransactionStream&) = delete;
  TransactionStream& operator=(const TransactionStream&) = delete;

  // The next batch, or nullptr once the file is read or reading failed.
  const TransactionBatch* Next();

  // Whether any row so far was bad.
  bool has_errors() const {
    return has_errors_.load(std::memory_order_relaxed);
  }
  // Once Next() has returned nullptr: a CSV error that stopped reading, the
  // number of records read, of those skipped as imported before, the errors
  // of bad rows and the orders, in id order.
  const Status& status() const { return status_; }
  int64_t records() const { return records_; }
  int64_t unchanged() const { return unchanged_; }
  int64_t skipped() const { return skipped_; }
  int64_t rounded() const { return rounded_; }
  // Lines without a customer: left out, or handed out as anonymous sales.
  int64_t anonymous_lines() const { return anonymous_lines_; }
  double anonymous_revenue() const { return anonymous_revenue_; }
  // Amounts of the lines handed out for customers.
  double handed_out_revenue() const { return handed_out_revenue_; }
  ImportErrors& errors() { return errors_; }
  const std::vector<const GatheredOrders::value_type*>& orders() const {
    return in_id_order_;
  }

 private:
  // The record being read; defined in the .cc file.
  struct CurrentLine;
  // Where reading stands after a record.
  enum class Reading {
    kGoOn,
    kFileEnded,   // read to the end, or a CSV error stopped it (status_)
    kCallerLeft,  // the stream is stopping: no batch is taken any more
  };

  // The reading thread: reads records and hands them out in batches.
  void Read();
  bool StopRequested();
  Reading ReadRecord(CurrentLine& current,
                     std::unique_ptr<TransactionBatch>& batch);
  // The steps of one record, in turn. ParseLine, NormaliseKey, FindCustomer
  // and FitsOrder return false, IsLeftOut true, when the record goes no
  // further (a bad one is recorded through Reject or Fail).
  bool ParseLine(CurrentLine& current);
  bool IsLeftOut(const CurrentLine& current);
  bool NormaliseKey(CurrentLine& current);
  bool FindCustomer(const CurrentLine& current, StreamedRow& out);
  bool FitsOrder(const CurrentLine& current, const StreamedRow& out,
                 const GatheredOrder& gathered);
  // The good row's changes: ids for a new customer and order, the order's
  // sums, the product's id.
  void AddToOrder(const CurrentLine& current, StreamedRow& out,
                  GatheredOrders::iterator order);
  void FindProduct(const CurrentLine& current, StreamedRow& out);
  // Keeps the texts the caller writes and queues the row, publishing a full
  // batch first; false when the reader should stop.
  bool AddToBatch(TransactionRow& row, StreamedRow& out,
                  std::unique_ptr<TransactionBatch>& batch);
  // A bad row found after parsing: its error, then Reject.
  void Fail(const CurrentLine& current, std::string_view column,
            std::string_view value, std::string reason);
  // Records a bad row (its errors are in errors_): an error of the import,
  // or with skip_bad_rows a row for the rejects file and, when it names an
  // order of this file, the end of that order.
  void Reject(std::span<const std::string_view> fields, int64_t line,
              std::string_view order_key);
  std::unique_ptr<TransactionBatch> TakeFree(size_t text_bytes);
  // Queues a full batch; false when the reader should stop.
  bool Publish(std::unique_ptr<TransactionBatch> batch);

  ImportSource& source_;
  const TransactionFormat format_;
  KnownKeys known_;  // the reader's alone until the end
  const StreamPolicy policy_;
  // Orders of the file with a rejected line, and the first such line.
  TextMap<int64_t> rejected_orders_;

  // Written by the reader thread, read by the caller after the end.
  Status status_;
  int64_t records_ = 0;
  int64_t unchanged_ = 0;
  int64_t skipped_ = 0;
  int64_t rounded_ = 0;
  int64_t anonymous_lines_ = 0;
  double anonymous_revenue_ = 0;
  double handed_out_revenue_ = 0;
  ImportErrors errors_;
  GatheredOrders orders_;
  // The entries of orders_ as they got their ids (a map's entries stay put
  // as it grows).
  std::vector<const GatheredOrders::value_type*> in_id_order_;
  std::atomic<bool> has_errors_{false};

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::unique_ptr<TransactionBatch>> full_;   // guarded
  std::vector<std::unique_ptr<TransactionBatch>> free_;  // guarded
  bool ended_ = false;                                   // guarded
  bool stopping_ = false;                                // guarded
  std::unique_ptr<TransactionBatch> current_;            // the caller's batch

  std::thread reader_;  // last: starts once the rest is built
};

}  // namespace vafa::import

#endif  // VAFA_IMPORT_TRANSACTION_STREAM_H_
