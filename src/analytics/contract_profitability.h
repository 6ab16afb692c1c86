// What a financial institution earns on each customer who holds its
// products (docs/holdings.md, "Profitability per customer"): the interest
// margin on balances, the fees of the holdings kept open, less the cost of
// serving the customer through its channels, over a period of days.
//
//   margin  = sum over each holding's month-end balances in the period of
//             |balance| x spread / 12, the spread (a yearly rate in basis
//             points, per product type) being the one valid on the
//             balance's day. The month-end balance is the latest balance of
//             the holding in the month; a deposit's and an account's
//             balance earns the spread between what the bank lends at and
//             pays, a loan's and a used card's (negative where the bank
//             records them so) the spread over funding, hence |balance|.
//   fees    = for each month end in the period at which a holding is open
//             (opened on or before it, not closed on or before it), the
//             monthly fee of its product type valid on that day.
//   cost to serve = for each channel use in the period, the cost of one use
//             of its channel valid on the use's day.
//   profit  = margin + fees - cost to serve.
//
// Rates are valid from a day until the next rate of the same kind and
// subject; before the first there is none (0). Money is integer minor
// units; the margin of a customer is summed exactly and rounded once (half
// up). Pure; O(balances log balances + holdings x months + uses).
#ifndef VAFA_ANALYTICS_CONTRACT_PROFITABILITY_H_
#define VAFA_ANALYTICS_CONTRACT_PROFITABILITY_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analytics/customer_summary.h"
#include "core/dates.h"
#include "core/result.h"

namespace vafa::analytics {

// A rate of one subject (a product type, a channel) valid from a day.
struct DatedRate {
  std::string subject;
  DayNumber valid_from = 0;
  // spread: basis points a year; fee: minor units a month; channel cost:
  // minor units a use.
  int64_t value = 0;
};

struct ContractRates {
  std::vector<DatedRate> spreads;        // by product type
  std::vector<DatedRate> fees;           // by product type
  std::vector<DatedRate> channel_costs;  // by channel
};

// The value of `subject` on `day`: the rate with the latest valid_from on or
// before it; 0 when there is none.
int64_t RateOn(std::span<const DatedRate> rates, std::string_view subject,
               DayNumber day);

// A contractual workspace's book as columns. Customers are indices
// 0..customers-1; holdings are indices into the holding columns.
struct ContractBook {
  int32_t customers = 0;
  std::vector<int32_t> holding_customer;
  std::vector<std::string> holding_type;  // account, deposit, card, loan, ...
  std::vector<DayNumber> holding_opened;
  std::vector<DayNumber> holding_closed;  // kNoDay while open
  std::vector<int32_t> holding_branch;    // index into branches, -1: none
  std::vector<std::string> branches;
  std::vector<int32_t> balance_holding;
  std::vector<DayNumber> balance_day;
  std::vector<int64_t> balance_minor;
  std::vector<int32_t> use_customer;  // channel uses
  std::vector<DayNumber> use_day;
  std::vector<int32_t> use_channel;  // index into channels
  std::vector<std::string> channels;
};

// Per customer over [from, to].
struct ContractProfit {
  DayNumber from = 0, to = 0;
  std::vector<int64_t> margin, fees, cost_to_serve, profit;
  std::vector<int32_t> uses;         // channel uses in the period
  std::vector<int32_t> holdings;     // held at some time in the period
  std::vector<uint8_t> open_at_end;  // a holding open on `to`
  int64_t total_margin = 0, total_fees = 0, total_cost_to_serve = 0,
          total_profit = 0;
  // A customer counts when a holding was open at some time in the period
  // or a channel was used in it.
  bool counts(int32_t customer) const {
    return holdings[customer] > 0 || uses[customer] > 0;
  }
};

// Fails when the columns disagree in length, a column names a customer,
// holding or channel out of range, or from > to.
Result<ContractProfit> ComputeContractProfit(const ContractBook& book,
                                             const ContractRates& rates,
                                             DayNumber from, DayNumber to);

// The profit as a per-customer summary, so that the key-customer (Pareto,
// ABC) and acquisition x retention analyses read a contractual workspace
// as they read orders: revenue = margin + fees (what the bank earns),
// cost of goods = cost to serve (known for all), so margin = profit; a
// "purchase" is a holding: purchase_days = the holdings held in the
// period, recency 0 while one is open at `to`, else the days since the
// last closing; the first "order" counts as discounted when the customer's
// first product was a loan (won with credit, the bank's incentive).
// Customers who do not count have no purchase.
CustomerSummary SummarizeContracts(const ContractBook& book,
                                   const ContractProfit& profit);

}  // namespace vafa::analytics

#endif  // VAFA_ANALYTICS_CONTRACT_PROFITABILITY_H_
