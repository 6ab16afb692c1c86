#include "import/internal/transaction_stream.h"

#include <algorithm>
#include <tuple>

#include "core/money.h"
#include "import/customer_row.h"
#include "import/import_preview.h"
#include "store/order_lines.h"

namespace vafa::import {
namespace {

// Copies `text` into `arena`, which has room for it.
std::string_view Keep(std::string& arena, std::string_view text) {
  if (text.empty()) return {};
  const size_t at = arena.size();
  arena.append(text);
  return std::string_view(arena).substr(at, text.size());
}

}  // namespace

TransactionStream::TransactionStream(ImportSource& source,
                                     const TransactionFormat& format,
                                     KnownKeys known,
                                     const StreamPolicy& policy)
    : source_(source),
      format_(format),
      known_(std::move(known)),
      policy_(policy),
      errors_(policy.examples),
      reader_([this] { Read(); }) {}

void TransactionStream::Reject(std::span<const std::string_view> fields,
                               int64_t line, std::string_view order_key) {
  if (!policy_.skip_bad_rows) {
    has_errors_.store(true, std::memory_order_relaxed);
    return;
  }
  ++skipped_;
  if (policy_.rejects != nullptr) {
    policy_.rejects->Write(fields, errors_.last_row_reason());
  }
  // An order already in the store is skipped whole anyway.
  if (order_key.empty() || known_.orders.contains(order_key) ||
      rejected_orders_.contains(order_key)) {
    return;
  }
  rejected_orders_.emplace(std::string(order_key), line);
  auto order = orders_.find(order_key);
  if (order != orders_.end()) {
    order->second.rejected = true;
    order->second.first_rejected_line = line;
  }
}

TransactionStream::~TransactionStream() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  reader_.join();
}

const TransactionBatch* TransactionStream::Next() {
  std::unique_lock lock(mutex_);
  if (current_ != nullptr) free_.push_back(std::move(current_));
  changed_.notify_all();
  changed_.wait(lock, [this] { return !full_.empty() || ended_; });
  if (full_.empty()) return nullptr;
  current_ = std::move(full_.front());
  full_.pop_front();
  changed_.notify_all();
  return current_.get();
}

std::unique_ptr<TransactionBatch> TransactionStream::TakeFree(
    size_t text_bytes) {
  std::unique_ptr<TransactionBatch> batch;
  {
    std::lock_guard lock(mutex_);
    if (!free_.empty()) {
      batch = std::move(free_.back());
      free_.pop_back();
    }
  }
  if (batch == nullptr) {
    batch = std::make_unique<TransactionBatch>();
    batch->rows.reserve(kBatchRows);
  }
  batch->rows.clear();
  batch->text.clear();
  batch->text.reserve(std::max(text_bytes, kBatchTextBytes));
  return batch;
}

bool TransactionStream::Publish(std::unique_ptr<TransactionBatch> batch) {
  std::unique_lock lock(mutex_);
  changed_.wait(lock,
                [this] { return full_.size() < kQueuedBatches || stopping_; });
  if (stopping_) return false;
  full_.push_back(std::move(batch));
  changed_.notify_all();
  return true;
}

// The record being read: its fields, the row parsed from them and the
// normalised customer key that row.customer_key may point into.
struct TransactionStream::CurrentLine {
  std::vector<std::string_view> fields;
  TransactionRow row;
  std::string normalised_key;
  int64_t line = 0;
  bool anonymous = false;  // no customer key
};

void TransactionStream::Read() {
  CurrentLine current;
  std::unique_ptr<TransactionBatch> batch = TakeFree(kBatchTextBytes);
  Reading reading = Reading::kGoOn;
  while (reading == Reading::kGoOn && !StopRequested()) {
    // Reads a block's worth of records between checks of `stopping_`.
    for (int i = 0; i < 256 && reading == Reading::kGoOn; ++i) {
      reading = ReadRecord(current, batch);
    }
  }
  if (reading == Reading::kCallerLeft) return;
  if (!batch->rows.empty() && !Publish(std::move(batch))) return;
  std::lock_guard lock(mutex_);
  ended_ = true;
  changed_.notify_all();
}

bool TransactionStream::StopRequested() {
  std::lock_guard lock(mutex_);
  return stopping_;
}

TransactionStream::Reading TransactionStream::ReadRecord(
    CurrentLine& current, std::unique_ptr<TransactionBatch>& batch) {
  Result<bool> more = source_.NextRecord(current.fields);
  if (!more.ok()) {
    status_ = more.status();
    return Reading::kFileEnded;
  }
  if (!*more) return Reading::kFileEnded;
  current.line = source_.reader->line();
  ++records_;
  if (!ParseLine(current) || IsLeftOut(current) || !NormaliseKey(current)) {
    return Reading::kGoOn;
  }
  StreamedRow out;
  out.line = current.line;
  // Every check first; ids and orders change only for a good row.
  if (!FindCustomer(current, out)) return Reading::kGoOn;
  auto order = orders_.find(current.row.order_key);
  if (order != orders_.end() && !FitsOrder(current, out, order->second)) {
    return Reading::kGoOn;
  }
  AddToOrder(current, out, order);
  FindProduct(current, out);
  if (policy_.preview != nullptr && !policy_.preview->full()) {
    policy_.preview->AddRow(
        current.line, TransactionPreviewValues(current.row, format_.amount));
  }
  return AddToBatch(current.row, out, batch) ? Reading::kGoOn
                                             : Reading::kCallerLeft;
}

void TransactionStream::Fail(const CurrentLine& current,
                             std::string_view column, std::string_view value,
                             std::string reason) {
  errors_.Add(current.line, column, value, std::move(reason));
  // A bad row found after parsing; row.order_key still names its order.
  Reject(current.fields, current.line, current.row.order_key);
}

bool TransactionStream::ParseLine(CurrentLine& current) {
  if (!source_.CheckFieldCount(current.fields.size(), current.line, errors_)) {
    Reject(current.fields, current.line, {});
    return false;
  }
  if (!ParseTransactionRecord(source_.columns, current.fields, format_,
                              current.line, current.row, errors_)) {
    Reject(current.fields, current.line, current.row.order_key);
    return false;
  }
  current.anonymous = current.row.customer_key.empty();
  return true;
}

bool TransactionStream::IsLeftOut(const CurrentLine& current) {
  const TransactionRow& row = current.row;
  // Only when anonymous lines are left out or kept.
  if (current.anonymous && !policy_.keep_anonymous) {
    ++anonymous_lines_;
    anonymous_revenue_ += static_cast<double>(row.amount_minor);
    return true;
  }
  if (!known_.orders.empty() && known_.orders.contains(row.order_key)) {
    ++unchanged_;  // imported before: re-runs change nothing
    return true;
  }
  if (!rejected_orders_.empty() && rejected_orders_.contains(row.order_key)) {
    Fail(current, "order_id", row.order_key,
         std::string(kOrderHasRejectedLine));
    return true;
  }
  return false;
}

bool TransactionStream::NormaliseKey(CurrentLine& current) {
  if (current.anonymous || known_.key == store::CustomerKey::kExternalId) {
    return true;
  }
  auto key = NormalizeCustomerKey(known_.key, current.row.customer_key);
  if (!key.ok()) {
    Fail(current, "customer_id", current.row.customer_key,
         key.status().message());
    return false;
  }
  current.normalised_key = std::move(key).value();
  current.row.customer_key = current.normalised_key;
  return true;
}

bool TransactionStream::FindCustomer(const CurrentLine& current,
                                     StreamedRow& out) {
  if (current.anonymous) return true;  // out.customer_id stays 0
  auto customer = known_.customers.find(current.row.customer_key);
  if (customer != known_.customers.end()) {
    out.customer_id = customer->second;
    return true;
  }
  if (known_.create_missing_customers) return true;  // given an id later
  Fail(current, "customer_id", current.row.customer_key,
       "no customer has this " +
           std::string(store::CustomerKeyName(known_.key)) +
           " (import customers first, or use --create-missing-customers)");
  return false;
}

bool TransactionStream::FitsOrder(const CurrentLine& current,
                                  const StreamedRow& out,
                                  const GatheredOrder& gathered) {
  const TransactionRow& row = current.row;
  // A new customer's id is given later: 0 here, like an anonymous sale's,
  // but an order has either customer keys or none.
  const bool other_customer =
      out.customer_id != gathered.customer_id ||
      (gathered.customer_id == 0 && current.anonymous != gathered.anonymous);
  if (other_customer) {
    const std::string order_line = "order \"" + std::string(row.order_key) +
                                   "\" on line " +
                                   std::to_string(gathered.first_line);
    Fail(current, "customer_id", row.customer_key,
         current.anonymous ? "is empty, but " + order_line + " has a customer"
                           : "differs from the customer of " + order_line);
    return false;
  }
  if (gathered.line_count + 1 >= store::kLinesPerOrderKey) {
    Fail(current, "order_id", row.order_key,
         "has more than " + std::to_string(store::kLinesPerOrderKey - 1) +
             " lines");
    return false;
  }
  // An order's totals are sums of its lines: one that no longer fits in 64
  // bits is this line's error, never a wrapped total.
  for (auto [sum, added, column] :
       {std::tuple{gathered.total_minor, row.amount_minor, "amount"},
        std::tuple{gathered.discount_minor, row.discount_minor, "discount"},
        std::tuple{gathered.cost_minor, row.cost_minor, "cost"}}) {
    if (!CheckedAdd(sum, added)) {
      Fail(current, column, std::to_string(added),
           AmountOverflowMessage("with this line, the " + std::string(column) +
                                 " of order \"" + std::string(row.order_key) +
                                 "\""));
      return false;
    }
  }
  return true;
}

void TransactionStream::AddToOrder(const CurrentLine& current, StreamedRow& out,
                                   GatheredOrders::iterator order) {
  const TransactionRow& row = current.row;
  if (out.customer_id == 0 && !current.anonymous) {
    out.customer_id = known_.next_customer_id++;
    out.new_customer = true;
    known_.customers.emplace(std::string(row.customer_key), out.customer_id);
  }
  if (order == orders_.end()) {
    order = orders_.emplace(std::string(row.order_key), GatheredOrder{}).first;
    GatheredOrder& fresh = order->second;
    fresh.id = known_.next_order_id++;
    fresh.customer_id = out.customer_id;
    fresh.anonymous = current.anonymous;
    fresh.first_line = current.line;
    fresh.at = row.at;
    fresh.channel = std::string(row.channel);
    fresh.branch = std::string(row.branch);
    in_id_order_.push_back(&*order);
  }
  GatheredOrder& gathered = order->second;
  gathered.at = std::min(gathered.at, row.at);
  out.order_id = gathered.id;
  out.line_no = ++gathered.line_count;
  gathered.total_minor += row.amount_minor;
  gathered.discount_minor += row.discount_minor;
  gathered.cost_minor += row.cost_minor;
  gathered.cost_known = gathered.cost_known && row.has_cost;
  if (row.rounded) ++rounded_;
  if (current.anonymous) {
    ++anonymous_lines_;
    anonymous_revenue_ += static_cast<double>(row.amount_minor);
  } else {
    handed_out_revenue_ += static_cast<double>(row.amount_minor);
  }
}

void TransactionStream::FindProduct(const CurrentLine& current,
                                    StreamedRow& out) {
  auto product = known_.products.find(current.row.product_key);
  if (product == known_.products.end()) {
    product = known_.products
                  .emplace(std::string(current.row.product_key),
                           known_.next_product_id++)
                  .first;
    out.new_product = true;
  }
  out.product_id = product->second;
}

bool TransactionStream::AddToBatch(TransactionRow& row, StreamedRow& out,
                                   std::unique_ptr<TransactionBatch>& batch) {
  // Only the texts the caller writes.
  if (!out.new_customer) row.customer_key = {};
  if (!out.new_product) {
    row.product_key = row.product_name = row.category = {};
  }
  row.order_key = row.channel = row.branch = {};
  const size_t bytes = row.customer_key.size() + row.product_key.size() +
                       row.product_name.size() + row.category.size();
  if (batch->rows.size() == kBatchRows ||
      batch->text.size() + bytes > batch->text.capacity()) {
    if (!Publish(std::move(batch))) return false;
    batch = TakeFree(bytes);
  }
  std::string& text = batch->text;
  row.customer_key = Keep(text, row.customer_key);
  row.product_key = Keep(text, row.product_key);
  row.product_name = Keep(text, row.product_name);
  row.category = Keep(text, row.category);
  out.row = row;
  batch->rows.push_back(out);
  return true;
}

}  // namespace vafa::import
