#include "analytics/transaction_log.h"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <utility>

namespace vafa::analytics {
namespace {

template <typename T>
std::vector<T> Permute(const std::vector<T>& column,
                       const std::vector<int32_t>& old_of_new) {
  std::vector<T> out(column.size());
  for (size_t new_idx = 0; new_idx < old_of_new.size(); ++new_idx) {
    out[new_idx] = column[old_of_new[new_idx]];
  }
  return out;
}

template <typename T>
int64_t BytesOf(const std::vector<T>& column) {
  return static_cast<int64_t>(column.size() * sizeof(T));
}

}  // namespace

int64_t TransactionLog::ColumnBytes() const {
  return BytesOf(customer) + BytesOf(day) + BytesOf(amount) +
         BytesOf(discount) + BytesOf(cost) + BytesOf(channel) +
         BytesOf(branch) + BytesOf(item_begin) + BytesOf(item_product) +
         BytesOf(customer_begin);
}

TransactionLogBuilder::TransactionLogBuilder(OrderLookup lookup)
    : lookup_(lookup) {}

void TransactionLogBuilder::Reserve(int64_t lines, int64_t orders,
                                    int64_t customers) {
  customers_.Reserve(customers);
  if (lookup_ == OrderLookup::kDictionary) {
    orders_.Reserve(orders);
    order_of_code_.reserve(orders);
  }
  for (auto* column : {&log_.amount, &log_.discount, &log_.cost}) {
    column->reserve(orders);
  }
  log_.customer.reserve(orders);
  log_.day.reserve(orders);
  log_.channel.reserve(orders);
  log_.branch.reserve(orders);
  if (lookup_ == OrderLookup::kDictionary) {
    line_order_.reserve(lines);
  } else {
    log_.item_begin.reserve(orders + 1);
  }
  log_.item_product.reserve(lines);
}

int32_t TransactionLogBuilder::SmallCode(KeyDictionary& dictionary,
                                         RecentCodes& recent,
                                         std::string_view key) {
  RecentCodes::Entry* entry = nullptr;
  uint64_t word = 0;
  if (key.size() <= 8) {
    // ShortKeyWord is one to one for a given length.
    word = detail::ShortKeyWord(key.data(), key.size());
    entry =
        &recent.entries[((word ^ key.size()) * 0x9E3779B97F4A7C15ull) >> 60];
    if (entry->size == key.size() && entry->word == word) return entry->code;
  }
  int32_t code = dictionary.Find(key);
  if (code < 0 && dictionary.size() < kMaxSmallCodes) {
    code = dictionary.Insert(key);
  }
  if (entry != nullptr && code >= 0) *entry = {word, key.size(), code};
  return code;
}

void TransactionLogBuilder::FindOrder(std::string_view order_key,
                                      bool small_codes_full,
                                      int32_t& order_code, bool& new_order) {
  order_code = -1;
  new_order = true;
  continued_order_ = false;
  if (order_key.empty()) return;
  if (lookup_ == OrderLookup::kAdjacentLines) {
    new_order = last_order_ < 0 || !SameShortKey(last_order_key_, order_key);
    continued_order_ = !new_order;
    return;
  }
  if (last_order_code_ >= 0 && orders_.key(last_order_code_) == order_key) {
    order_code = last_order_code_;
    new_order = false;
    continued_order_ = true;
  } else if (small_codes_full) {
    order_code = orders_.Find(order_key);
    new_order = order_code < 0;
  } else {
    order_code = orders_.Insert(order_key, &new_order);
  }
}

int32_t TransactionLogBuilder::AddOrder(const OrderLine& line,
                                        int64_t position) {
  const auto order = static_cast<int32_t>(log_.day.size());
  bool new_customer = false;
  log_.customer.push_back(customers_.Insert(line.customer_key, &new_customer));
  if (new_customer) customer_first_.push_back(position);
  const int32_t channels_before = channels_.size();
  const int32_t branches_before = branches_.size();
  log_.day.push_back(DayOf(line.at));
  log_.amount.push_back(0);
  log_.discount.push_back(0);
  log_.cost.push_back(0);
  log_.channel.push_back(static_cast<uint16_t>(
      SmallCode(channels_, recent_channels_, line.channel)));
  log_.branch.push_back(static_cast<uint16_t>(
      SmallCode(branches_, recent_branches_, line.branch)));
  if (channels_.size() > channels_before) channel_first_.push_back(position);
  if (branches_.size() > branches_before) branch_first_.push_back(position);
  // An order's lines are adjacent: they begin at the next line.
  if (lookup_ == OrderLookup::kAdjacentLines) {
    log_.item_begin.push_back(static_cast<uint32_t>(log_.item_product.size()));
  }
  return order;
}

Status TransactionLogBuilder::AddAt(const OrderLine& line, int64_t position) {
  const DayNumber day = DayOf(line.at);
  if (log_.item_product.size() >= std::numeric_limits<uint32_t>::max() ||
      customers_.size() >= std::numeric_limits<int32_t>::max() - 1 ||
      log_.day.size() >= std::numeric_limits<int32_t>::max() - 1) {
    return Status(StatusCode::kResourceExhausted,
                  "more than 2^32 order lines or 2^31 customers or orders in "
                  "one snapshot");
  }

  // A rejected line must leave the builder as it was. Inserting the order
  // key at once saves a second probe; that is safe unless the channel or
  // branch dictionary is full, which is checked first.
  const bool small_codes_full =
      channels_.size() >= kMaxSmallCodes || branches_.size() >= kMaxSmallCodes;
  const bool by_dictionary = lookup_ == OrderLookup::kDictionary;
  int32_t order_code = -1;
  bool new_order = true;
  FindOrder(line.order_key, small_codes_full, order_code, new_order);

  int32_t order = -1;
  if (!new_order) {
    order = by_dictionary ? order_of_code_[order_code] : last_order_;
    const std::string_view owner = customers_.key(log_.customer[order]);
    if (!SameShortKey(owner, line.customer_key)) {
      return Status::Invalid("order \"" + std::string(line.order_key) +
                                 "\" belongs to customer \"" +
                                 std::string(owner) + "\", not \"" +
                                 std::string(line.customer_key) + "\"",
                             "order_id");
    }
  } else {
    if (small_codes_full) {
      if ((channels_.size() >= kMaxSmallCodes &&
           channels_.Find(line.channel) < 0) ||
          (branches_.size() >= kMaxSmallCodes &&
           branches_.Find(line.branch) < 0)) {
        return Status(StatusCode::kResourceExhausted,
                      "more than 65535 distinct channels or branches");
      }
      if (by_dictionary && !line.order_key.empty()) {
        order_code = orders_.Insert(line.order_key);
      }
    }
    order = AddOrder(line, position);
    if (by_dictionary && !line.order_key.empty()) {
      order_of_code_.push_back(order);
    }
  }
  last_order_code_ = order_code;
  if (!by_dictionary) {
    last_order_ = line.order_key.empty() ? -1 : order;
    if (new_order) last_order_key_.assign(line.order_key);
  }

  log_.day[order] = std::min(log_.day[order], day);
  log_.amount[order] += line.amount_minor;
  log_.discount[order] += line.discount_minor;
  if (!line.has_cost) {
    log_.cost[order] = kUnknownCost;
  } else if (log_.cost[order] != kUnknownCost) {
    log_.cost[order] += line.cost_minor;
  }

  const int32_t products_before = products_.size();
  const int32_t product = products_.Insert(line.product_key);
  if (products_.size() > products_before) {
    log_.product_category.push_back(categories_.Insert(line.category));
    product_first_.push_back(position);
  }
  if (by_dictionary) line_order_.push_back(order);
  log_.item_product.push_back(product);
  next_position_ = position + 1;
  return Status::Ok();
}

TransactionLog TransactionLogBuilder::Finish() {
  Part part = FinishPart();
  TransactionLog& log = part.log;
  const std::vector<int32_t>& old_of_new = part.order_at;
  log.customer = Permute(log.customer, old_of_new);
  log.day = Permute(log.day, old_of_new);
  log.amount = Permute(log.amount, old_of_new);
  log.discount = Permute(log.discount, old_of_new);
  log.cost = Permute(log.cost, old_of_new);
  log.channel = Permute(log.channel, old_of_new);
  log.branch = Permute(log.branch, old_of_new);
  // The lines, grouped by order in input numbering, in the sorted order.
  std::vector<uint32_t> item_begin(old_of_new.size() + 1);
  std::vector<int32_t> item_product(log.item_product.size());
  uint32_t line = 0;
  for (size_t new_idx = 0; new_idx < old_of_new.size(); ++new_idx) {
    item_begin[new_idx] = line;
    const int32_t old_idx = old_of_new[new_idx];
    for (uint32_t item = log.item_begin[old_idx];
         item < log.item_begin[old_idx + 1]; ++item) {
      item_product[line++] = log.item_product[item];
    }
  }
  item_begin.back() = line;
  log.item_begin = std::move(item_begin);
  log.item_product = std::move(item_product);
  return std::move(log);
}

TransactionLogBuilder::Part TransactionLogBuilder::FinishPart() {
  Part part{.log = {},
            .order_at = {},
            .customer_lines = {},
            .customer_first = std::move(customer_first_),
            .product_first = std::move(product_first_),
            .channel_first = std::move(channel_first_),
            .branch_first = std::move(branch_first_)};
  TransactionLog& log = part.log;
  log = std::move(log_);
  log.customer_keys = customers_.Keys();
  log.product_keys = products_.Keys();
  log.category_names = categories_.Keys();
  log.channel_names = channels_.Keys();
  log.branch_names = branches_.Keys();
  const auto orders = static_cast<int32_t>(log.day.size());
  const auto customers = static_cast<int64_t>(log.customer_keys.size());

  // Counting sort by customer keeps input order within a customer; a stable
  // sort by day then gives (customer, day, input order).
  log.customer_begin.assign(customers + 1, 0);
  for (int32_t customer : log.customer) ++log.customer_begin[customer + 1];
  std::partial_sum(log.customer_begin.begin(), log.customer_begin.end(),
                   log.customer_begin.begin());
  std::vector<int32_t> old_of_new(orders);
  {
    std::vector<int64_t> cursor(log.customer_begin.begin(),
                                log.customer_begin.end() - 1);
    for (int32_t order = 0; order < orders; ++order) {
      old_of_new[cursor[log.customer[order]]++] = order;
    }
  }
  // (day, input position) is a total order, so an unstable sort is
  // deterministic; logs usually arrive in date order, and then only the
  // check runs.
  const auto by_day = [&](int32_t a, int32_t b) {
    return log.day[a] != log.day[b] ? log.day[a] < log.day[b] : a < b;
  };
  for (int64_t customer = 0; customer < customers; ++customer) {
    const auto begin = old_of_new.begin() + log.customer_begin[customer];
    const auto end = old_of_new.begin() + log.customer_begin[customer + 1];
    if (!std::is_sorted(begin, end, by_day)) std::sort(begin, end, by_day);
  }

  // The lines grouped by order, orders in input numbering.
  if (lookup_ == OrderLookup::kAdjacentLines) {
    log.item_begin.push_back(static_cast<uint32_t>(log.item_product.size()));
  } else {
    std::vector<uint32_t> item_begin(static_cast<size_t>(orders) + 1, 0);
    for (int32_t order : line_order_) ++item_begin[order + 1];
    std::partial_sum(item_begin.begin(), item_begin.end(), item_begin.begin());
    std::vector<int32_t> item_product(log.item_product.size());
    std::vector<uint32_t> cursor(item_begin.begin(), item_begin.end() - 1);
    for (size_t line = 0; line < line_order_.size(); ++line) {
      item_product[cursor[line_order_[line]]++] = log.item_product[line];
    }
    log.item_begin = std::move(item_begin);
    log.item_product = std::move(item_product);
  }
  part.customer_lines.assign(customers + 1, 0);
  for (int32_t order = 0; order < orders; ++order) {
    part.customer_lines[log.customer[order] + 1] +=
        log.item_begin[order + 1] - log.item_begin[order];
  }
  std::partial_sum(part.customer_lines.begin(), part.customer_lines.end(),
                   part.customer_lines.begin());
  part.order_at = std::move(old_of_new);

  *this = TransactionLogBuilder(lookup_);
  return part;
}

}  // namespace vafa::analytics
