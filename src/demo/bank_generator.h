// The bank demo (`vafa demo --kind bank`): a deterministic Iranian bank
// whose customers hold current accounts, deposits, cards and loans at
// branches with relationship managers, written as the CSV files a bank
// would import (customers.csv, holdings.csv, balances.csv with month-end
// balances, interactions.csv) and bank_truth.csv with the planted causes.
//
// Customers leave by closing everything they hold. The monthly chance of
// leaving (kBaseMonthlyClosing) is multiplied after planted causes: the
// salary stops being credited (the current account's balance then falls
// month by month, and loans and cards fall into arrears) and a complaint
// (an interaction of type complaint). Channel use shifts toward mobile:
// the share of each quarter's banking interactions made on the mobile app
// rises over the history while the branch's falls. Memory is constant in
// the number of customers (rows are streamed).
#ifndef VAFA_DEMO_BANK_GENERATOR_H_
#define VAFA_DEMO_BANK_GENERATOR_H_

#include <cstdint>
#include <string>

#include "core/result.h"
#include "demo/generator.h"

namespace vafa::demo {

inline constexpr double kBaseMonthlyClosing = 0.004;
inline constexpr double kSalaryStoppedFactor = 8.0;
inline constexpr double kComplaintFactor = 5.0;

struct BankDemoCounts {
  int64_t customers = 0;
  int64_t holdings = 0;
  int64_t balances = 0;
  int64_t interactions = 0;
  int64_t closed = 0;          // customers who closed everything
  int64_t salary_stopped = 0;  // planted
  int64_t complained = 0;      // planted
};

// Uses options.customers, seed, end_day and years (at least 1).
Result<BankDemoCounts> WriteBankDemoFiles(const DemoOptions& options,
                                          const std::string& folder);

}  // namespace vafa::demo

#endif  // VAFA_DEMO_BANK_GENERATOR_H_
