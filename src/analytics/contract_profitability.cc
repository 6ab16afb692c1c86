#include "analytics/contract_profitability.h"

#include <algorithm>
#include <numeric>
#include <unordered_map>

namespace vafa::analytics {
namespace {

// Sums of money x rates can pass int64 before they are divided.
__extension__ using Wide = __int128;

// Rates grouped by subject, each group sorted by valid_from, so a lookup
// is a binary search.
class RateTable {
 public:
  explicit RateTable(std::span<const DatedRate> rates) {
    for (const DatedRate& rate : rates) {
      by_subject_[rate.subject].emplace_back(rate.valid_from, rate.value);
    }
    for (auto& [subject, dated] : by_subject_) {
      std::stable_sort(
          dated.begin(), dated.end(),
          [](const auto& a, const auto& b) { return a.first < b.first; });
    }
  }
  int64_t On(const std::string& subject, DayNumber day) const {
    auto found = by_subject_.find(subject);
    if (found == by_subject_.end()) return 0;
    const auto& dated = found->second;
    auto after = std::upper_bound(
        dated.begin(), dated.end(), day,
        [](DayNumber d, const auto& rate) { return d < rate.first; });
    return after == dated.begin() ? 0 : std::prev(after)->second;
  }

 private:
  std::unordered_map<std::string, std::vector<std::pair<DayNumber, int64_t>>>
      by_subject_;
};

int32_t GregorianMonth(DayNumber day) {
  const CivilDate date = GregorianFromDays(day);
  return date.year * 12 + date.month - 1;
}

DayNumber MonthEnd(int32_t month) {
  const int year = month / 12, m = month % 12 + 1;
  return DaysFromGregorian({year, m, GregorianMonthLength(year, m)});
}

Status CheckBook(const ContractBook& book, DayNumber from, DayNumber to) {
  if (from > to) return Status::Invalid("from is after to", "from");
  const size_t holdings = book.holding_customer.size();
  if (book.holding_type.size() != holdings ||
      book.holding_opened.size() != holdings ||
      book.holding_closed.size() != holdings ||
      book.holding_branch.size() != holdings) {
    return Status::Invalid("holding columns differ in length", "holdings");
  }
  if (book.balance_day.size() != book.balance_holding.size() ||
      book.balance_minor.size() != book.balance_holding.size()) {
    return Status::Invalid("balance columns differ in length", "balances");
  }
  if (book.use_day.size() != book.use_customer.size() ||
      book.use_channel.size() != book.use_customer.size()) {
    return Status::Invalid("channel use columns differ in length", "uses");
  }
  for (int32_t c : book.holding_customer) {
    if (c < 0 || c >= book.customers) {
      return Status::Invalid("a holding names no customer", "holdings");
    }
  }
  for (int32_t h : book.balance_holding) {
    if (h < 0 || static_cast<size_t>(h) >= holdings) {
      return Status::Invalid("a balance names no holding", "balances");
    }
  }
  for (size_t u = 0; u < book.use_customer.size(); ++u) {
    if (book.use_customer[u] < 0 || book.use_customer[u] >= book.customers ||
        book.use_channel[u] < 0 ||
        static_cast<size_t>(book.use_channel[u]) >= book.channels.size()) {
      return Status::Invalid("a channel use names no customer or channel",
                             "uses");
    }
  }
  return Status::Ok();
}

// Sum of |balance| x basis points over the month-end balances, per
// customer: exact, divided by 12 x 10,000 once at the end.
void AddMargins(const ContractBook& book, const RateTable& spreads,
                ContractProfit& out) {
  std::vector<size_t> order;
  for (size_t b = 0; b < book.balance_holding.size(); ++b) {
    if (book.balance_day[b] >= out.from && book.balance_day[b] <= out.to) {
      order.push_back(b);
    }
  }
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return book.balance_holding[a] != book.balance_holding[b]
               ? book.balance_holding[a] < book.balance_holding[b]
               : book.balance_day[a] < book.balance_day[b];
  });
  std::vector<Wide> sum(book.customers, 0);
  for (size_t i = 0; i < order.size(); ++i) {
    const size_t b = order[i];
    const int32_t holding = book.balance_holding[b];
    // Only the latest balance of the holding in its month counts.
    if (i + 1 < order.size()) {
      const size_t next = order[i + 1];
      if (book.balance_holding[next] == holding &&
          GregorianMonth(book.balance_day[next]) ==
              GregorianMonth(book.balance_day[b])) {
        continue;
      }
    }
    const int64_t balance = book.balance_minor[b];
    const int64_t bp =
        spreads.On(book.holding_type[holding], book.balance_day[b]);
    sum[book.holding_customer[holding]] +=
        static_cast<Wide>(balance < 0 ? -balance : balance) * bp;
  }
  constexpr int64_t kDivisor = 12 * 10'000;
  for (int32_t c = 0; c < book.customers; ++c) {
    const Wide s = sum[c];
    out.margin[c] =
        static_cast<int64_t>(s >= 0 ? (s + kDivisor / 2) / kDivisor
                                    : -((-s + kDivisor / 2) / kDivisor));
  }
}

void AddFeesAndHoldings(const ContractBook& book, const RateTable& fees,
                        ContractProfit& out) {
  for (size_t h = 0; h < book.holding_customer.size(); ++h) {
    const int32_t customer = book.holding_customer[h];
    const DayNumber opened = book.holding_opened[h];
    const DayNumber closed = book.holding_closed[h];
    // Open on day d: opened <= d and (never closed or closed > d).
    const DayNumber first = std::max(out.from, opened);
    const DayNumber last =
        closed == kNoDay ? out.to : std::min(out.to, closed - 1);
    if (first > last) continue;
    ++out.holdings[customer];
    if (closed == kNoDay || closed > out.to) out.open_at_end[customer] = 1;
    for (int32_t month = GregorianMonth(first); MonthEnd(month) <= last;
         ++month) {
      out.fees[customer] += fees.On(book.holding_type[h], MonthEnd(month));
    }
  }
}

void AddCostToServe(const ContractBook& book, const RateTable& costs,
                    ContractProfit& out) {
  for (size_t u = 0; u < book.use_customer.size(); ++u) {
    const DayNumber day = book.use_day[u];
    if (day < out.from || day > out.to) continue;
    const int32_t customer = book.use_customer[u];
    ++out.uses[customer];
    out.cost_to_serve[customer] +=
        costs.On(book.channels[book.use_channel[u]], day);
  }
}

}  // namespace

int64_t RateOn(std::span<const DatedRate> rates, std::string_view subject,
               DayNumber day) {
  int64_t value = 0;
  DayNumber best = kNoDay;
  for (const DatedRate& rate : rates) {
    if (rate.subject != subject || rate.valid_from > day) continue;
    if (best == kNoDay || rate.valid_from >= best) {
      best = rate.valid_from;
      value = rate.value;
    }
  }
  return value;
}

Result<ContractProfit> ComputeContractProfit(const ContractBook& book,
                                             const ContractRates& rates,
                                             DayNumber from, DayNumber to) {
  VAFA_RETURN_IF_ERROR(CheckBook(book, from, to));
  ContractProfit out;
  out.from = from;
  out.to = to;
  const size_t n = static_cast<size_t>(book.customers);
  out.margin.assign(n, 0);
  out.fees.assign(n, 0);
  out.cost_to_serve.assign(n, 0);
  out.profit.assign(n, 0);
  out.uses.assign(n, 0);
  out.holdings.assign(n, 0);
  out.open_at_end.assign(n, 0);
  AddMargins(book, RateTable(rates.spreads), out);
  AddFeesAndHoldings(book, RateTable(rates.fees), out);
  AddCostToServe(book, RateTable(rates.channel_costs), out);
  for (size_t c = 0; c < n; ++c) {
    out.profit[c] = out.margin[c] + out.fees[c] - out.cost_to_serve[c];
    out.total_margin += out.margin[c];
    out.total_fees += out.fees[c];
    out.total_cost_to_serve += out.cost_to_serve[c];
    out.total_profit += out.profit[c];
  }
  return out;
}

CustomerSummary SummarizeContracts(const ContractBook& book,
                                   const ContractProfit& profit) {
  const size_t n = static_cast<size_t>(book.customers);
  CustomerSummary s;
  s.as_of = profit.to + 1;
  s.first_purchase_day.assign(n, kNoDay);
  s.last_purchase_day.assign(n, kNoDay);
  s.orders.assign(n, 0);
  s.refunds.assign(n, 0);
  s.purchase_days.assign(n, 0);
  s.repeat_purchases.assign(n, 0);
  s.recency_days.assign(n, 0);
  s.tenure_days.assign(n, 0);
  s.purchase_span_days.assign(n, 0);
  s.revenue.assign(n, 0);
  s.refund_amount.assign(n, 0);
  s.mean_order_value.assign(n, 0);
  s.repeat_purchase_value.assign(n, 0);
  s.cost_of_goods.assign(n, 0);
  s.cost_known.assign(n, 1);
  s.margin.assign(n, 0);
  s.distinct_products.assign(n, 0);
  s.distinct_channels.assign(n, 0);
  s.distinct_branches.assign(n, 0);
  s.discounted_order_share.assign(n, 0);
  s.first_order_discounted.assign(n, 0);
  std::vector<DayNumber> last_closing(n, kNoDay);
  for (size_t h = 0; h < book.holding_customer.size(); ++h) {
    const auto c = static_cast<size_t>(book.holding_customer[h]);
    const DayNumber opened = book.holding_opened[h];
    if (s.first_purchase_day[c] == kNoDay || opened < s.first_purchase_day[c]) {
      s.first_purchase_day[c] = opened;
      s.first_order_discounted[c] = book.holding_type[h] == "loan";
    }
    s.last_purchase_day[c] = std::max(s.last_purchase_day[c], opened);
    if (book.holding_closed[h] != kNoDay) {
      last_closing[c] = std::max(last_closing[c], book.holding_closed[h]);
    }
  }
  for (size_t c = 0; c < n; ++c) {
    if (!profit.counts(static_cast<int32_t>(c))) continue;
    // A customer with channel use and no holding in the period still
    // counts once, so its cost is not lost from the totals.
    s.purchase_days[c] = std::max(1, profit.holdings[c]);
    s.orders[c] = s.purchase_days[c];
    s.repeat_purchases[c] = s.purchase_days[c] - 1;
    s.revenue[c] = profit.margin[c] + profit.fees[c];
    s.cost_of_goods[c] = profit.cost_to_serve[c];
    s.margin[c] = profit.profit[c];
    s.mean_order_value[c] = static_cast<double>(s.revenue[c]) / s.orders[c];
    if (s.first_purchase_day[c] != kNoDay) {
      s.tenure_days[c] = s.as_of - s.first_purchase_day[c];
      s.purchase_span_days[c] =
          s.last_purchase_day[c] - s.first_purchase_day[c];
    }
    s.recency_days[c] = profit.open_at_end[c] || last_closing[c] == kNoDay
                            ? 0
                            : s.as_of - last_closing[c];
  }
  return s;
}

}  // namespace vafa::analytics
