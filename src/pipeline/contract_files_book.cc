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
  churn::ContractBook book = churn::BuildContractBook(rows);
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
