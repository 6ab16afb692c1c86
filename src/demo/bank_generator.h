// The bank demo (`vafa demo --kind bank`): a deterministic Iranian bank
// whose customers hold current accounts, deposits, cards, loans, policies
// and plans at branches with relationship managers, written as the CSV
// files a bank would import (customers.csv, holdings.csv, balances.csv
// with month-end balances, interactions.csv) and bank_truth.csv with the
// planted causes and the segment of each customer.
//
// Openings follow a planted order: each customer belongs to a segment
// (salaried, youth, business, premium, pensioner, farmer), opens the
// segment's account first and then, a few months apart, the products of
// the segment's ladder in order (kFollowLadder of the time; otherwise a
// product drawn from all the others), so which product comes next is known.
//
// Customers leave by closing everything they hold. A planted cause comes
// first and the closing follows it by kClosingLagMonths (so the signs are
// there months before): the salary stops being credited (the account's
// balance then falls month by month, loans and cards fall into arrears), a
// complaint (an interaction of type complaint), the credit card left
// unused, or a branch regular moving away from the branch (their visits to
// it stop; they bank on the mobile app until they close, kMovedLagMonths
// later). Each cause ends in a closing with its own chance, so some show
// signs and stay; some leave with no sign at kBaseMonthlyClosing a month.
// Channel use shifts toward mobile: the share of each quarter's banking
// interactions made on the mobile app rises over the history while the
// branch's falls, slowest for the branch regulars (most pensioners and
// farmers), who do most of their banking at the branch throughout. Memory is
// constant in the number of customers (rows are streamed).
#ifndef VAFA_DEMO_BANK_GENERATOR_H_
#define VAFA_DEMO_BANK_GENERATOR_H_

#include <cstdint>
#include <string>

#include "core/result.h"
#include "demo/generator.h"

namespace vafa::demo {

// Leaving with no planted sign, a month.
inline constexpr double kBaseMonthlyClosing = 0.001;
// The chance that a cause ends in a closing, and the months between them.
inline constexpr double kSalaryStoppedCloses = 0.65;
inline constexpr double kComplaintCloses = 0.5;
inline constexpr double kCardUnusedCloses = 0.5;
inline constexpr int kClosingLagMonths[2] = {5, 10};  // at least, at most
// A branch regular who moves away: the chance of moving (once in the
// history), of then closing, and the months from the move to the closing.
inline constexpr double kBranchRegularMoves = 0.2;
inline constexpr double kMovedCloses = 0.6;
inline constexpr int kMovedLagMonths[2] = {8, 14};
// The shares of branch regulars among pensioners and farmers, and among
// the other segments.
inline constexpr double kBranchRegularOld = 0.8;
inline constexpr double kBranchRegularOther = 0.1;
// The share of openings that follow the segment's ladder.
inline constexpr double kFollowLadder = 0.85;
// The fixed book (options.products_each): at most the account and every
// product that is not an account.
inline constexpr int kMaxProductsEach = 13;

struct BankDemoCounts {
  int64_t customers = 0;
  int64_t holdings = 0;
  int64_t balances = 0;
  int64_t interactions = 0;
  int64_t closed = 0;          // customers who closed everything
  int64_t salary_stopped = 0;  // planted
  int64_t complained = 0;      // planted
  int64_t card_unused = 0;     // planted
  int64_t moved = 0;           // planted: branch regulars who moved away
};

// Uses options.customers, seed, end_day and years (at least 1), or months
// when above 0. With options.products_each above 0 the book is fixed (issue
// 28's bar: a million customers with 3 products and 36 month-end balances
// each): every customer opens the segment's account and products_each - 1
// products of its ladder (kFollowLadder of the time; otherwise others) in
// the history's first month, on days drawn in it, and holds all of them,
// with a balance at every month's end, until they close everything; the
// planted causes and closings are drawn as above, and a closing customer's
// balances stop at the closing.
Result<BankDemoCounts> WriteBankDemoFiles(const DemoOptions& options,
                                          const std::string& folder);

}  // namespace vafa::demo

#endif  // VAFA_DEMO_BANK_GENERATOR_H_
