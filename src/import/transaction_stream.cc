#include "import/transaction_stream.h"

#include <algorithm>

#include "import/customer_row.h"

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
                                     const AmountFormat& format,
                                     KnownKeys known)
    : source_(source),
      format_(format),
      known_(std::move(known)),
      first_new_product_id_(known_.next_product_id),
      reader_([this] { Read(); }) {}

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

void TransactionStream::Read() {
  std::vector<std::string_view> fields;
  TransactionRow row;
  std::string normalised;
  const std::string key_name(store::CustomerKeyName(known_.key));
  auto fail = [&](int64_t line, std::string_view column, std::string_view value,
                  std::string reason) {
    errors_.Add(line, column, value, std::move(reason));
    has_errors_.store(true, std::memory_order_relaxed);
  };
  std::unique_ptr<TransactionBatch> batch = TakeFree(kBatchTextBytes);
  bool go_on = true;
  while (go_on) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) break;
    }
    // Reads a block's worth of records between checks of `stopping_`.
    for (int i = 0; i < 256; ++i) {
      Result<bool> more = source_.reader->Next(fields);
      if (!more.ok()) {
        status_ = more.status();
        go_on = false;
        break;
      }
      if (!*more) {
        go_on = false;
        break;
      }
      const int64_t line = source_.reader->line();
      ++records_;
      if (!source_.CheckFieldCount(fields.size(), line, errors_) ||
          !ParseTransactionRecord(source_.columns, fields, format_, line, row,
                                  errors_)) {
        has_errors_.store(true, std::memory_order_relaxed);
        continue;
      }
      if (!known_.orders.empty() && known_.orders.contains(row.order_key)) {
        ++unchanged_;  // imported before: re-runs change nothing
        continue;
      }
      if (known_.key != store::CustomerKey::kExternalId) {
        auto key = NormalizeCustomerKey(known_.key, row.customer_key);
        if (!key.ok()) {
          fail(line, "customer_id", row.customer_key, key.status().message());
          continue;
        }
        normalised = std::move(key).value();
        row.customer_key = normalised;
      }
      int64_t customer_id = 0;
      if (auto found = known_.customers.find(row.customer_key);
          found != known_.customers.end()) {
        customer_id = found->second;
      } else if (!known_.create_missing_customers) {
        fail(line, "customer_id", row.customer_key,
             "no customer has this " + key_name +
                 " (import customers first, or use "
                 "--create-missing-customers)");
        continue;
      }
      auto product = known_.products.find(row.product_key);
      if (product == known_.products.end()) {
        product =
            known_.products
                .emplace(std::string(row.product_key), known_.next_product_id++)
                .first;
      }
      const size_t bytes = row.customer_key.size() + row.order_key.size() +
                           row.product_key.size() + row.product_name.size() +
                           row.category.size() + row.channel.size() +
                           row.branch.size();
      if (batch->rows.size() == kBatchRows ||
          batch->text.size() + bytes > batch->text.capacity()) {
        if (!Publish(std::move(batch))) return;
        batch = TakeFree(bytes);
      }
      std::string& text = batch->text;
      row.customer_key = Keep(text, row.customer_key);
      row.order_key = Keep(text, row.order_key);
      row.product_key = Keep(text, row.product_key);
      row.product_name = Keep(text, row.product_name);
      row.category = Keep(text, row.category);
      row.channel = Keep(text, row.channel);
      row.branch = Keep(text, row.branch);
      batch->rows.push_back(
          StreamedRow{line, row, customer_id, product->second,
                      product->second >= first_new_product_id_});
    }
  }
  if (!batch->rows.empty() && !Publish(std::move(batch))) return;
  std::lock_guard lock(mutex_);
  ended_ = true;
  changed_.notify_all();
}

}  // namespace vafa::import
