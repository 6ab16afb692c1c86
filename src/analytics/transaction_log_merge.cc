// MergeTransactionLogs: joins logs built from disjoint customer shares of one
// input into the log one builder would have built from the whole input.
//
// One builder numbers customers, products, channels and branches by first
// appearance and orders orders by (customer, day, input position). Each part
// kept the input position where its keys first appeared, so sorting the
// parts' keys by that position gives the global numbering; a customer's
// orders all sit in one part, already in the right order.
#include <algorithm>
#include <numeric>
#include <thread>

#include "analytics/parallel.h"
#include "analytics/transaction_log.h"

namespace vafa::analytics {
namespace {

using Part = TransactionLogBuilder::Part;

struct FirstSeen {
  int64_t position;
  int32_t part;
  int32_t local;
};

// Every part's keys in order of first appearance. Each part's positions
// increase, so the parts' runs are merged pairwise rather than sorted.
std::vector<FirstSeen> ByFirstAppearance(
    const std::vector<Part>& parts,
    std::vector<int64_t> Part::*first_positions) {
  std::vector<FirstSeen> seen;
  std::vector<size_t> run_begin{0};
  for (size_t part = 0; part < parts.size(); ++part) {
    const std::vector<int64_t>& first = parts[part].*first_positions;
    for (size_t local = 0; local < first.size(); ++local) {
      seen.push_back({first[local], static_cast<int32_t>(part),
                      static_cast<int32_t>(local)});
    }
    run_begin.push_back(seen.size());
  }
  const auto earlier = [](const FirstSeen& a, const FirstSeen& b) {
    return a.position < b.position;
  };
  std::vector<FirstSeen> merged(seen.size());
  while (run_begin.size() > 2) {
    std::vector<size_t> next_begin{0};
    for (size_t run = 0; run + 1 < run_begin.size(); run += 2) {
      const size_t middle = run_begin[run + 1];
      const size_t end =
          run + 2 < run_begin.size() ? run_begin[run + 2] : middle;
      std::merge(seen.begin() + run_begin[run], seen.begin() + middle,
                 seen.begin() + middle, seen.begin() + end,
                 merged.begin() + run_begin[run], earlier);
      next_begin.push_back(end);
    }
    seen.swap(merged);
    run_begin.swap(next_begin);
  }
  return seen;
}

// Global codes for a dictionary that several parts may share (products,
// channels, branches): per part, local code -> global code.
std::vector<std::vector<int32_t>> MergeKeys(
    const std::vector<Part>& parts, std::vector<int64_t> Part::*first_positions,
    std::vector<std::string> TransactionLog::*keys,
    std::vector<std::string>& merged_keys) {
  std::vector<std::vector<int32_t>> remap(parts.size());
  for (size_t part = 0; part < parts.size(); ++part) {
    remap[part].assign((parts[part].log.*keys).size(), -1);
  }
  KeyDictionary merged;
  for (const FirstSeen& seen : ByFirstAppearance(parts, first_positions)) {
    remap[seen.part][seen.local] =
        merged.Insert((parts[seen.part].log.*keys)[seen.local]);
  }
  merged_keys = merged.Keys();
  return remap;
}

// Sizes the merged log's per-order and per-line columns (only those: the
// caller fills the others meanwhile). Sizing writes every byte (zeros) and
// first touches the pages: with more than one thread, the columns are split
// between two.
void SizeColumns(TransactionLog& log, int64_t orders, int64_t lines,
                 int threads) {
  auto first_half = [&] {
    log.customer.resize(orders);
    log.day.resize(orders);
    log.amount.resize(orders);
    log.channel.resize(orders);
    log.branch.resize(orders);
    log.item_begin.resize(orders + 1);
  };
  {
    std::jthread other;
    if (threads == 1) {
      first_half();
    } else {
      other = std::jthread(first_half);
    }
    log.discount.resize(orders);
    log.cost.resize(orders);
    log.item_product.resize(lines);
  }
  log.item_begin[orders] = static_cast<uint32_t>(lines);
}

}  // namespace

int PartitionOfCustomer(std::string_view customer_key, int partitions) {
  return static_cast<int>(HashKey(customer_key) %
                          static_cast<uint64_t>(partitions));
}

TransactionLog MergeTransactionLogs(
    std::vector<TransactionLogBuilder>& builders, int threads) {
  std::vector<Part> parts(builders.size());
  {
    if (threads <= 0) {
      threads =
          static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    }
    std::vector<std::jthread> workers;
    for (int worker = 0; worker < threads; ++worker) {
      workers.emplace_back([&, worker] {
        for (size_t part = worker; part < builders.size(); part += threads) {
          parts[part] = builders[part].FinishPart();
        }
      });
    }
  }

  // The merged columns' sizes are known now: they are sized (and their
  // pages first touched) while the keys and customers are merged.
  int64_t orders = 0;
  int64_t lines = 0;
  for (const Part& part : parts) {
    orders += part.log.order_count();
    lines += part.log.line_count();
  }
  TransactionLog log;
  std::jthread sizing([&] { SizeColumns(log, orders, lines, threads); });
  const auto product_remap =
      MergeKeys(parts, &Part::product_first, &TransactionLog::product_keys,
                log.product_keys);
  const auto channel_remap =
      MergeKeys(parts, &Part::channel_first, &TransactionLog::channel_names,
                log.channel_names);
  const auto branch_remap =
      MergeKeys(parts, &Part::branch_first, &TransactionLog::branch_names,
                log.branch_names);
  // A product's category is the one of its first appearance, and categories
  // are numbered as their first product appears.
  {
    KeyDictionary categories;
    log.product_category.assign(log.product_keys.size(), -1);
    for (const FirstSeen& seen :
         ByFirstAppearance(parts, &Part::product_first)) {
      const int32_t product = product_remap[seen.part][seen.local];
      if (log.product_category[product] >= 0) continue;
      const TransactionLog& part_log = parts[seen.part].log;
      log.product_category[product] = categories.Insert(
          part_log.category_names[part_log.product_category[seen.local]]);
    }
    log.category_names = categories.Keys();
  }

  // Customers in global order; each one's orders and lines land at offsets
  // known from prefix sums, so the copy runs in parallel.
  const std::vector<FirstSeen> customers =
      ByFirstAppearance(parts, &Part::customer_first);
  const auto customer_count = static_cast<int64_t>(customers.size());
  // Each customer's order and line counts, then their prefix sums.
  log.customer_begin.assign(customer_count + 1, 0);
  std::vector<int64_t> line_begin(customer_count + 1, 0);
  log.customer_keys.resize(customer_count);
  ParallelFor(customer_count, threads, [&](int, int64_t begin, int64_t end) {
    for (int64_t customer = begin; customer < end; ++customer) {
      const FirstSeen& seen = customers[customer];
      Part& from = parts[seen.part];
      log.customer_begin[customer + 1] =
          from.log.customer_begin[seen.local + 1] -
          from.log.customer_begin[seen.local];
      line_begin[customer + 1] =
          from.customer_lines[seen.local + 1] - from.customer_lines[seen.local];
      log.customer_keys[customer] =
          std::move(from.log.customer_keys[seen.local]);
    }
  });
  std::partial_sum(log.customer_begin.begin(), log.customer_begin.end(),
                   log.customer_begin.begin());
  std::partial_sum(line_begin.begin(), line_begin.end(), line_begin.begin());
  sizing.join();

  ParallelFor(customer_count, threads, [&](int, int64_t begin, int64_t end) {
    for (int64_t customer = begin; customer < end; ++customer) {
      const FirstSeen& seen = customers[customer];
      const TransactionLog& from = parts[seen.part].log;
      int64_t to = log.customer_begin[customer];
      auto line = static_cast<uint32_t>(line_begin[customer]);
      const std::vector<int32_t>& order_at = parts[seen.part].order_at;
      for (int64_t order = from.customer_begin[seen.local];
           order < from.customer_begin[seen.local + 1]; ++order, ++to) {
        const int32_t at = order_at[order];
        log.customer[to] = static_cast<int32_t>(customer);
        log.day[to] = from.day[at];
        log.amount[to] = from.amount[at];
        log.discount[to] = from.discount[at];
        log.cost[to] = from.cost[at];
        log.channel[to] =
            static_cast<uint16_t>(channel_remap[seen.part][from.channel[at]]);
        log.branch[to] =
            static_cast<uint16_t>(branch_remap[seen.part][from.branch[at]]);
        log.item_begin[to] = line;
        for (uint32_t item = from.item_begin[at];
             item < from.item_begin[at + 1]; ++item) {
          log.item_product[line++] =
              product_remap[seen.part][from.item_product[item]];
        }
      }
    }
  });
  return log;
}

}  // namespace vafa::analytics
