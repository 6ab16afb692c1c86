// Churn where customers leave visibly, by closing what they hold: a bank's
// accounts, deposits, cards and loans, an insurer's policies, a plan
// (docs/holdings.md, "Contractual churn").
//
// Label: a customer is *held* at a cutoff S when at least one of their
// holdings is open at S (opened on or before S, not closed by S); a held
// customer *closed* when none of their holdings is open at S + horizon (every
// holding opened by then has been closed by then).
//
// Features at S read only what was known on S: holdings opened on or before
// S (a closing counts only when it is on or before S), balances dated on or
// before S, complaints made on or before S (unresolved until their
// resolution day), channel uses (branch visits among them) on or before S. A
// balance, closing or complaint dated after S changes no feature; the leakage
// tests pin this.
//
// The models are churn's (churn_model.h): a transparent rule model whose
// factors give the reasons and the stage, Platt-scaled on the training rows;
// logistic regression and boosted trees learned on past cutoffs
// S_k = as_of - horizon - k * step, judged on a holdout of customers (split
// by customer, seed given) at S_0. Pure functions; O(rows x balances per
// holding x log) per cutoff.
#ifndef VAFA_ANALYTICS_CHURN_CONTRACT_CHURN_H_
#define VAFA_ANALYTICS_CHURN_CONTRACT_CHURN_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "analytics/churn/boosted_trees.h"
#include "analytics/churn/calibration.h"
#include "analytics/churn/churn_features.h"
#include "analytics/churn/churn_model.h"
#include "analytics/churn/churn_rules.h"
#include "analytics/churn/classifier_metrics.h"
#include "core/dates.h"
#include "core/result.h"

namespace vafa::analytics::churn {

// The product kinds the features tell apart; the rest count as other.
enum class ContractKind : int8_t { kAccount, kDeposit, kCard, kLoan, kOther };
ContractKind ContractKindOf(std::string_view product_type);

// Every holding of every customer, in CSR form: customer c's holdings are
// [holding_begin[c], holding_begin[c + 1]); holding h's balances are
// [balance_begin[h], balance_begin[h + 1]), by day ascending.
struct ContractBook {
  std::vector<std::string> customer_keys;  // one per customer
  std::vector<int64_t> holding_begin;      // customers + 1
  std::vector<ContractKind> kind;          // per holding
  std::vector<DayNumber> opened;
  std::vector<DayNumber> closed;       // kNever while open
  std::vector<int64_t> balance_begin;  // holdings + 1
  std::vector<DayNumber> balance_day;
  std::vector<double> balance;  // minor units; a loan or card owes: < 0
  std::vector<double> limit;    // NaN: none
  std::vector<double> arrears;  // NaN: none
  // Customer c's uses of the bank's channels (interactions with a
  // channel) are [use_begin[c], use_begin[c + 1]), by day ascending;
  // use_at_branch: 1 for a visit to the branch. Empty: none known.
  std::vector<int64_t> use_begin;
  std::vector<DayNumber> use_day;
  std::vector<uint8_t> use_at_branch;
  int32_t customers() const {
    return static_cast<int32_t>(customer_keys.size());
  }
  // The latest day of the book (an opening, closing or balance).
  DayNumber LastDay() const;
};

// Builds the CSR book from rows in any order. `holding_customer[h]` indexes
// `customer_keys`; `balance_holding[b]` indexes the holdings.
struct ContractRows {
  std::vector<std::string> customer_keys;
  std::vector<int32_t> holding_customer;
  std::vector<ContractKind> kind;
  std::vector<DayNumber> opened, closed;
  std::vector<int32_t> balance_holding;
  std::vector<DayNumber> balance_day;
  std::vector<double> balance, limit, arrears;
  std::vector<int32_t> use_customer;  // indexes customer_keys
  std::vector<DayNumber> use_day;
  std::vector<uint8_t> use_at_branch;
};
ContractBook BuildContractBook(const ContractRows& rows);

enum ContractFeature : int {
  kOpenHoldings,         // open at S
  kOpenKinds,            // distinct kinds open at S
  kTenureMonths,         // since the first opening
  kClosingsRecent,       // holdings closed in (S - 180, S]
  kAccountBalance,       // current accounts, the latest balance by S
  kAccountTrend3,        // its change over 3 months, a share (-0.4: 40% down)
  kAccountTrend6,        // over 6 months
  kMonthsWithoutCredit,  // months since the account last rose (a salary-like
                         // credit); NaN: no account balance history
  kDepositBalance,       // deposits, the latest balance by S
  kDepositTrend6,        // change over 6 months
  kArrears,              // on loans and cards, the latest by S
  kMonthsInArrears,      // of the last 6 month-ends with arrears > 0
  kCardUtilisation,      // owed / limit on cards, the latest by S
  kContractComplaints,   // in (S - 365, S]
  kContractUnresolved,   // made by S, not resolved by S
  kContractDaysSinceComplaint,  // NaN: none
  kBranchShareBefore,  // of the uses in (S - 540, S - 180], the share at the
                       // branch; NaN: fewer than 6 uses then
  kDaysSinceBranch,    // since the last branch visit by S; NaN: none
  kContractFeatureCount
};
std::string_view ContractFeatureName(int feature);

struct ContractFeatures {
  DayNumber cutoff = 0;
  std::vector<float> values;  // customers x kContractFeatureCount
  std::vector<uint8_t> held;  // 1: a holding open at the cutoff
  float at(int32_t customer, int feature) const {
    return values[static_cast<size_t>(customer) * kContractFeatureCount +
                  feature];
  }
};

// Features at `cutoff`; `complaints` may be empty. On `threads` threads
// (each a block of customers; the same features on any number).
ContractFeatures BuildContractFeatures(const ContractBook& book,
                                       const ComplaintLog& complaints,
                                       DayNumber cutoff, int threads = 1);
// Per customer: 1 when held at `cutoff` and nothing is open at
// cutoff + horizon_days.
std::vector<uint8_t> ContractClosingLabels(const ContractBook& book,
                                           DayNumber cutoff, int horizon_days);

// The rule model: factors as churn's (churn_rules.h), read from contract
// features.
struct ContractFactor {
  std::string_view code;
  double weight;  // on the log-odds
  ReasonKind kind;
  int feature;  // the feature the reason cites
};
const std::vector<ContractFactor>& ContractFactors();
inline constexpr double kContractRuleBase = -3.0;
struct ContractReason {
  int factor = 0;  // index into ContractFactors()
  float value = 0;
};
std::vector<ContractReason> ContractRuleReasons(const float* row);
double ContractRuleLogOdds(const float* row);
// English words for a reason, naming its value.
std::string DescribeContractReason(const ContractReason& reason);
// "credits_stopped:4;complaint:1;balance_falling:-0.42": each reason's code
// and value (a whole number as one, else two decimals; NaN as "nan"), as
// the contract_close_reasons score's label holds them for the web UI's words.
std::string FormatContractReasons(const std::vector<ContractReason>& reasons);
// Where a customer at risk stands on the way out:
//   awareness - a cause (a complaint, credits stopped) but balances still held
//   search    - balances falling by more than a third, or arrears
//   transfer  - a holding already closed in the last 180 days
// "" for the low band.
std::string_view ContractStage(const float* row, RiskBand band);

struct ContractChurnOptions {
  DayNumber as_of = 0;  // required
  int horizon_months = 6;
  int snapshots = 3;
  int snapshot_step_days = 91;
  double holdout_share = 0.25;
  uint64_t seed = 1;
  std::string model = "auto";  // auto, trees, logistic, rules
  BoostedTreesOptions trees;
  int64_t min_holdout_closers = 30;  // and as many stayers
  int threads = 1;  // for the features (the trees have their own)
};
// Days of `months` months (365.25 / 12 a month, rounded).
int HorizonDays(int months);

struct ContractChurnResult {
  DayNumber as_of = 0;
  DayNumber training_cutoff = 0;  // S_0
  ChurnEvidence evidence;
  PlattScaling rule_calibration;
  std::string chosen_model;
  std::vector<ModelEvaluation> evaluations;  // rules, logistic, trees
  ContractFeatures features;                 // at as_of
  std::vector<double> risk;  // P(close within the horizon); NaN: not held
  std::vector<double> rule_risk;
  std::vector<RiskBand> band;  // by value at risk (the balances held)
  std::vector<std::vector<ContractReason>> reasons;
  std::vector<std::string_view> stage;
  std::vector<double> value;  // the account and deposit balances held
};

Result<ContractChurnResult> PredictContractChurn(
    const ContractBook& book, const ComplaintLog& complaints,
    const ContractChurnOptions& options);

}  // namespace vafa::analytics::churn

#endif  // VAFA_ANALYTICS_CHURN_CONTRACT_CHURN_H_
