// Internal to the miners. RankedDatabase: the baskets restricted to frequent
// items, each item replaced by its rank (0 = most frequent, ties by item
// index), each basket sorted ascending without repeats; empty baskets are
// dropped. ItemsetSink collects one thread's itemsets as ranks; MergeSinks
// turns them back into items in canonical order. RunTasks hands task indices
// to threads from a shared counter, so uneven tasks still keep every thread
// busy.
#ifndef VAFA_ANALYTICS_BASKET_RANKED_DATABASE_H_
#define VAFA_ANALYTICS_BASKET_RANKED_DATABASE_H_

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "analytics/basket/baskets.h"
#include "analytics/basket/frequent_itemsets.h"

namespace vafa::analytics::basket::internal {

struct RankedDatabase {
  std::vector<int32_t> rank_to_item;
  std::vector<int64_t> rank_support;
  std::vector<int64_t> offsets{0};
  std::vector<int32_t> ranks;

  int32_t num_ranks() const {
    return static_cast<int32_t>(rank_to_item.size());
  }
  int64_t size() const { return static_cast<int64_t>(offsets.size()) - 1; }
  std::span<const int32_t> basket(int64_t basket_idx) const {
    return {ranks.data() + offsets[basket_idx],
            ranks.data() + offsets[basket_idx + 1]};
  }
};

RankedDatabase RankItems(const Baskets& baskets, int64_t min_support);

struct ItemsetSink {
  std::vector<int64_t> offsets{0};
  std::vector<int32_t> ranks;
  std::vector<int64_t> support;

  void Emit(std::span<const int32_t> itemset_ranks, int64_t itemset_support) {
    ranks.insert(ranks.end(), itemset_ranks.begin(), itemset_ranks.end());
    offsets.push_back(static_cast<int64_t>(ranks.size()));
    support.push_back(itemset_support);
  }
};

FrequentItemsets MergeSinks(const RankedDatabase& database,
                            std::vector<ItemsetSink>& sinks,
                            int64_t num_baskets);

// Number of worker threads for a request (0 = hardware concurrency).
int ResolveThreads(int32_t requested);

// Calls task(thread_idx, task_idx) for every task_idx in [0, num_tasks).
void RunTasks(int threads, int64_t num_tasks,
              const std::function<void(int, int64_t)>& task);

// The miners; sinks.size() is the number of threads to use.
void MineFpGrowth(const RankedDatabase& database, int64_t min_support,
                  int32_t max_size, std::vector<ItemsetSink>& sinks);
void MineEclat(const RankedDatabase& database, int64_t min_support,
               int32_t max_size, std::vector<ItemsetSink>& sinks);

}  // namespace vafa::analytics::basket::internal

#endif  // VAFA_ANALYTICS_BASKET_RANKED_DATABASE_H_
