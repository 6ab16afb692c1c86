#include "demo/bank_generator.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string_view>
#include <vector>

#include "core/dates.h"
#include "demo/demo_data.h"
#include "demo/random.h"

namespace vafa::demo {
namespace {

struct BankProduct {
  std::string_view code;
  std::string_view name;
  std::string_view type;
};

// The segments' accounts first, then the products their ladders name.
constexpr BankProduct kProducts[] = {
    {"CUR", "حساب جاری", "account"},
    {"YTH", "حساب جوانان", "account"},
    {"BIZ", "حساب تجاری", "account"},
    {"PRM", "حساب ویژه", "account"},
    {"PEN", "حساب بازنشستگی", "account"},
    {"AGR", "حساب کشاورزی", "account"},
    {"CARD", "کارت اعتباری", "card"},
    {"GIFT", "کارت هدیه", "card"},
    {"POS", "دستگاه کارتخوان", "plan"},
    {"LTD", "سپرده بلندمدت", "deposit"},
    {"INS", "بیمه عمر", "policy"},
    {"SAV", "سپرده پس‌انداز", "deposit"},
    {"LOAN", "تسهیلات خرید کالا", "loan"},
    {"DEP", "سپرده کوتاه‌مدت", "deposit"},
    {"FX", "سپرده ارزی", "deposit"},
    {"MORT", "تسهیلات مسکن", "loan"},
    {"CAR", "تسهیلات خودرو", "loan"},
    {"AGL", "تسهیلات کشاورزی", "loan"},
};
constexpr int kAccounts = 6;  // the first six products
constexpr int kCreditCard = 6;
constexpr int kProductCount = static_cast<int>(std::size(kProducts));

// A segment opens its account, then its ladder in order. Each product
// comes early in one ladder and late in another, so no product is popular
// everywhere: which comes next depends on what came before.
struct Segment {
  std::string_view name;
  double share;
  int account;
  int ladder[4];
};
constexpr Segment kSegments[] = {
    {"salaried", 0.20, 0, {6, 12, 10, 16}},  // card, loan, policy, car loan
    {"youth", 0.16, 1, {7, 13, 6, 14}},      // gift card, deposit, card, FX
    {"business", 0.16, 2, {8, 14, 9, 12}},   // POS, FX, long deposit, loan
    {"premium", 0.16, 3, {9, 15, 7, 13}},    // long deposit, mortgage, ...
    {"pensioner", 0.16, 4, {10, 16, 11, 15}},
    {"farmer", 0.16, 5, {11, 17, 8, 10}},
};

constexpr std::string_view kComplaints[] = {"کارمزد انتقال", "کندی شعبه",
                                            "قطعی همراه بانک", "رفتار کارمند"};

// The months of the history: month 0 is the first, months() - 1 the last
// whole month before end_day.
class Months {
 public:
  Months(DayNumber end_day, int count) : count_(count) {
    const CivilDate end = GregorianFromDays(end_day);
    first_ = int64_t{end.year} * 12 + (end.month - 1) - count_;
  }
  int count() const { return count_; }
  DayNumber Start(int m) const { return Day(m, 1); }
  // End(m) as text, for every month of the history.
  std::vector<std::string> EndTexts() const {
    std::vector<std::string> texts;
    for (int m = 0; m < count_; ++m) texts.push_back(FormatGregorian(End(m)));
    return texts;
  }
  DayNumber End(int m) const {
    const int64_t k = first_ + m;
    return Day(m, GregorianMonthLength(static_cast<int>(k / 12),
                                       static_cast<int>(k % 12) + 1));
  }

 private:
  DayNumber Day(int m, int day) const {
    const int64_t k = first_ + m;
    return DaysFromGregorian(
        {static_cast<int>(k / 12), static_cast<int>(k % 12) + 1, day});
  }
  int count_;
  int64_t first_;
};

struct Opening {
  int product = 0;
  int month = 0;
};

// One customer's life at the bank, drawn before any row is written.
struct BankCustomer {
  int segment = 0;
  int open_month = 0;
  std::vector<Opening> openings;  // the account first, by month
  int salary_stop = -1;           // the month the salary stops, -1: never
  int complaint = -1;             // the month of the complaint, -1: none
  int card_unused = -1;           // the month the credit card stops being used
  bool branch_regular = false;    // banks mostly at the branch
  int moved = -1;    // the month a branch regular moves away, -1: never
  int closed = -1;   // the month everything is closed, -1: still here
  double level = 0;  // the current account's usual balance, rials
};

int DrawSegment(Random& rng) {
  double u = rng.Uniform();
  for (int s = 0; s < static_cast<int>(std::size(kSegments)) - 1; ++s) {
    if (u < kSegments[s].share) return s;
    u -= kSegments[s].share;
  }
  return static_cast<int>(std::size(kSegments)) - 1;
}

// The next product: the first of the ladder not yet held, or (otherwise,
// or once the ladder is done) any product not held.
int NextProduct(Random& rng, const Segment& segment, const bool* held) {
  if (rng.Chance(kFollowLadder)) {
    for (int product : segment.ladder) {
      if (!held[product]) return product;
    }
  }
  int candidates[kProductCount];
  int count = 0;
  for (int product = kAccounts; product < kProductCount; ++product) {
    if (!held[product]) candidates[count++] = product;
  }
  return count == 0 ? -1 : candidates[rng.Below(count)];
}

void DrawOpenings(Random& rng, int months, BankCustomer& c) {
  const Segment& segment = kSegments[c.segment];
  bool held[kProductCount] = {};
  held[segment.account] = true;
  c.openings.push_back({segment.account, c.open_month});
  constexpr int kSteps[] = {1, 2, 2, 3, 3, 4};
  const int steps = kSteps[rng.Below(std::size(kSteps))];
  int month = c.open_month;
  for (int step = 0; step < steps; ++step) {
    month += 2 + static_cast<int>(rng.Below(7));
    if (month >= months) break;
    const int product = NextProduct(rng, segment, held);
    if (product < 0) break;
    held[product] = true;
    c.openings.push_back({product, month});
  }
}

// A cause at `month` closes everything `lag_months` later (at least, at
// most) with chance `closes`; the earliest closing wins.
void MaybeClose(Random& rng, int month, double closes, int& closing,
                const int (&lag_months)[2] = kClosingLagMonths) {
  if (month < 0 || !rng.Chance(closes)) return;
  const int lag =
      lag_months[0] +
      static_cast<int>(rng.Below(lag_months[1] - lag_months[0] + 1));
  closing = closing < 0 ? month + lag : std::min(closing, month + lag);
}

void DrawCauses(Random& rng, int n, BankCustomer& c) {
  const int ahead = std::max(1, n - c.open_month);
  if (rng.Chance(0.18)) {
    c.salary_stop = c.open_month + 2 + static_cast<int>(rng.Below(ahead));
  }
  if (rng.Chance(0.12)) {
    c.complaint = c.open_month + 1 + static_cast<int>(rng.Below(ahead));
  }
  for (const Opening& opening : c.openings) {
    if (opening.product == kCreditCard && rng.Chance(0.3)) {
      c.card_unused =
          opening.month + 3 +
          static_cast<int>(rng.Below(std::max(1, n - opening.month)));
    }
  }
  const bool old = kSegments[c.segment].name == "pensioner" ||
                   kSegments[c.segment].name == "farmer";
  c.branch_regular = rng.Chance(old ? kBranchRegularOld : kBranchRegularOther);
  if (c.branch_regular && rng.Chance(kBranchRegularMoves)) {
    c.moved = c.open_month + 3 + static_cast<int>(rng.Below(ahead));
  }
  int closing = -1;
  MaybeClose(rng, c.salary_stop, kSalaryStoppedCloses, closing);
  MaybeClose(rng, c.complaint, kComplaintCloses, closing);
  MaybeClose(rng, c.card_unused, kCardUnusedCloses, closing);
  MaybeClose(rng, c.moved, kMovedCloses, closing, kMovedLagMonths);
  for (int m = c.open_month + 1; m < n && (closing < 0 || m < closing); ++m) {
    if (rng.Chance(kBaseMonthlyClosing)) closing = m;
  }
  c.closed = closing >= 0 && closing < n ? closing : -1;
}

// The fixed book's openings: the account and then `products_each` - 1
// products of the ladder (or others), all in the first month.
void DrawFixedOpenings(Random& rng, int products_each, BankCustomer& c) {
  const Segment& segment = kSegments[c.segment];
  bool held[kProductCount] = {};
  held[segment.account] = true;
  c.openings.push_back({segment.account, 0});
  for (int k = 1; k < products_each; ++k) {
    const int product = NextProduct(rng, segment, held);
    if (product < 0) break;
    held[product] = true;
    c.openings.push_back({product, 0});
  }
}

BankCustomer DrawCustomer(Random& rng, const Months& months,
                          int products_each) {
  BankCustomer c;
  const int n = months.count();
  c.segment = DrawSegment(rng);
  if (products_each > 0) {
    DrawFixedOpenings(rng, products_each, c);
  } else {
    c.open_month = static_cast<int>(rng.Below(std::max(1, n - 3)));
    DrawOpenings(rng, n, c);
  }
  DrawCauses(rng, n, c);
  c.level = std::exp(0.6 * rng.Normal()) * 40'000'000;
  return c;
}

// The share of the salary-fed balance left `m` months into the history.
double SalaryFactor(const BankCustomer& c, int m) {
  if (c.salary_stop < 0 || m < c.salary_stop) return 1;
  return std::pow(0.75, m - c.salary_stop + 1);
}

struct Files {
  std::ofstream customers, holdings, balances, interactions, truth;
  std::vector<std::string> month_ends;  // Months::EndTexts()
  std::string line;                     // a holding's balances, as written
  int products_each = 0;
};

void AppendNumber(std::string& to, int64_t value) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  to.append(digits, end);
}

// One month-end balance of a holding: the balance, the limit (-1: none)
// and the arrears (-1: none).
struct MonthEnd {
  int64_t balance = 0, limit = -1, arrears = -1;
};

MonthEnd BalanceAt(Random& rng, const BankCustomer& c, const Opening& opening,
                   double principal, int m) {
  const BankProduct& product = kProducts[opening.product];
  const double salary = SalaryFactor(c, m);
  const bool late = salary < 1 && m - c.salary_stop >= 2;
  MonthEnd out;
  if (product.type == "account") {
    // The salary lands every month and a little of it stays.
    const double growth = 1 + 0.01 * (m - opening.month);
    const double noise = std::clamp(1 + 0.06 * rng.Normal(), 0.85, 1.15);
    out.balance = std::llround(c.level * growth * salary * noise);
  } else if (product.type == "deposit") {
    out.balance =
        std::llround(std::round(c.level * 4 / 1e6) * 1e6 * std::sqrt(salary));
  } else if (opening.product == kCreditCard) {
    out.limit = 200'000'000;
    const bool unused = c.card_unused >= 0 && m >= c.card_unused;
    const double used = unused ? 0
                               : std::min(1.0, (0.2 + 0.3 * rng.Uniform()) *
                                                   (salary < 1 ? 1.8 : 1));
    out.balance = -std::llround(used * static_cast<double>(out.limit));
    out.arrears =
        late ? std::llround(used * 0.1 * static_cast<double>(out.limit)) : 0;
  } else if (product.type == "card") {  // prepaid: a balance, no credit
    out.balance = std::llround(c.level * 0.1 * salary);
  } else if (product.type == "loan") {
    out.balance = -std::llround(principal *
                                std::max(0.0, 1 - (m - opening.month) / 48.0));
    out.arrears =
        late ? std::llround(principal / 48 * (m - c.salary_stop - 1)) : 0;
  }
  return out;
}

void WriteBalances(Files& files, Random& rng, const BankCustomer& c,
                   const Opening& opening, const std::string& number, int until,
                   BankDemoCounts& counts) {
  const double principal = 500'000'000 * (0.5 + rng.Uniform());
  // Formatted into one text and written at once: a million customers'
  // balances are about a hundred million lines.
  std::string& text = files.line;
  text.clear();
  for (int m = opening.month; m < until; ++m) {
    const MonthEnd at = BalanceAt(rng, c, opening, principal, m);
    text.append(number).append(",").append(files.month_ends[m]).append(",");
    AppendNumber(text, at.balance);
    text.append(",");
    if (at.limit >= 0) AppendNumber(text, at.limit);
    text.append(",");
    if (at.arrears >= 0) AppendNumber(text, at.arrears);
    text.append("\n");
    ++counts.balances;
  }
  files.balances.write(text.data(), static_cast<std::streamsize>(text.size()));
}

void WriteInteractions(Files& files, Random& rng, const Months& months,
                       const BankCustomer& c, const std::string& id,
                       int end_month, BankDemoCounts& counts) {
  const int n = months.count();
  for (int m = c.open_month; m < end_month; m += 3) {
    // Mobile banking grows from a sixth of the use to three quarters; a
    // branch regular's from 3% to 13%, the rest almost all at the branch.
    // Once moved away, the branch is out of reach.
    const double share = static_cast<double>(m) / std::max(1, n - 1);
    const double mobile =
        c.branch_regular ? 0.03 + 0.1 * share : 0.15 + 0.6 * share;
    const double other = c.branch_regular ? 0.04 : 0.12;  // internet, ATM
    const bool moved = c.moved >= 0 && m >= c.moved;
    for (int k = 0; k < 2; ++k) {
      const double u = rng.Uniform();
      const char* channel = u < mobile               ? "mobile"
                            : u < mobile + other     ? "internet"
                            : u < mobile + 2 * other ? "atm"
                            : moved                  ? "mobile"
                                                     : "branch";
      files.interactions << id << "-" << m << "-" << k << "," << id << ","
                         << FormatGregorian(months.Start(m) + 14 + k)
                         << ",banking," << channel << ",\n";
      ++counts.interactions;
    }
  }
  if (c.complaint >= 0 && c.complaint < end_month) {
    files.interactions << id << "-complaint," << id << ","
                       << FormatGregorian(months.Start(c.complaint) + 5)
                       << ",complaint,"
                       << (c.moved >= 0 && c.complaint >= c.moved ? "mobile"
                                                                  : "branch")
                       << "," << kComplaints[rng.Below(std::size(kComplaints))]
                       << "\n";
    ++counts.interactions;
  }
}

// The month's first day, "" for -1 or a month at or after `end_month`.
std::string MonthDay(const Months& months, int month, int end_month) {
  return month >= 0 && month < end_month ? FormatGregorian(months.Start(month))
                                         : "";
}

void WriteCustomer(Files& files, Random& rng, const Months& months,
                   const std::string& id, BankDemoCounts& counts) {
  const BankCustomer c = DrawCustomer(rng, months, files.products_each);
  const bool female = rng.Chance(0.5);
  const Name& first = rng.Pick(female ? FemaleNames() : MaleNames());
  const Name& last = rng.Pick(LastNames());
  const City& city = rng.Pick(Cities());
  const Name& manager_first =
      MaleNames()[Fnv1a64(city.branch) % MaleNames().size()];
  const std::string manager =
      std::string(manager_first.persian) + " " +
      std::string(LastNames()[Fnv1a64(city.name) % LastNames().size()].persian);
  files.customers << id << "," << first.persian << "," << last.persian << ","
                  << (female ? "female" : "male") << "," << city.name << ","
                  << city.province << "\n";
  ++counts.customers;
  const int end_month = c.closed >= 0 ? c.closed : months.count();
  const std::string closed_on =
      c.closed >= 0 ? FormatGregorian(months.Start(c.closed) +
                                      static_cast<DayNumber>(rng.Below(28)))
                    : "";
  for (const Opening& opening : c.openings) {
    if (opening.month >= end_month) continue;
    const BankProduct& product = kProducts[opening.product];
    const std::string number = std::string(product.code) + "-" + id.substr(1);
    const DayNumber opened =
        months.Start(opening.month) + static_cast<DayNumber>(rng.Below(28));
    files.holdings << number << "," << id << "," << product.code << ","
                   << product.name << "," << product.type << ","
                   << FormatGregorian(opened) << "," << closed_on << ","
                   << city.branch << "," << manager << "\n";
    ++counts.holdings;
    WriteBalances(files, rng, c, opening, number, end_month, counts);
  }
  WriteInteractions(files, rng, months, c, id, end_month, counts);
  const std::string stopped = MonthDay(months, c.salary_stop, end_month);
  const std::string complained = MonthDay(months, c.complaint, end_month);
  const std::string unused = MonthDay(months, c.card_unused, end_month);
  const std::string moved = MonthDay(months, c.moved, end_month);
  counts.salary_stopped += !stopped.empty();
  counts.complained += !complained.empty();
  counts.card_unused += !unused.empty();
  counts.moved += !moved.empty();
  counts.closed += c.closed >= 0;
  files.truth << id << "," << kSegments[c.segment].name << "," << stopped << ","
              << complained << "," << unused << "," << closed_on << "," << moved
              << "," << (c.branch_regular ? "yes" : "no") << "\n";
}

}  // namespace

Result<BankDemoCounts> WriteBankDemoFiles(const DemoOptions& options,
                                          const std::string& folder) {
  if (options.years < 1) return Status::Invalid("--years: at least 1");
  if (options.months < 0) return Status::Invalid("--months: at least 1");
  if (options.products_each < 0 || options.products_each > kMaxProductsEach) {
    return Status::Invalid("--products-each: from 1 to " +
                           std::to_string(kMaxProductsEach));
  }
  std::error_code made;
  std::filesystem::create_directories(folder, made);
  if (made) return Status::Invalid(folder + ": " + made.message());
  const auto path = [&](const char* name) {
    return (std::filesystem::path(folder) / name).string();
  };
  Files files{std::ofstream(path("customers.csv")),
              std::ofstream(path("holdings.csv")),
              std::ofstream(path("balances.csv")),
              std::ofstream(path("interactions.csv")),
              std::ofstream(path("bank_truth.csv")),
              {},
              {},
              0};
  files.customers << "external_id,first_name,last_name,gender,city,province\n";
  files.holdings << "account_number,customer_id,product,product_name,"
                    "product_type,open_date,close_date,branch,manager\n";
  files.balances << "account_number,date,balance,credit_limit,arrears\n";
  files.interactions
      << "interaction_id,customer_id,date,type,channel,subject\n";
  files.truth << "customer_id,segment,salary_stopped_on,complained_on,"
                 "card_unused_on,closed_on,moved_on,branch_regular\n";
  const Months months(options.end_day,
                      options.months > 0 ? options.months : options.years * 12);
  files.month_ends = months.EndTexts();
  files.products_each = options.products_each;
  Random rng(options.seed * 0x9E3779B97F4A7C15ULL + 28);
  BankDemoCounts counts;
  for (int64_t i = 0; i < options.customers; ++i) {
    WriteCustomer(files, rng, months, "B" + std::to_string(100000 + i), counts);
  }
  for (std::ofstream* out : {&files.customers, &files.holdings, &files.balances,
                             &files.interactions, &files.truth}) {
    out->close();
    if (!*out) return Status::Invalid(folder + ": cannot write the demo files");
  }
  return counts;
}

}  // namespace vafa::demo
