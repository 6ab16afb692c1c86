#include "analytics/churn/contract_churn.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <thread>

namespace vafa::analytics::churn {
namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr int kMonthDays = 30;  // month-ends are 28-31 days apart
constexpr int kRecentClosingDays = 180;

bool OpenAt(const ContractBook& book, int64_t h, DayNumber day) {
  return book.opened[h] <= day && book.closed[h] > day;
}

// The holding's latest balance row on or before `day`, -1 when none.
int64_t LatestBalance(const ContractBook& book, int64_t h, DayNumber day) {
  const auto first = book.balance_day.begin() + book.balance_begin[h];
  const auto last = book.balance_day.begin() + book.balance_begin[h + 1];
  const auto after = std::upper_bound(first, last, day);
  if (after == first) return -1;
  return (after - book.balance_day.begin()) - 1;
}

// The sum of the latest balances by `day` of the customer's holdings of
// `kind` open on `day`; NaN when none has a balance by then.
double KindBalance(const ContractBook& book, int32_t c, ContractKind kind,
                   DayNumber day) {
  double sum = 0;
  bool any = false;
  for (int64_t h = book.holding_begin[c]; h < book.holding_begin[c + 1]; ++h) {
    if (book.kind[h] != kind || !OpenAt(book, h, day)) continue;
    const int64_t b = LatestBalance(book, h, day);
    if (b < 0) continue;
    sum += book.balance[b];
    any = true;
  }
  return any ? sum : std::numeric_limits<double>::quiet_NaN();
}

float Trend(double now, double before) {
  if (std::isnan(now) || std::isnan(before) || before <= 0) return kNaN;
  return static_cast<float>(now / before - 1);
}

// Arrears (sum over loans and cards) and the highest card utilisation at
// `day`, from the latest balances by then.
std::pair<double, double> Arrears(const ContractBook& book, int32_t c,
                                  DayNumber day, bool* any_arrears) {
  double arrears = 0, utilisation = std::numeric_limits<double>::quiet_NaN();
  for (int64_t h = book.holding_begin[c]; h < book.holding_begin[c + 1]; ++h) {
    if (!OpenAt(book, h, day)) continue;
    const int64_t b = LatestBalance(book, h, day);
    if (b < 0) continue;
    if (!std::isnan(book.arrears[b])) {
      arrears += book.arrears[b];
      *any_arrears = true;
    }
    if (book.kind[h] == ContractKind::kCard && book.limit[b] > 0) {
      const double used = -book.balance[b] / book.limit[b];
      utilisation =
          std::isnan(utilisation) ? used : std::max(utilisation, used);
    }
  }
  return {arrears, utilisation};
}

void HoldingFeatures(const ContractBook& book, int32_t c, DayNumber s,
                     float* row, uint8_t& held) {
  int open = 0, closings = 0;
  bool kinds[5] = {};
  DayNumber first = kNever;
  for (int64_t h = book.holding_begin[c]; h < book.holding_begin[c + 1]; ++h) {
    if (book.opened[h] > s) continue;
    first = std::min(first, book.opened[h]);
    if (OpenAt(book, h, s)) {
      ++open;
      kinds[static_cast<int>(book.kind[h])] = true;
    } else if (book.closed[h] > s - kRecentClosingDays) {
      ++closings;
    }
  }
  held = open > 0 ? 1 : 0;
  row[kOpenHoldings] = static_cast<float>(open);
  row[kOpenKinds] = static_cast<float>(std::count(kinds, kinds + 5, true));
  row[kTenureMonths] =
      first == kNever ? kNaN : static_cast<float>(s - first) / 30.44f;
  row[kClosingsRecent] = static_cast<float>(closings);
}

void BalanceFeatures(const ContractBook& book, int32_t c, DayNumber s,
                     float* row) {
  double account[7];
  for (int m = 0; m < 7; ++m) {
    account[m] =
        KindBalance(book, c, ContractKind::kAccount, s - m * kMonthDays);
  }
  row[kAccountBalance] = static_cast<float>(account[0]);
  row[kAccountTrend3] = Trend(account[0], account[3]);
  row[kAccountTrend6] = Trend(account[0], account[6]);
  // A salary-like credit shows on month-end balances as a rise.
  float without = kNaN;
  if (!std::isnan(account[0])) {
    without = 0;
    for (int m = 0; m < 6 && !std::isnan(account[m + 1]); ++m) {
      if (account[m] > account[m + 1]) break;
      without = static_cast<float>(m + 1);
    }
  }
  row[kMonthsWithoutCredit] = without;
  const double deposit = KindBalance(book, c, ContractKind::kDeposit, s);
  row[kDepositBalance] = static_cast<float>(deposit);
  row[kDepositTrend6] =
      Trend(deposit,
            KindBalance(book, c, ContractKind::kDeposit, s - 6 * kMonthDays));
  bool any_arrears = false;
  const auto [arrears, utilisation] = Arrears(book, c, s, &any_arrears);
  row[kArrears] = any_arrears ? static_cast<float>(arrears) : kNaN;
  row[kCardUtilisation] = static_cast<float>(utilisation);
  int months_in_arrears = 0;
  for (int m = 0; m < 6; ++m) {
    bool any = false;
    months_in_arrears += Arrears(book, c, s - m * kMonthDays, &any).first > 0;
  }
  row[kMonthsInArrears] =
      any_arrears ? static_cast<float>(months_in_arrears) : kNaN;
}

void ComplaintFeatures(const ComplaintLog& complaints, int32_t c, DayNumber s,
                       float* row) {
  int recent = 0, unresolved = 0;
  DayNumber last = kNever;
  if (!complaints.empty()) {
    for (int64_t k = complaints.begin[c]; k < complaints.begin[c + 1]; ++k) {
      const DayNumber day = complaints.day[k];
      if (day > s) continue;
      recent += day > s - 365;
      unresolved += complaints.resolved_day[k] > s;
      last = last == kNever ? day : std::max(last, day);
    }
  }
  row[kContractComplaints] = static_cast<float>(recent);
  row[kContractUnresolved] = static_cast<float>(unresolved);
  row[kContractDaysSinceComplaint] =
      last == kNever ? kNaN : static_cast<float>(s - last);
}

// A branch regular who stopped coming: the share of uses at the branch a
// year and a half to half a year ago (from 6 uses, so that a newcomer's
// two visits out of three say nothing), and the days since the last visit.
void BranchFeatures(const ContractBook& book, int32_t c, DayNumber s,
                    float* row) {
  if (book.use_begin.empty()) return;
  int before = 0, at_branch_before = 0;
  DayNumber last_visit = kNever;
  for (int64_t u = book.use_begin[c]; u < book.use_begin[c + 1]; ++u) {
    const DayNumber day = book.use_day[u];
    if (day > s) break;  // by day ascending
    const bool visit = book.use_at_branch[u] != 0;
    if (visit) last_visit = day;
    if (day > s - 540 && day <= s - 180) {
      ++before;
      at_branch_before += visit;
    }
  }
  row[kBranchShareBefore] =
      before < 6 ? kNaN : static_cast<float>(at_branch_before) / before;
  row[kDaysSinceBranch] =
      last_visit == kNever ? kNaN : static_cast<float>(s - last_visit);
}

bool Holds(const float* row, int feature, float at_least) {
  return !std::isnan(row[feature]) && row[feature] >= at_least;
}
bool Below(const float* row, int feature, float at_most) {
  return !std::isnan(row[feature]) && row[feature] <= at_most;
}

// Whether factor `code` holds for a row (ContractFactors() documents them).
bool FactorHolds(std::string_view code, const float* row) {
  if (code == "credits_stopped") return Holds(row, kMonthsWithoutCredit, 3);
  if (code == "complaint") return Holds(row, kContractComplaints, 1);
  if (code == "balance_falling") return Below(row, kAccountTrend3, -1.0f / 3);
  if (code == "deposit_falling") return Below(row, kDepositTrend6, -1.0f / 3);
  if (code == "arrears") return Holds(row, kMonthsInArrears, 1);
  if (code == "card_maxed") return Holds(row, kCardUtilisation, 0.8f);
  if (code == "card_unused") return Below(row, kCardUtilisation, 0.02f);
  if (code == "branch_stopped") {
    return Holds(row, kBranchShareBefore, 0.7f) &&
           Holds(row, kDaysSinceBranch, 120);
  }
  if (code == "recent_closing") return Holds(row, kClosingsRecent, 1);
  if (code == "one_product") return Below(row, kOpenHoldings, 1);
  if (code == "new_customer") return Below(row, kTenureMonths, 6);
  return false;
}

}  // namespace

ContractKind ContractKindOf(std::string_view type) {
  if (type == "account") return ContractKind::kAccount;
  if (type == "deposit") return ContractKind::kDeposit;
  if (type == "card") return ContractKind::kCard;
  if (type == "loan") return ContractKind::kLoan;
  return ContractKind::kOther;
}

DayNumber ContractBook::LastDay() const {
  DayNumber last = 0;
  for (DayNumber d : opened) last = std::max(last, d);
  for (DayNumber d : closed) {
    if (d != kNever) last = std::max(last, d);
  }
  for (DayNumber d : balance_day) last = std::max(last, d);
  return last;
}

namespace {
// The balances' indexes ordered by their holding's place in the book, then
// by day, ties in the order given: the order a stable sort on (holding,
// day) gives, found as a counting sort by holding (which keeps the order
// given) and then a stable sort of each holding's few dozen by day, so
// that tens of millions of balances are not sorted as one.
std::vector<uint32_t> BalancesByHoldingAndDay(
    const ContractRows& rows, const std::vector<int64_t>& position) {
  const size_t count = rows.balance_holding.size();
  if (count > std::numeric_limits<uint32_t>::max()) {
    throw std::length_error("more than 2^32 balances in one contract book");
  }
  std::vector<int64_t> next(position.size() + 1, 0);
  for (int32_t h : rows.balance_holding) ++next[position[h] + 1];
  std::partial_sum(next.begin(), next.end(), next.begin());
  std::vector<uint32_t> order(count);
  for (size_t b = 0; b < count; ++b) {
    order[next[position[rows.balance_holding[b]]]++] = static_cast<uint32_t>(b);
  }
  // next[k] is now where holding k + 1's balances begin.
  int64_t begin = 0;
  for (size_t k = 0; k < position.size(); ++k) {
    const int64_t end = next[k];
    std::stable_sort(order.begin() + begin, order.begin() + end,
                     [&](uint32_t a, uint32_t b) {
                       return rows.balance_day[a] < rows.balance_day[b];
                     });
    begin = end;
  }
  return order;
}

// The channel uses in CSR form by customer, each customer's by day.
void BuildUses(const ContractRows& rows, ContractBook& book) {
  if (rows.use_customer.empty()) return;
  std::vector<int64_t> order(rows.use_customer.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
    return rows.use_customer[a] != rows.use_customer[b]
               ? rows.use_customer[a] < rows.use_customer[b]
               : rows.use_day[a] < rows.use_day[b];
  });
  book.use_begin.assign(rows.customer_keys.size() + 1, 0);
  book.use_day.reserve(order.size());
  book.use_at_branch.reserve(order.size());
  for (int64_t u : order) {
    ++book.use_begin[rows.use_customer[u] + 1];
    book.use_day.push_back(rows.use_day[u]);
    book.use_at_branch.push_back(rows.use_at_branch[u]);
  }
  std::partial_sum(book.use_begin.begin(), book.use_begin.end(),
                   book.use_begin.begin());
}
}  // namespace

ContractBook BuildContractBook(const ContractRows& rows) {
  ContractBook book;
  book.customer_keys = rows.customer_keys;
  const size_t holdings = rows.holding_customer.size();
  std::vector<int64_t> order(holdings);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
    return rows.holding_customer[a] < rows.holding_customer[b];
  });
  std::vector<int64_t> position(holdings);
  book.holding_begin.assign(rows.customer_keys.size() + 1, 0);
  for (size_t k = 0; k < holdings; ++k) {
    const int64_t h = order[k];
    position[h] = static_cast<int64_t>(k);
    ++book.holding_begin[rows.holding_customer[h] + 1];
    book.kind.push_back(rows.kind[h]);
    book.opened.push_back(rows.opened[h]);
    book.closed.push_back(rows.closed[h]);
  }
  std::partial_sum(book.holding_begin.begin(), book.holding_begin.end(),
                   book.holding_begin.begin());
  std::vector<uint32_t> balances = BalancesByHoldingAndDay(rows, position);
  book.balance_begin.assign(holdings + 1, 0);
  for (int32_t h : rows.balance_holding) ++book.balance_begin[position[h] + 1];
  std::partial_sum(book.balance_begin.begin(), book.balance_begin.end(),
                   book.balance_begin.begin());
  book.balance_day.reserve(balances.size());
  book.balance.reserve(balances.size());
  book.limit.reserve(balances.size());
  book.arrears.reserve(balances.size());
  for (uint32_t b : balances) {
    book.balance_day.push_back(rows.balance_day[b]);
    book.balance.push_back(rows.balance[b]);
    book.limit.push_back(rows.limit[b]);
    book.arrears.push_back(rows.arrears[b]);
  }
  BuildUses(rows, book);
  return book;
}

std::string_view ContractFeatureName(int feature) {
  static constexpr std::string_view kNames[kContractFeatureCount] = {
      "open_holdings",
      "open_kinds",
      "tenure_months",
      "closings_recent",
      "account_balance",
      "account_trend_3m",
      "account_trend_6m",
      "months_without_credit",
      "deposit_balance",
      "deposit_trend_6m",
      "arrears",
      "months_in_arrears",
      "card_utilisation",
      "complaints",
      "unresolved_complaints",
      "days_since_complaint",
      "branch_share_before",
      "days_since_branch"};
  return feature >= 0 && feature < kContractFeatureCount ? kNames[feature] : "";
}

ContractFeatures BuildContractFeatures(const ContractBook& book,
                                       const ComplaintLog& complaints,
                                       DayNumber cutoff, int threads) {
  ContractFeatures out;
  out.cutoff = cutoff;
  const int32_t customers = book.customers();
  out.values.assign(static_cast<size_t>(customers) * kContractFeatureCount,
                    kNaN);
  out.held.assign(customers, 0);
  // Each customer's row reads only the book: blocks of customers on
  // threads fill disjoint rows.
  const auto block = [&](int32_t from, int32_t to) {
    for (int32_t c = from; c < to; ++c) {
      float* row = &out.values[static_cast<size_t>(c) * kContractFeatureCount];
      HoldingFeatures(book, c, cutoff, row, out.held[c]);
      if (out.held[c] == 0) continue;
      BalanceFeatures(book, c, cutoff, row);
      ComplaintFeatures(complaints, c, cutoff, row);
      BranchFeatures(book, c, cutoff, row);
    }
  };
  const int64_t blocks =
      std::clamp<int64_t>(threads, 1, std::max<int64_t>(1, customers / 4096));
  std::vector<std::thread> workers;
  for (int64_t k = 1; k < blocks; ++k) {
    workers.emplace_back(block, static_cast<int32_t>(customers * k / blocks),
                         static_cast<int32_t>(customers * (k + 1) / blocks));
  }
  block(0, static_cast<int32_t>(customers / blocks));
  for (std::thread& worker : workers) worker.join();
  return out;
}

std::vector<uint8_t> ContractClosingLabels(const ContractBook& book,
                                           DayNumber cutoff, int horizon_days) {
  const DayNumber end = cutoff + horizon_days;
  std::vector<uint8_t> out(book.customers(), 0);
  for (int32_t c = 0; c < book.customers(); ++c) {
    bool held = false, open_at_end = false;
    for (int64_t h = book.holding_begin[c]; h < book.holding_begin[c + 1];
         ++h) {
      held = held || OpenAt(book, h, cutoff);
      open_at_end = open_at_end || OpenAt(book, h, end);
    }
    out[c] = held && !open_at_end ? 1 : 0;
  }
  return out;
}

// Weights are the logs of plain risk ratios: a cause a business can act on
// (credits stopped 8, a complaint 4, a credit card left unused 3, a branch
// regular who stopped coming 8), then what shows the leaving under way.
const std::vector<ContractFactor>& ContractFactors() {
  static const std::vector<ContractFactor> kFactors = {
      {"credits_stopped", std::log(8.0), ReasonKind::kCause,
       kMonthsWithoutCredit},
      {"complaint", std::log(4.0), ReasonKind::kCause, kContractComplaints},
      {"card_unused", std::log(3.0), ReasonKind::kCause, kCardUtilisation},
      {"one_product", std::log(1.5), ReasonKind::kLifecycle, kOpenHoldings},
      {"new_customer", std::log(1.3), ReasonKind::kLifecycle, kTenureMonths},
      {"recent_closing", std::log(3.0), ReasonKind::kSymptom, kClosingsRecent},
      {"balance_falling", std::log(2.0), ReasonKind::kSymptom, kAccountTrend3},
      {"arrears", std::log(1.5), ReasonKind::kSymptom, kMonthsInArrears},
      {"deposit_falling", std::log(1.3), ReasonKind::kSymptom, kDepositTrend6},
      {"card_maxed", std::log(1.2), ReasonKind::kSymptom, kCardUtilisation},
      {"branch_stopped", std::log(8.0), ReasonKind::kCause, kDaysSinceBranch},
  };
  return kFactors;
}

std::vector<ContractReason> ContractRuleReasons(const float* row) {
  std::vector<ContractReason> out;
  const auto& factors = ContractFactors();
  for (size_t f = 0; f < factors.size(); ++f) {
    if (FactorHolds(factors[f].code, row)) {
      out.push_back({static_cast<int>(f), row[factors[f].feature]});
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [&](const ContractReason& a, const ContractReason& b) {
                     return factors[a.factor].weight > factors[b.factor].weight;
                   });
  return out;
}

double ContractRuleLogOdds(const float* row) {
  double z = kContractRuleBase;
  for (const ContractReason& r : ContractRuleReasons(row)) {
    z += ContractFactors()[r.factor].weight;
  }
  return z;
}

std::string DescribeContractReason(const ContractReason& reason) {
  const std::string_view code = ContractFactors()[reason.factor].code;
  const auto whole = [](float v) {
    return std::to_string(static_cast<long long>(std::lround(v)));
  };
  const auto percent = [](float v) {
    return std::to_string(static_cast<long long>(std::lround(-v * 100))) + "%";
  };
  if (code == "credits_stopped") {
    return "no salary-like credit for " + whole(reason.value) +
           " months: the current account has not risen since";
  }
  if (code == "complaint") {
    return whole(reason.value) + " complaint(s) in the last year";
  }
  if (code == "balance_falling") {
    return "current account down " + percent(reason.value) + " in 3 months";
  }
  if (code == "deposit_falling") {
    return "deposits down " + percent(reason.value) + " in 6 months";
  }
  if (code == "arrears") {
    return "in arrears at " + whole(reason.value) + " of the last 6 month-ends";
  }
  if (code == "card_maxed") {
    return "card " + std::to_string(std::lround(reason.value * 100)) + "% used";
  }
  if (code == "card_unused") return "credit card unused";
  if (code == "branch_stopped") {
    return "no branch visit for " + whole(reason.value) +
           " days, after banking mostly at the branch";
  }
  if (code == "recent_closing") {
    return whole(reason.value) + " holding(s) closed in the last 6 months";
  }
  if (code == "one_product") return "holds one product only";
  if (code == "new_customer") {
    return "a customer for " + whole(reason.value) + " months only";
  }
  return std::string(code);
}

std::string FormatContractReasons(const std::vector<ContractReason>& reasons) {
  std::string out;
  for (const ContractReason& reason : reasons) {
    if (!out.empty()) out += ';';
    out += ContractFactors()[reason.factor].code;
    out += ':';
    char text[32];
    const float v = reason.value;
    if (std::isnan(v)) {
      std::snprintf(text, sizeof text, "nan");
    } else if (v == std::floor(v) && std::fabs(v) < 1e9f) {
      std::snprintf(text, sizeof text, "%.0f", v);
    } else {
      std::snprintf(text, sizeof text, "%.2f", v);
    }
    out += text;
  }
  return out;
}

std::string_view ContractStage(const float* row, RiskBand band) {
  if (band == RiskBand::kLow) return "";
  if (FactorHolds("recent_closing", row)) return "transfer";
  if (FactorHolds("balance_falling", row) || FactorHolds("arrears", row) ||
      FactorHolds("deposit_falling", row)) {
    return "search";
  }
  return "awareness";
}

int HorizonDays(int months) {
  return static_cast<int>(std::lround(months * 365.25 / 12));
}

}  // namespace vafa::analytics::churn
