// BuildContractBookOfFiles (contract_files.h): the contractual churn book
// of the rows read from a bank's files, without a second copy of the
// balances.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <utility>
#include <vector>

#include "pipeline/contract_files.h"

namespace vafa::pipeline {
namespace {

namespace churn = analytics::churn;

// The balances in the book's order (by holding, then day; a day's repeats
// in file order), keeping only each holding's last row of a day; `begin`
// gets each holding's first kept place (holdings + 1 of them).
std::vector<uint32_t> KeptBalancesOfFiles(const churn::ContractRows& rows,
                                          size_t holdings,
                                          std::vector<int64_t>& begin) {
  const size_t count = rows.balance_holding.size();
  if (count > std::numeric_limits<uint32_t>::max()) {
    throw std::length_error("more than 2^32 balances in one contract book");
  }
  std::vector<int64_t> next(holdings + 1, 0);
  for (int32_t h : rows.balance_holding) ++next[h + 1];
  std::partial_sum(next.begin(), next.end(), next.begin());
  std::vector<uint32_t> order(count);
  for (size_t b = 0; b < count; ++b) {
    order[next[rows.balance_holding[b]]++] = static_cast<uint32_t>(b);
  }
  const auto by_day = [&](uint32_t a, uint32_t b) {
    return rows.balance_day[a] < rows.balance_day[b];
  };
  begin.assign(holdings + 1, 0);
  size_t kept = 0;
  int64_t from = 0;
  for (size_t h = 0; h < holdings; ++h) {
    const int64_t to = next[h];  // holding h's end
    const auto first = order.begin() + from, last = order.begin() + to;
    // A bank's files list a holding's month-ends by day: no sort to do.
    if (!std::is_sorted(first, last, by_day)) {
      std::stable_sort(first, last, by_day);
    }
    for (int64_t k = from; k < to; ++k) {
      if (k + 1 < to &&
          rows.balance_day[order[k + 1]] == rows.balance_day[order[k]]) {
        continue;
      }
      order[kept++] = order[k];
    }
    begin[h + 1] = static_cast<int64_t>(kept);
    from = to;
  }
  order.resize(kept);
  order.shrink_to_fit();
  return order;
}

// Within [lo, hi) of `column`, each holding h of [first, last)'s run of
// `count[h]` values moved from run_start[h] to begin[h].
template <typename T>
void MoveRuns(std::vector<T>& column, int64_t lo, int64_t hi, size_t first,
              size_t last, const std::vector<int64_t>& run_start,
              const std::vector<int64_t>& begin, std::vector<T>& spare) {
  spare.assign(column.begin() + lo, column.begin() + hi);
  for (size_t h = first; h < last; ++h) {
    if (begin[h + 1] == begin[h]) continue;
    std::copy(spare.begin() + (run_start[h] - lo),
              spare.begin() + (run_start[h] - lo) + (begin[h + 1] - begin[h]),
              column.begin() + begin[h]);
  }
}

// When each holding's balances are one run of the file, by day with no
// day twice, and the runs of one customer's holdings lie together in the
// customers' order (as a bank's files give them: a holding's month-ends
// one after the other, customer after customer), the book's order is each
// customer's runs put in the order of their holdings, where they lie:
// done so, with `begin` filled, and true. Otherwise false, nothing moved.
bool ReorderedRunsInPlace(churn::ContractRows& balances,
                          const std::vector<int32_t>& holding_customer,
                          std::vector<int64_t>& begin) {
  const std::vector<int32_t>& holding = balances.balance_holding;
  const std::vector<DayNumber>& day = balances.balance_day;
  const size_t holdings = holding_customer.size();
  std::vector<int64_t> run_start(holdings, -1);
  begin.assign(holdings + 1, 0);
  for (size_t b = 0; b < holding.size(); ++b) {
    const int32_t h = holding[b];
    if (b == 0 || h != holding[b - 1]) {
      if (run_start[h] >= 0) return false;  // a holding's second run
      if (b > 0 && holding_customer[h] < holding_customer[holding[b - 1]]) {
        return false;
      }
      run_start[h] = static_cast<int64_t>(b);
    } else if (day[b] <= day[b - 1]) {
      return false;
    }
    ++begin[h + 1];
  }
  std::partial_sum(begin.begin(), begin.end(), begin.begin());
  std::vector<DayNumber> spare_days;
  std::vector<double> spare_values;
  for (size_t first = 0; first < holdings;) {
    size_t last = first + 1;
    while (last < holdings &&
           holding_customer[last] == holding_customer[first]) {
      ++last;
    }
    bool in_place = true;
    for (size_t h = first; h < last; ++h) {
      in_place =
          in_place && (begin[h + 1] == begin[h] || run_start[h] == begin[h]);
    }
    if (!in_place) {
      const int64_t lo = begin[first], hi = begin[last];
      MoveRuns(balances.balance_day, lo, hi, first, last, run_start, begin,
               spare_days);
      MoveRuns(balances.balance, lo, hi, first, last, run_start, begin,
               spare_values);
      MoveRuns(balances.limit, lo, hi, first, last, run_start, begin,
               spare_values);
      MoveRuns(balances.arrears, lo, hi, first, last, run_start, begin,
               spare_values);
    }
    first = last;
  }
  return true;
}

// The channel uses moved into the book when they are already by customer
// (as a bank's interactions file lists them): each customer's put in day
// order by a stable sort of their own few, which is what BuildContractBook's
// stable sort by customer and day gives. False, with `rows` untouched,
// otherwise.
bool MovedUsesByCustomer(churn::ContractRows& rows, churn::ContractBook& book) {
  const std::vector<int32_t>& customer = rows.use_customer;
  if (customer.empty() || !std::is_sorted(customer.begin(), customer.end())) {
    return false;
  }
  book.use_begin.assign(rows.customer_keys.size() + 1, 0);
  for (int32_t c : customer) ++book.use_begin[c + 1];
  std::partial_sum(book.use_begin.begin(), book.use_begin.end(),
                   book.use_begin.begin());
  rows.use_customer = {};
  book.use_day.swap(rows.use_day);
  book.use_at_branch.swap(rows.use_at_branch);
  std::vector<std::pair<DayNumber, uint8_t>> uses;
  for (size_t c = 0; c + 1 < book.use_begin.size(); ++c) {
    const auto first = book.use_day.begin() + book.use_begin[c];
    const auto last = book.use_day.begin() + book.use_begin[c + 1];
    if (std::is_sorted(first, last)) continue;
    uses.clear();
    for (int64_t u = book.use_begin[c]; u < book.use_begin[c + 1]; ++u) {
      uses.emplace_back(book.use_day[u], book.use_at_branch[u]);
    }
    std::stable_sort(
        uses.begin(), uses.end(),
        [](const auto& a, const auto& b) { return a.first < b.first; });
    for (size_t k = 0; k < uses.size(); ++k) {
      book.use_day[book.use_begin[c] + k] = uses[k].first;
      book.use_at_branch[book.use_begin[c] + k] = uses[k].second;
    }
  }
  return true;
}

// column[kept[k]] for every k; `column` is freed.
template <typename T>
std::vector<T> GatheredColumn(std::vector<T>& column,
                              const std::vector<uint32_t>& kept) {
  std::vector<T> out(kept.size());
  for (size_t k = 0; k < kept.size(); ++k) out[k] = column[kept[k]];
  column = {};
  return out;
}

// The store's rule for repeats in a book built by BuildContractBook: of
// the balances of one holding on one day, the last.
void KeepEachDaysLastBalance(churn::ContractBook& book) {
  size_t kept = 0;
  int64_t begin = 0;
  for (size_t h = 0; h + 1 < book.balance_begin.size(); ++h) {
    const int64_t end = book.balance_begin[h + 1];
    for (int64_t b = begin; b < end; ++b) {
      if (b + 1 < end && book.balance_day[b + 1] == book.balance_day[b]) {
        continue;
      }
      book.balance_day[kept] = book.balance_day[b];
      book.balance[kept] = book.balance[b];
      book.limit[kept] = book.limit[b];
      book.arrears[kept] = book.arrears[b];
      ++kept;
    }
    begin = end;
    book.balance_begin[h + 1] = static_cast<int64_t>(kept);
  }
  book.balance_day.resize(kept);
  book.balance.resize(kept);
  book.limit.resize(kept);
  book.arrears.resize(kept);
}

}  // namespace

churn::ContractBook BuildContractBookOfFiles(churn::ContractRows rows) {
  if (!std::is_sorted(rows.holding_customer.begin(),
                      rows.holding_customer.end())) {
    // Holdings in another order: the analytics' build, then the store's
    // rule for repeats.
    churn::ContractBook book = churn::BuildContractBook(rows);
    KeepEachDaysLastBalance(book);
    return book;
  }
  // Holdings by customer are the book's order as they are; the book is
  // built without the balances, which are then moved in one column at a
  // time.
  churn::ContractRows balances;
  balances.balance_holding.swap(rows.balance_holding);
  balances.balance_day.swap(rows.balance_day);
  balances.balance.swap(rows.balance);
  balances.limit.swap(rows.limit);
  balances.arrears.swap(rows.arrears);
  churn::ContractBook uses;
  const bool uses_moved = MovedUsesByCustomer(rows, uses);
  churn::ContractBook book = churn::BuildContractBook(rows);
  if (uses_moved) {
    book.use_begin.swap(uses.use_begin);
    book.use_day.swap(uses.use_day);
    book.use_at_branch.swap(uses.use_at_branch);
  }
  if (ReorderedRunsInPlace(balances, rows.holding_customer,
                           book.balance_begin)) {
    balances.balance_holding = {};
    book.balance_day.swap(balances.balance_day);
    book.balance.swap(balances.balance);
    book.limit.swap(balances.limit);
    book.arrears.swap(balances.arrears);
    return book;
  }
  const std::vector<uint32_t> kept = KeptBalancesOfFiles(
      balances, rows.holding_customer.size(), book.balance_begin);
  balances.balance_holding = {};
  book.balance_day = GatheredColumn(balances.balance_day, kept);
  book.balance = GatheredColumn(balances.balance, kept);
  book.limit = GatheredColumn(balances.limit, kept);
  book.arrears = GatheredColumn(balances.arrears, kept);
  return book;
}

}  // namespace vafa::pipeline
