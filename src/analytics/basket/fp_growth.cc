// FP-Growth (Han, Pei & Yin 2000, "Mining frequent patterns without candidate
// generation", Algorithm 2). The tree is stored as parallel arrays. Trees are
// built from paths sorted lexicographically, so each path shares exactly its
// common prefix with the previous one and no child lookup is needed.
#include <algorithm>
#include <numeric>

#include "analytics/basket/internal/ranked_database.h"

namespace vafa::analytics::basket::internal {
namespace {

struct FpTree {
  // Node 0 is the root; for other nodes item is a local item id.
  std::vector<int32_t> item{-1};
  std::vector<int32_t> parent{-1};
  std::vector<int32_t> next{-1};  // next node with the same item
  std::vector<int64_t> count{0};
  std::vector<int32_t> head;     // local item -> first node of its chain
  std::vector<int64_t> support;  // local item -> sum of its node counts
  std::vector<int32_t> local_to_rank;

  int32_t num_items() const { return static_cast<int32_t>(head.size()); }
};

// Weighted paths whose items are local ids in ascending order.
struct PathList {
  std::vector<int64_t> offsets{0};
  std::vector<int32_t> items;
  std::vector<int64_t> counts;

  std::span<const int32_t> path(size_t path_idx) const {
    return {items.data() + offsets[path_idx],
            items.data() + offsets[path_idx + 1]};
  }
};

// Per-thread scratch, sized for the largest item space (the global ranks).
struct Workspace {
  std::vector<int64_t> item_count;
  std::vector<int32_t> local_of;
  std::vector<int32_t> touched;
  std::vector<int32_t> prefix;
  std::vector<int32_t> path_nodes;
};

void BuildTree(const PathList& paths, Workspace& workspace, FpTree& tree) {
  const size_t num_paths = paths.counts.size();
  std::vector<uint32_t> order(num_paths);
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const auto path_a = paths.path(a);
    const auto path_b = paths.path(b);
    return std::lexicographical_compare(path_a.begin(), path_a.end(),
                                        path_b.begin(), path_b.end());
  });
  tree.head.assign(tree.local_to_rank.size(), -1);
  tree.support.assign(tree.local_to_rank.size(), 0);
  tree.item.reserve(paths.items.size() / 2 + 1);
  std::vector<int32_t>& path_nodes = workspace.path_nodes;
  std::span<const int32_t> previous;
  for (const uint32_t path_idx : order) {
    const auto path = paths.path(path_idx);
    const int64_t weight = paths.counts[path_idx];
    size_t shared = 0;
    while (shared < path.size() && shared < previous.size() &&
           path[shared] == previous[shared]) {
      ++shared;
    }
    if (path_nodes.size() < path.size()) path_nodes.resize(path.size());
    for (size_t depth = 0; depth < shared; ++depth) {
      tree.count[path_nodes[depth]] += weight;
    }
    for (size_t depth = shared; depth < path.size(); ++depth) {
      const int32_t node = static_cast<int32_t>(tree.item.size());
      const int32_t local_item = path[depth];
      tree.item.push_back(local_item);
      tree.parent.push_back(depth == 0 ? 0 : path_nodes[depth - 1]);
      tree.count.push_back(weight);
      tree.next.push_back(tree.head[local_item]);
      tree.head[local_item] = node;
      path_nodes[depth] = node;
    }
    for (const int32_t local_item : path) tree.support[local_item] += weight;
    previous = path;
  }
}

// Builds the tree of the conditional pattern base of `local_item`, keeping
// only items frequent within it. Returns false when no item qualifies.
bool BuildConditionalTree(const FpTree& tree, int32_t local_item,
                          int64_t min_support, Workspace& workspace,
                          FpTree& conditional) {
  std::vector<int64_t>& item_count = workspace.item_count;
  std::vector<int32_t>& touched = workspace.touched;
  touched.clear();
  // One walk up the tree per node collects the prefix paths (in descending
  // item order) and counts their items; the filtering pass then reads this
  // sequential buffer instead of chasing parent links again.
  PathList raw;
  for (int32_t node = tree.head[local_item]; node >= 0;
       node = tree.next[node]) {
    const int64_t weight = tree.count[node];
    const size_t begin = raw.items.size();
    for (int32_t up = tree.parent[node]; up > 0; up = tree.parent[up]) {
      const int32_t item = tree.item[up];
      if (item_count[item] == 0) touched.push_back(item);
      item_count[item] += weight;
      raw.items.push_back(item);
    }
    if (raw.items.size() == begin) continue;
    raw.offsets.push_back(static_cast<int64_t>(raw.items.size()));
    raw.counts.push_back(weight);
  }
  std::vector<int32_t> frequent;
  for (const int32_t item : touched) {
    if (item_count[item] >= min_support) frequent.push_back(item);
  }
  std::sort(frequent.begin(), frequent.end());
  for (const int32_t item : frequent) {
    workspace.local_of[item] =
        static_cast<int32_t>(conditional.local_to_rank.size());
    conditional.local_to_rank.push_back(tree.local_to_rank[item]);
  }
  const bool any = !frequent.empty();
  if (any) {
    PathList paths;
    paths.items.reserve(raw.items.size());
    for (size_t path_idx = 0; path_idx < raw.counts.size(); ++path_idx) {
      const size_t begin = paths.items.size();
      for (const int32_t item : raw.path(path_idx)) {
        const int32_t local = workspace.local_of[item];
        if (local >= 0) paths.items.push_back(local);
      }
      if (paths.items.size() == begin) continue;
      std::reverse(paths.items.begin() + begin, paths.items.end());
      paths.offsets.push_back(static_cast<int64_t>(paths.items.size()));
      paths.counts.push_back(raw.counts[path_idx]);
    }
    BuildTree(paths, workspace, conditional);
  }
  for (const int32_t item : touched) item_count[item] = 0;
  for (const int32_t item : frequent) workspace.local_of[item] = -1;
  return any;
}

// Reports prefix + every item of `tree` and recurses into conditional trees.
void MineTree(const FpTree& tree, int64_t min_support, int32_t max_size,
              Workspace& workspace, ItemsetSink& sink) {
  std::vector<int32_t>& prefix = workspace.prefix;
  for (int32_t local_item = tree.num_items() - 1; local_item >= 0;
       --local_item) {
    prefix.push_back(tree.local_to_rank[local_item]);
    sink.Emit(prefix, tree.support[local_item]);
    if (max_size == 0 || static_cast<int32_t>(prefix.size()) < max_size) {
      FpTree conditional;
      if (BuildConditionalTree(tree, local_item, min_support, workspace,
                               conditional)) {
        MineTree(conditional, min_support, max_size, workspace, sink);
      }
    }
    prefix.pop_back();
  }
}

}  // namespace

void MineFpGrowth(const RankedDatabase& database, int64_t min_support,
                  int32_t max_size, std::vector<ItemsetSink>& sinks) {
  const int32_t num_ranks = database.num_ranks();
  if (num_ranks == 0) return;
  std::vector<Workspace> workspaces(sinks.size());
  for (Workspace& workspace : workspaces) {
    workspace.item_count.assign(num_ranks, 0);
    workspace.local_of.assign(num_ranks, -1);
  }
  FpTree tree;
  tree.local_to_rank.resize(num_ranks);
  std::iota(tree.local_to_rank.begin(), tree.local_to_rank.end(), 0);
  {
    PathList paths;
    paths.offsets = database.offsets;
    paths.items = database.ranks;
    paths.counts.assign(database.size(), 1);
    BuildTree(paths, workspaces[0], tree);
  }
  // One task per top-level item; the rarest items come first, their
  // conditional trees are the cheapest, so the costly ones start later but
  // are spread over threads by the shared counter.
  RunTasks(static_cast<int>(sinks.size()), num_ranks,
           [&](int thread_idx, int64_t task_idx) {
             const int32_t rank =
                 num_ranks - 1 - static_cast<int32_t>(task_idx);
             Workspace& workspace = workspaces[thread_idx];
             ItemsetSink& sink = sinks[thread_idx];
             workspace.prefix.assign(1, rank);
             sink.Emit(workspace.prefix, tree.support[rank]);
             if (max_size == 1) return;
             FpTree conditional;
             if (BuildConditionalTree(tree, rank, min_support, workspace,
                                      conditional)) {
               MineTree(conditional, min_support, max_size, workspace, sink);
             }
           });
}

}  // namespace vafa::analytics::basket::internal
