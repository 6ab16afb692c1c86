// Eclat (Zaki 2000, "Scalable algorithms for association mining") with
// diffsets (Zaki & Gouda 2003): an equivalence class holds the extensions of
// one prefix P, each with the tid list t(PX) or, once that is smaller, the
// diffset d(PX) = t(P) \ t(PX). Then for members X and Y of a class:
//   tid lists: t(PXY) = t(PX) ∩ t(PY),  sup(PXY) = |t(PXY)|;
//   diffsets:  d(PXY) = d(PY) \ d(PX),  sup(PXY) = sup(PX) - |d(PXY)|
// (Zaki & Gouda 2003, Section 3). The second level, and any tid-list class
// with more members than the mean basket length, is built instead by
// delivering each basket of t(PX) to the class items it holds, as in LCM
// (Uno, Kiyomi & Arimura 2004), which costs the size of those baskets rather
// than one intersection per member.
#include <algorithm>
#include <deque>

#include "analytics/basket/internal/ranked_database.h"

namespace vafa::analytics::basket::internal {
namespace {

struct Member {
  int32_t rank;
  int64_t support;
  std::vector<int32_t> tids;  // tid list or diffset, ascending
};

struct Workspace {
  const RankedDatabase* database = nullptr;
  double mean_basket_size = 0;
  std::vector<int32_t> counts;   // rank -> baskets of t(PX) holding it
  std::vector<int32_t> touched;  // room for every rank
  // buckets[bucket_start[rank] ...]: room for the rank's support in tids.
  std::vector<int32_t> buckets;
  std::vector<int64_t> bucket_start;
  std::vector<int32_t> prefix;
  // in_class[depth][rank] is 1 while rank is a member of the class being
  // mined at that depth, so delivery can skip other items. A deque, so that
  // growing it for a deeper class keeps references to shallower ones valid.
  std::deque<std::vector<int8_t>> in_class;
};

// Occurrence delivery (Uno, Kiyomi & Arimura 2004): scans the baskets of
// t(PX) once and appends each tid to the bucket of every item Y the basket
// holds that is accepted by `wanted` and ranks before X, giving t(PXY) for
// all such Y at once. Returns the frequent ones as a class in descending
// rank order, their tid lists copied out of the buckets. Each item's bucket
// has room for its support, which bounds its tids in any class, so the scan
// writes without checking capacity; tids of infrequent extensions are
// written and dropped, which on a sparse file costs less than a second scan
// of the scattered baskets to write the frequent ones alone.
template <typename Wanted>
std::vector<Member> Deliver(const std::vector<int32_t>& prefix_tids,
                            int32_t below_rank, int64_t min_support,
                            Wanted wanted, Workspace& workspace) {
  const RankedDatabase& database = *workspace.database;
  std::vector<int32_t>& counts = workspace.counts;
  int32_t* const touched = workspace.touched.data();
  int32_t* const buckets = workspace.buckets.data();
  const int64_t* const bucket_start = workspace.bucket_start.data();
  size_t num_touched = 0;
  const auto num_tids = static_cast<int64_t>(prefix_tids.size());
  for (int64_t tid_idx = 0; tid_idx < num_tids; ++tid_idx) {
    const int32_t tid = prefix_tids[tid_idx];
    for (const int32_t other : database.basket(tid)) {
      if (other >= below_rank) break;
      if (!wanted(other)) continue;
      buckets[bucket_start[other] + counts[other]] = tid;
      // An item joins touched (the count advances) only when first seen:
      // no branch on whether it was, which would be hard to predict.
      touched[num_touched] = other;
      num_touched += counts[other]++ == 0 ? 1 : 0;
    }
  }
  std::vector<Member> child;
  size_t frequent = 0;
  for (size_t idx = 0; idx < num_touched; ++idx) {
    const int32_t other = touched[idx];
    if (counts[other] >= min_support)
      touched[frequent++] = other;
    else
      counts[other] = 0;
  }
  if (frequent == 0) return child;
  std::sort(touched, touched + frequent, std::greater<>());
  child.resize(frequent);
  for (size_t slot = 0; slot < frequent; ++slot) {
    const int32_t other = touched[slot];
    const int32_t* const begin = buckets + bucket_start[other];
    child[slot].rank = other;
    child[slot].support = counts[other];
    child[slot].tids.assign(begin, begin + counts[other]);
    counts[other] = 0;
  }
  return child;
}

// Turns a class of tid lists into diffsets relative to the prefix's tid list
// when the diffsets are smaller in total; returns whether it did.
bool MaybeSwitchToDiffsets(const std::vector<int32_t>& prefix_tids,
                           std::vector<Member>& members) {
  int64_t tid_total = 0;
  int64_t diff_total = 0;
  const auto prefix_support = static_cast<int64_t>(prefix_tids.size());
  for (const Member& member : members) {
    tid_total += member.support;
    diff_total += prefix_support - member.support;
  }
  if (diff_total >= tid_total) return false;
  for (Member& member : members) {
    // Written in place rather than appended: the difference has exactly
    // |t(P)| - |t(PX)| tids, as every class member's t(PX) lies in t(P).
    std::vector<int32_t> diff(prefix_tids.size() - member.tids.size());
    std::set_difference(prefix_tids.begin(), prefix_tids.end(),
                        member.tids.begin(), member.tids.end(), diff.begin());
    member.tids = std::move(diff);
  }
  return true;
}

// t(a) ∩ t(b) into out; gives up (returns false) as soon as the result can
// no longer reach `needed` elements, which prunes most infrequent pairs early.
bool IntersectAtLeast(const std::vector<int32_t>& a,
                      const std::vector<int32_t>& b, int64_t needed,
                      std::vector<int32_t>& out) {
  out.resize(std::min(a.size(), b.size()));
  const int32_t* pa = a.data();
  const int32_t* const ea = pa + a.size();
  const int32_t* pb = b.data();
  const int32_t* const eb = pb + b.size();
  int32_t* po = out.data();
  int64_t missing_allowed =
      static_cast<int64_t>(std::min(a.size(), b.size())) - needed;
  if (missing_allowed < 0) return false;
  while (pa < ea && pb < eb) {
    if (*pa == *pb) {
      *po++ = *pa++;
      ++pb;
    } else if (*pa < *pb) {
      ++pa;
      if (a.size() <= b.size() && --missing_allowed < 0) return false;
    } else {
      ++pb;
      if (b.size() < a.size() && --missing_allowed < 0) return false;
    }
  }
  out.resize(po - out.data());
  return static_cast<int64_t>(out.size()) >= needed;
}

// d(PY) \ d(PX) into out; gives up once the difference is larger than
// `max_size` (the support would drop below the minimum).
bool DifferenceAtMost(const std::vector<int32_t>& a,
                      const std::vector<int32_t>& b, int64_t max_size,
                      std::vector<int32_t>& out) {
  out.clear();
  if (max_size < 0) return false;
  auto pb = b.begin();
  for (const int32_t tid : a) {
    while (pb != b.end() && *pb < tid) ++pb;
    if (pb != b.end() && *pb == tid) continue;
    if (static_cast<int64_t>(out.size()) == max_size) return false;
    out.push_back(tid);
  }
  return true;
}

void MineClass(std::vector<Member>& members, bool diffsets, int64_t min_support,
               int32_t max_size, Workspace& workspace, ItemsetSink& sink) {
  std::vector<int32_t>& prefix = workspace.prefix;
  const size_t depth = prefix.size();
  if (workspace.in_class.size() <= depth) {
    workspace.in_class.resize(depth + 1);
  }
  std::vector<int8_t>& in_class = workspace.in_class[depth];
  if (in_class.empty()) in_class.assign(workspace.database->num_ranks(), 0);
  for (const Member& member : members) in_class[member.rank] = 1;
  std::vector<int32_t> tids;
  for (size_t member_idx = 0; member_idx < members.size(); ++member_idx) {
    Member& member = members[member_idx];
    prefix.push_back(member.rank);
    sink.Emit(prefix, member.support);
    const size_t others = members.size() - member_idx - 1;
    if (others > 0 &&
        (max_size == 0 || static_cast<int32_t>(prefix.size()) < max_size)) {
      std::vector<Member> child;
      if (!diffsets &&
          workspace.mean_basket_size < static_cast<double>(others)) {
        // Scanning the baskets is cheaper than one intersection per member.
        child = Deliver(
            member.tids, member.rank, min_support,
            [&](int32_t rank) { return in_class[rank] != 0; }, workspace);
      } else {
        for (size_t other_idx = member_idx + 1; other_idx < members.size();
             ++other_idx) {
          const Member& other = members[other_idx];
          if (diffsets) {
            if (DifferenceAtMost(other.tids, member.tids,
                                 member.support - min_support, tids)) {
              const int64_t support =
                  member.support - static_cast<int64_t>(tids.size());
              child.push_back({other.rank, support, tids});
            }
          } else if (IntersectAtLeast(member.tids, other.tids, min_support,
                                      tids)) {
            child.push_back(
                {other.rank, static_cast<int64_t>(tids.size()), tids});
          }
        }
      }
      if (!child.empty()) {
        const bool child_diffsets =
            diffsets || MaybeSwitchToDiffsets(member.tids, child);
        MineClass(child, child_diffsets, min_support, max_size, workspace,
                  sink);
      }
    }
    // Later members never look back at this one.
    in_class[member.rank] = 0;
    std::vector<int32_t>().swap(member.tids);
    prefix.pop_back();
  }
}

}  // namespace

void MineEclat(const RankedDatabase& database, int64_t min_support,
               int32_t max_size, std::vector<ItemsetSink>& sinks) {
  const int32_t num_ranks = database.num_ranks();
  if (num_ranks == 0) return;
  std::vector<std::vector<int32_t>> tids(num_ranks);
  for (int32_t rank = 0; rank < num_ranks; ++rank) {
    tids[rank].reserve(database.rank_support[rank]);
  }
  for (int64_t basket_idx = 0; basket_idx < database.size(); ++basket_idx) {
    for (const int32_t rank : database.basket(basket_idx)) {
      tids[rank].push_back(static_cast<int32_t>(basket_idx));
    }
  }
  std::vector<Workspace> workspaces(sinks.size());
  for (Workspace& workspace : workspaces) {
    workspace.database = &database;
    workspace.mean_basket_size =
        database.size() > 0 ? static_cast<double>(database.ranks.size()) /
                                  static_cast<double>(database.size())
                            : 0;
    workspace.counts.assign(num_ranks, 0);
    workspace.touched.resize(num_ranks);
    workspace.bucket_start.resize(num_ranks);
    int64_t total_support = 0;
    for (int32_t rank = 0; rank < num_ranks; ++rank) {
      workspace.bucket_start[rank] = total_support;
      total_support += database.rank_support[rank];
    }
    workspace.buckets.resize(total_support);
  }
  // Members of a class go in ascending support (descending rank), which keeps
  // the classes below the rare items small (Zaki 2000, Section 5).
  RunTasks(static_cast<int>(sinks.size()), num_ranks,
           [&](int thread_idx, int64_t task_idx) {
             const int32_t rank =
                 num_ranks - 1 - static_cast<int32_t>(task_idx);
             Workspace& workspace = workspaces[thread_idx];
             ItemsetSink& sink = sinks[thread_idx];
             workspace.prefix.assign(1, rank);
             sink.Emit(workspace.prefix, database.rank_support[rank]);
             // The most frequent item has no item ranked before it.
             if (max_size == 1 || rank == 0) return;
             std::vector<Member> child = Deliver(
                 tids[rank], rank, min_support, [](int32_t) { return true; },
                 workspace);
             if (child.empty()) return;
             const bool diffsets = MaybeSwitchToDiffsets(tids[rank], child);
             MineClass(child, diffsets, min_support, max_size, workspace, sink);
           });
}

}  // namespace vafa::analytics::basket::internal
