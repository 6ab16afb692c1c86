#include "analytics/basket/internal/ranked_database.h"

#include <algorithm>
#include <atomic>
#include <numeric>
#include <thread>

namespace vafa::analytics::basket::internal {

RankedDatabase RankItems(const Baskets& baskets, int64_t min_support) {
  // Count each item once per basket: last_basket remembers where it was seen.
  std::vector<int64_t> item_support(baskets.num_items, 0);
  std::vector<int64_t> last_basket(baskets.num_items, -1);
  for (int64_t basket_idx = 0; basket_idx < baskets.size(); ++basket_idx) {
    for (const int32_t item : baskets.basket(basket_idx)) {
      if (last_basket[item] != basket_idx) {
        last_basket[item] = basket_idx;
        ++item_support[item];
      }
    }
  }
  RankedDatabase database;
  for (int32_t item = 0; item < baskets.num_items; ++item) {
    if (item_support[item] >= min_support) {
      database.rank_to_item.push_back(item);
    }
  }
  std::stable_sort(
      database.rank_to_item.begin(), database.rank_to_item.end(),
      [&](int32_t a, int32_t b) { return item_support[a] > item_support[b]; });
  std::vector<int32_t> item_rank(baskets.num_items, -1);
  for (int32_t rank = 0; rank < database.num_ranks(); ++rank) {
    const int32_t item = database.rank_to_item[rank];
    item_rank[item] = rank;
    database.rank_support.push_back(item_support[item]);
  }
  database.ranks.reserve(baskets.items.size());
  database.offsets.reserve(baskets.offsets.size());
  for (int64_t basket_idx = 0; basket_idx < baskets.size(); ++basket_idx) {
    const auto begin = database.ranks.end() - database.ranks.begin();
    for (const int32_t item : baskets.basket(basket_idx)) {
      if (item_rank[item] >= 0) database.ranks.push_back(item_rank[item]);
    }
    auto first = database.ranks.begin() + begin;
    if (first == database.ranks.end()) continue;
    std::sort(first, database.ranks.end());
    database.ranks.erase(std::unique(first, database.ranks.end()),
                         database.ranks.end());
    database.offsets.push_back(static_cast<int64_t>(database.ranks.size()));
  }
  return database;
}

FrequentItemsets MergeSinks(const RankedDatabase& database,
                            std::vector<ItemsetSink>& sinks,
                            int64_t num_baskets) {
  FrequentItemsets result;
  result.num_baskets = num_baskets;
  size_t total_sets = 0;
  size_t total_items = 0;
  for (const ItemsetSink& sink : sinks) {
    total_sets += sink.support.size();
    total_items += sink.ranks.size();
  }
  result.offsets.reserve(total_sets + 1);
  result.items.reserve(total_items);
  result.support.reserve(total_sets);
  for (ItemsetSink& sink : sinks) {
    for (size_t set_idx = 0; set_idx < sink.support.size(); ++set_idx) {
      const auto begin = result.items.size();
      for (int64_t pos = sink.offsets[set_idx]; pos < sink.offsets[set_idx + 1];
           ++pos) {
        result.items.push_back(database.rank_to_item[sink.ranks[pos]]);
      }
      std::sort(result.items.begin() + begin, result.items.end());
      result.offsets.push_back(static_cast<int64_t>(result.items.size()));
      result.support.push_back(sink.support[set_idx]);
    }
    sink = ItemsetSink();  // release memory as soon as it is copied
  }
  SortItemsets(result);
  return result;
}

int ResolveThreads(int32_t requested) {
  if (requested > 0) return requested;
  return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

void RunTasks(int threads, int64_t num_tasks,
              const std::function<void(int, int64_t)>& task) {
  std::atomic<int64_t> next{0};
  auto worker = [&](int thread_idx) {
    for (int64_t task_idx = next.fetch_add(1); task_idx < num_tasks;
         task_idx = next.fetch_add(1)) {
      task(thread_idx, task_idx);
    }
  };
  std::vector<std::jthread> workers;
  for (int thread_idx = 1; thread_idx < threads; ++thread_idx) {
    workers.emplace_back(worker, thread_idx);
  }
  worker(0);
}

}  // namespace vafa::analytics::basket::internal
