// TransactionLog: the columnar in-memory snapshot every analytics model reads.
//
// One entry per ORDER (not per order line): the lines of an order share the
// customer, the day, the channel and the branch, and every figure the models
// compute (frequency, recency, order value, retention) counts orders, so
// folding lines into orders makes the hot columns smaller and the scans
// shorter. The products of an order are kept per line in CSR form
// (item_begin / item_product), for the basket models.
//
// Memory: 40 bytes per order (customer 4, day 4, amount 8, discount 8, cost 8,
// channel 2, branch 2, item offset 4) plus 4 bytes per order line (product)
// plus 8 bytes per customer and the key dictionaries. At 2.5 lines per order
// that is 16 bytes per line plus items. Order keys are not kept.
//
// Orders are sorted by (customer, day, first appearance in the input), so the
// orders of customer c are [customer_begin[c], customer_begin[c + 1]) in date
// order, and the same input gives the same snapshot byte for byte.
// Customers, products, channels, branches and categories are numbered densely
// in order of first appearance. Amounts are in minor units; a negative order
// amount is a refund.
//
// TransactionLogBuilder is single-threaded; to load with several threads,
// give each a builder for a share of the customers and merge them
// (MergeTransactionLogs, below). A finished TransactionLog is immutable and
// safe to read from many threads. While building, each order also costs its
// key (bytes + 16) and 21-43 bytes of hash slots, each line 4 more bytes;
// a builder told that the lines of an order are adjacent
// (OrderLookup::kAdjacentLines) keeps no order keys.
#ifndef VAFA_ANALYTICS_TRANSACTION_LOG_H_
#define VAFA_ANALYTICS_TRANSACTION_LOG_H_

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "analytics/key_dictionary.h"
#include "core/dates.h"
#include "core/status.h"

namespace vafa::analytics {

// Marks an order whose cost of goods is not known for every line.
inline constexpr int64_t kUnknownCost = std::numeric_limits<int64_t>::min();

struct TransactionLog {
  // Per order, sorted by (customer, day, input order).
  std::vector<int32_t> customer;
  std::vector<DayNumber> day;
  std::vector<int64_t> amount;       // sum of line amounts (after discount)
  std::vector<int64_t> discount;     // sum of line discounts; > 0 = discounted
  std::vector<int64_t> cost;         // sum of line costs, or kUnknownCost
  std::vector<uint16_t> channel;     // index into channel_names
  std::vector<uint16_t> branch;      // index into branch_names
  std::vector<uint32_t> item_begin;  // size orders + 1
  // Per order line, grouped by order: product index.
  std::vector<int32_t> item_product;
  // Per customer: first order; size customers + 1.
  std::vector<int64_t> customer_begin;

  // Dictionaries: index -> key as it appeared in the input.
  std::vector<std::string> customer_keys;
  std::vector<std::string> product_keys;
  std::vector<int32_t> product_category;  // index into category_names
  std::vector<std::string> category_names;
  std::vector<std::string> channel_names;  // "" = not given
  std::vector<std::string> branch_names;   // "" = not given

  int64_t order_count() const { return static_cast<int64_t>(day.size()); }
  int32_t customer_count() const {
    return static_cast<int32_t>(customer_keys.size());
  }
  int64_t line_count() const {
    return static_cast<int64_t>(item_product.size());
  }
  // Bytes held by the per-order, per-line and per-customer columns.
  int64_t ColumnBytes() const;
};

// One order line as parsed from a file or read from the store. Views need to
// live only for the call to Add.
struct OrderLine {
  std::string_view customer_key = {};
  std::string_view order_key = {};
  std::string_view product_key = {};
  std::string_view channel = {};
  std::string_view branch = {};
  std::string_view category = {};
  UnixSeconds at = 0;
  double quantity = 1;  // not kept: the models count orders and products
  int64_t amount_minor = 0;
  int64_t discount_minor = 0;
  int64_t cost_minor = 0;
  bool has_cost = false;
};

// How a builder finds the order of a line. kDictionary: by a dictionary of
// every order key, so the lines of an order may come anywhere. kAdjacentLines:
// by comparing with the previous line's order key only, so a key starts a new
// order whenever it differs from the previous line's; the caller must check
// that no key starts two runs of lines (the parallel CSV reader compares the
// keys' hashes), else the result differs from kDictionary's.
enum class OrderLookup { kDictionary, kAdjacentLines };

class TransactionLogBuilder {
 public:
  explicit TransactionLogBuilder(OrderLookup lookup = OrderLookup::kDictionary);
  // Sizes the dictionaries and columns for about this many lines, orders and
  // customers (a hint; the builder grows past it).
  void Reserve(int64_t lines, int64_t orders, int64_t customers);

  // Adds one line. Lines of one order may come in any order and need not be
  // adjacent. Fails (changing nothing) when an order id was already seen for
  // another customer, or when a dictionary would overflow its code width. An
  // order's day is the earliest day among its lines.
  [[nodiscard]] Status Add(const OrderLine& line) {
    return AddAt(line, next_position_);
  }
  // Add with the line's position in the whole input (increasing from call
  // to call), for builders that each receive a share of the input; see
  // MergeTransactionLogs.
  [[nodiscard]] Status AddAt(const OrderLine& line, int64_t position);

  // Whether the last line added had the order id of the line before it (it
  // continued a run of one order's lines); false after a line without one.
  bool continued_order() const { return continued_order_; }

  // A hint: a line of the customer whose HashKey has these low bits comes
  // soon (KeyDictionary::PrefetchSlot).
  void PrefetchCustomer(uint64_t hash_low_bits) const {
    customers_.PrefetchSlot(hash_low_bits);
  }

  // Sorts and returns the snapshot; the builder is left empty.
  TransactionLog Finish();

  // Finish, keeping the input position at which each customer, product,
  // channel and branch first appeared (for MergeTransactionLogs). The
  // per-order columns of the part's log stay in input order (item_begin
  // and item_product too: the lines grouped by order in input numbering),
  // and order_at gives, per sorted position, the order's index in them: the
  // merge reads them through it instead of a sorted copy. customer_lines:
  // per customer, its first line in the sorted order (size customers + 1).
  struct Part {
    TransactionLog log;
    std::vector<int32_t> order_at;
    std::vector<int64_t> customer_lines;
    std::vector<int64_t> customer_first;
    std::vector<int64_t> product_first;
    std::vector<int64_t> channel_first;
    std::vector<int64_t> branch_first;
  };
  Part FinishPart();

 private:
  // Channel and branch codes are 16 bits.
  static constexpr int32_t kMaxSmallCodes = 65535;
  // The codes of recent keys of up to 8 bytes of a dictionary of few keys
  // (channels, branches), by their bytes: most orders name one of a
  // handful, and a hit costs no hashing and no probe.
  struct RecentCodes {
    struct Entry {
      uint64_t word = 0;  // detail::ShortKeyWord of the key
      size_t size = 9;    // no key: longer than any kept
      int32_t code = -1;
    };
    std::array<Entry, 16> entries;
  };
  // The code of a channel or branch, adding it when new; -1 when the
  // dictionary is full.
  static int32_t SmallCode(KeyDictionary& dictionary, RecentCodes& recent,
                           std::string_view key);
  // The line's order: its code in orders_ (-1 for none) and whether it is
  // new; in kAdjacentLines, code 0 for the previous line's order.
  void FindOrder(std::string_view order_key, bool small_codes_full,
                 int32_t& order_code, bool& new_order);
  // Appends a new order for `line`, first seen at `position`.
  int32_t AddOrder(const OrderLine& line, int64_t position);

  OrderLookup lookup_;

  KeyDictionary customers_;
  KeyDictionary orders_;  // order keys; order_of_code_ maps to orders
  KeyDictionary products_;
  KeyDictionary channels_;
  KeyDictionary branches_;
  RecentCodes recent_channels_;
  RecentCodes recent_branches_;
  KeyDictionary categories_;
  std::vector<int32_t> order_of_code_;
  TransactionLog log_;  // per-order columns in input order, product_category
  // kDictionary: per line, its order (input numbering); kAdjacentLines
  // keeps log_.item_begin per order instead.
  std::vector<int32_t> line_order_;
  // The last line's order key code, so consecutive lines of one order skip
  // the lookup; in kAdjacentLines, its order and key instead.
  int32_t last_order_code_ = -1;
  int32_t last_order_ = -1;
  std::string last_order_key_;
  bool continued_order_ = false;
  int64_t next_position_ = 0;
  std::vector<int64_t> customer_first_;
  std::vector<int64_t> product_first_;
  std::vector<int64_t> channel_first_;
  std::vector<int64_t> branch_first_;
};

// Parallel loading: split the input by customer (PartitionOfCustomer), feed
// each share to its own builder with AddAt and the line's position in the
// whole input, then merge. The merged log is identical, byte for byte, to
// what one builder fed every line in order would give, for any number of
// partitions. Parts are finished on up to `threads` threads.
int PartitionOfCustomer(std::string_view customer_key, int partitions);
TransactionLog MergeTransactionLogs(std::vector<TransactionLogBuilder>& parts,
                                    int threads = 0);

}  // namespace vafa::analytics

#endif  // VAFA_ANALYTICS_TRANSACTION_LOG_H_
