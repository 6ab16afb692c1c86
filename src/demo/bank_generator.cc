#include "demo/bank_generator.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <string_view>

#include "core/dates.h"
#include "demo/demo_data.h"
#include "demo/random.h"

namespace vafa::demo {
namespace {

struct BankProduct {
  std::string_view code;
  std::string_view name;
  std::string_view type;
  double chance;  // of a customer opening it (the current account: 1)
};

constexpr BankProduct kProducts[] = {
    {"CUR", "حساب جاری", "account", 1.0},
    {"DEP", "سپرده کوتاه‌مدت", "deposit", 0.45},
    {"CARD", "کارت اعتباری", "card", 0.5},
    {"LOAN", "تسهیلات خرید کالا", "loan", 0.3},
};

constexpr std::string_view kComplaints[] = {"کارمزد انتقال", "کندی شعبه",
                                            "قطعی همراه بانک", "رفتار کارمند"};

// The months of the history: month 0 is the first, months() - 1 the last
// whole month before end_day.
class Months {
 public:
  Months(DayNumber end_day, int years) : count_(years * 12) {
    const CivilDate end = GregorianFromDays(end_day);
    first_ = int64_t{end.year} * 12 + (end.month - 1) - count_;
  }
  int count() const { return count_; }
  DayNumber Start(int m) const { return Day(m, 1); }
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

// One customer's life at the bank, drawn before any row is written.
struct BankCustomer {
  int open_month = 0;
  int salary_stop = -1;  // the month the salary stops, -1: never
  int complaint = -1;    // the month of the complaint, -1: none
  int closed = -1;       // the month everything is closed, -1: still here
  double level = 0;      // the current account's usual balance, rials
};

BankCustomer DrawCustomer(Random& rng, const Months& months) {
  BankCustomer c;
  const int n = months.count();
  c.open_month = static_cast<int>(rng.Below(std::max(1, n - 3)));
  if (rng.Chance(0.2)) {
    c.salary_stop = c.open_month + 3 +
                    static_cast<int>(rng.Below(std::max(1, n - c.open_month)));
  }
  if (rng.Chance(0.12)) {
    c.complaint = c.open_month + 1 +
                  static_cast<int>(rng.Below(std::max(1, n - c.open_month)));
  }
  for (int m = c.open_month + 1; m < n; ++m) {
    double hazard = kBaseMonthlyClosing;
    if (c.salary_stop >= 0 && m >= c.salary_stop) {
      hazard *= kSalaryStoppedFactor;
    }
    if (c.complaint >= 0 && m >= c.complaint) hazard *= kComplaintFactor;
    if (rng.Chance(hazard)) {
      c.closed = m;
      break;
    }
  }
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
};

void WriteBalances(Files& files, Random& rng, const Months& months,
                   const BankCustomer& c, const BankProduct& product,
                   const std::string& number, int from, int until,
                   BankDemoCounts& counts) {
  const double principal = 500'000'000 * (0.5 + rng.Uniform());
  const double deposit = std::round(c.level * 4 / 1e6) * 1e6;
  for (int m = from; m < until; ++m) {
    const double salary = SalaryFactor(c, m);
    const bool late = salary < 1 && m - c.salary_stop >= 2;
    const double noise = std::clamp(1 + 0.1 * rng.Normal(), 0.7, 1.3);
    int64_t balance = 0, limit = -1, arrears = -1;
    if (product.type == "account") {
      balance = std::llround(c.level * salary * noise);
    } else if (product.type == "deposit") {
      balance = std::llround(deposit * std::sqrt(salary));
    } else if (product.type == "card") {
      limit = 200'000'000;
      const double used =
          std::min(1.0, (0.2 + 0.3 * rng.Uniform()) * (salary < 1 ? 1.8 : 1));
      balance = -std::llround(used * static_cast<double>(limit));
      arrears =
          late ? std::llround(used * 0.1 * static_cast<double>(limit)) : 0;
    } else {
      balance = -std::llround(principal * std::max(0.0, 1 - (m - from) / 48.0));
      arrears =
          late ? std::llround(principal / 48 * (m - c.salary_stop - 1)) : 0;
    }
    files.balances << number << "," << FormatGregorian(months.End(m)) << ","
                   << balance << ",";
    if (limit >= 0) files.balances << limit;
    files.balances << ",";
    if (arrears >= 0) files.balances << arrears;
    files.balances << "\n";
    ++counts.balances;
  }
}

}  // namespace

Result<BankDemoCounts> WriteBankDemoFiles(const DemoOptions& options,
                                          const std::string& folder) {
  if (options.years < 1) return Status::Invalid("--years: at least 1");
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
              std::ofstream(path("bank_truth.csv"))};
  files.customers << "external_id,first_name,last_name,gender,city,province\n";
  files.holdings << "account_number,customer_id,product,product_name,"
                    "product_type,open_date,close_date,branch,manager\n";
  files.balances << "account_number,date,balance,credit_limit,arrears\n";
  files.interactions
      << "interaction_id,customer_id,date,type,channel,subject\n";
  files.truth << "customer_id,salary_stopped_on,complained_on,closed_on\n";
  const Months months(options.end_day, options.years);
  Random rng(options.seed * 0x9E3779B97F4A7C15ULL + 28);
  BankDemoCounts counts;
  for (int64_t i = 0; i < options.customers; ++i) {
    const std::string id = "B" + std::to_string(100000 + i);
    const BankCustomer c = DrawCustomer(rng, months);
    const bool female = rng.Chance(0.5);
    const Name& first = rng.Pick(female ? FemaleNames() : MaleNames());
    const Name& last = rng.Pick(LastNames());
    const City& city = rng.Pick(Cities());
    const Name& manager_first =
        MaleNames()[Fnv1a64(city.branch) % MaleNames().size()];
    const std::string manager =
        std::string(manager_first.persian) + " " +
        std::string(
            LastNames()[Fnv1a64(city.name) % LastNames().size()].persian);
    files.customers << id << "," << first.persian << "," << last.persian << ","
                    << (female ? "female" : "male") << "," << city.name << ","
                    << city.province << "\n";
    ++counts.customers;
    const int n = months.count();
    const int end_month = c.closed >= 0 ? c.closed : n;
    const DayNumber closed_on =
        c.closed >= 0
            ? months.Start(c.closed) + static_cast<DayNumber>(rng.Below(28))
            : 0;
    for (const BankProduct& product : kProducts) {
      if (!rng.Chance(product.chance)) continue;
      const int from = product.chance >= 1
                           ? c.open_month
                           : c.open_month + static_cast<int>(rng.Below(6));
      if (from >= end_month) continue;
      const std::string number = std::string(product.code) + "-" + id.substr(1);
      const DayNumber opened =
          months.Start(from) + static_cast<DayNumber>(rng.Below(28));
      files.holdings << number << "," << id << "," << product.code << ","
                     << product.name << "," << product.type << ","
                     << FormatGregorian(opened) << ","
                     << (c.closed >= 0 ? FormatGregorian(closed_on) : "") << ","
                     << city.branch << "," << manager << "\n";
      ++counts.holdings;
      WriteBalances(files, rng, months, c, product, number, from, end_month,
                    counts);
    }
    for (int m = c.open_month; m < end_month; m += 3) {
      // Mobile banking grows from a sixth of the use to three quarters.
      const double mobile = 0.15 + 0.6 * m / std::max(1, n - 1);
      for (int k = 0; k < 2; ++k) {
        const double u = rng.Uniform();
        const char* channel = u < mobile          ? "mobile"
                              : u < mobile + 0.12 ? "internet"
                              : u < mobile + 0.24 ? "atm"
                                                  : "branch";
        files.interactions << id << "-" << m << "-" << k << "," << id << ","
                           << FormatGregorian(months.Start(m) + 14 + k)
                           << ",banking," << channel << ",\n";
        ++counts.interactions;
      }
    }
    const bool complained = c.complaint >= 0 && c.complaint < end_month;
    if (complained) {
      files.interactions << id << "-complaint," << id << ","
                         << FormatGregorian(months.Start(c.complaint) + 5)
                         << ",complaint,branch,"
                         << kComplaints[rng.Below(std::size(kComplaints))]
                         << "\n";
      ++counts.interactions;
      ++counts.complained;
    }
    const bool stopped = c.salary_stop >= 0 && c.salary_stop < end_month;
    counts.salary_stopped += stopped;
    counts.closed += c.closed >= 0;
    files.truth << id << ","
                << (stopped ? FormatGregorian(months.Start(c.salary_stop)) : "")
                << ","
                << (complained ? FormatGregorian(months.Start(c.complaint))
                               : "")
                << "," << (c.closed >= 0 ? FormatGregorian(closed_on) : "")
                << "\n";
  }
  for (std::ofstream* out : {&files.customers, &files.holdings, &files.balances,
                             &files.interactions, &files.truth}) {
    out->close();
    if (!*out) return Status::Invalid(folder + ": cannot write the demo files");
  }
  return counts;
}

}  // namespace vafa::demo
