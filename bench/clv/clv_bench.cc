// Times the claims of docs/clv.md: fitting BG/NBD, MBG/NBD, Pareto/NBD and
// Gamma-Gamma on CDNOW; fitting BG/NBD on and scoring 1,000,000 simulated
// customers; and building the calibration summary of a ~1-million-line log
// (CDNOW_master.txt repeated with fresh customer ids).
//
// Usage: clv_bench <repo root> [runs]. Prints one line per measurement with
// the median and the spread of `runs` repetitions (default 21).
#include <tbb/global_control.h>
#include <tbb/info.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "analytics/clv/calibration_holdout.h"
#include "analytics/clv/customer_value.h"
#include "analytics/clv/gamma_gamma.h"
#include "analytics/clv/purchase_model.h"
#include "analytics/clv/purchase_simulator.h"

namespace {

using vafa::analytics::clv::TimeUnit;
namespace clv = vafa::analytics::clv;

// Median, min and max wall time in milliseconds over `runs` calls of `body`.
void Time(const char* name, int runs, const std::function<void()>& body) {
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    const auto start = std::chrono::steady_clock::now();
    body();
    const auto stop = std::chrono::steady_clock::now();
    ms.push_back(
        std::chrono::duration<double, std::milli>(stop - start).count());
  }
  std::sort(ms.begin(), ms.end());
  std::printf("%-52s median %9.2f ms  min %9.2f  max %9.2f  (%d runs)\n", name,
              ms[ms.size() / 2], ms.front(), ms.back(), runs);
  std::fflush(stdout);
}

int DaysSince1997(long yyyymmdd) {
  // Days from 1997-01-01 via days-from-civil (Hinnant).
  auto civil = [](int y, int m, int d) {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy;
  };
  return civil(static_cast<int>(yyyymmdd / 10000),
               static_cast<int>(yyyymmdd / 100 % 100),
               static_cast<int>(yyyymmdd % 100)) -
         civil(1997, 1, 1);
}

clv::RepeatPurchaseData ReadSummary(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  clv::RepeatPurchaseData data;
  int id;
  double x, t_x, age;
  while (std::getline(in, line) && std::sscanf(line.c_str(), "%d,%lf,%lf,%lf",
                                               &id, &x, &t_x, &age) == 4) {
    data.frequency.push_back(x);
    data.recency.push_back(t_x);
    data.age.push_back(age);
  }
  return data;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: clv_bench <repo root> [runs]\n");
    return 2;
  }
  const std::string root = argv[1];
  const int runs = argc > 2 ? std::atoi(argv[2]) : 21;
  std::printf("threads: %d\n", tbb::info::default_concurrency());

  // --- CDNOW, 2,357 customers, 39-week calibration (weeks).
  const clv::RepeatPurchaseData cdnow =
      ReadSummary(root + "/tests/data/cdnow/cdnow_customers_summary.csv");
  for (auto kind :
       {clv::PurchaseModelKind::kBgNbd, clv::PurchaseModelKind::kMbgNbd,
        clv::PurchaseModelKind::kParetoNbd}) {
    const std::string name =
        "CDNOW fit " + std::string(clv::PurchaseModelName(kind)) + " (+SE)";
    int evaluations = 0;
    Time(name.c_str(), runs, [&] {
      const auto model = clv::FitPurchaseModel(kind, cdnow);
      if (!model.ok()) std::abort();
      evaluations = model->evaluations;
    });
    std::printf("  (%d log-likelihood passes)\n", evaluations);
  }

  // --- A ~1-million-line log: CDNOW_master.txt repeated with new ids.
  std::vector<int> base_customer, base_day;
  std::vector<double> base_amount;
  {
    std::ifstream in(root + "/../shared/data/cdnow/CDNOW_master.txt");
    std::string header;
    std::getline(in, header);
    long id, date, cds;
    double dollars;
    while (in >> id >> date >> cds >> dollars) {
      base_customer.push_back(static_cast<int>(id));
      base_day.push_back(DaysSince1997(date));
      base_amount.push_back(dollars);
    }
  }
  std::vector<int> customer, day;
  std::vector<double> amount;
  const int copies =
      base_customer.empty()
          ? 0
          : (1'000'000 + static_cast<int>(base_customer.size()) - 1) /
                static_cast<int>(base_customer.size());
  for (int copy = 0; copy < copies; ++copy) {
    for (std::size_t i = 0; i < base_customer.size(); ++i) {
      customer.push_back(base_customer[i] + copy * 30000);
      day.push_back(base_day[i]);
      amount.push_back(base_amount[i]);
    }
  }
  if (!customer.empty()) {
    const std::string name = "summary of " + std::to_string(customer.size()) +
                             "-line log (calibration split)";
    Time(name.c_str(), std::max(5, runs / 4), [&] {
      const auto split = clv::SplitCalibrationHoldout(
          {customer, day, amount}, 272, 545, TimeUnit::kWeek);
      if (!split.ok()) std::abort();
    });
  } else {
    std::printf("CDNOW_master.txt not found next to the repository; skipped\n");
  }

  // --- 1,000,000 simulated customers in days (one year of acquisition).
  const int n = 1'000'000;
  std::vector<double> ages(n);
  for (int i = 0; i < n; ++i) ages[i] = 1 + (i % 365);
  clv::SimulationSpec spec;
  spec.kind = clv::PurchaseModelKind::kBgNbd;
  spec.parameters = {0.243, 4.414 * 7, 0.793, 2.426};  // CDNOW, in days
  spec.spend = clv::GammaGammaParameters{6.25, 3.74, 15.44};
  spec.whole_units = true;
  spec.seed = 2026;
  const clv::RepeatPurchaseData simulated =
      clv::SimulateRepeatPurchases(spec, ages);
  const auto compressed = clv::CompressRepeatPurchaseData(simulated);
  std::printf("1M simulated customers: %zu distinct (x, t_x, T) rows\n",
              compressed.size());
  clv::PurchaseModel fitted;
  Time("1M customers: fit BG/NBD (compress + fit + SE)", std::max(5, runs / 4),
       [&] {
         const auto model =
             clv::FitPurchaseModel(clv::PurchaseModelKind::kBgNbd, simulated);
         if (!model.ok()) std::abort();
         fitted = *model;
       });
  std::printf("  fitted r=%.4f alpha=%.3f a=%.4f b=%.4f (%d passes)\n",
              fitted.parameters[0], fitted.parameters[1], fitted.parameters[2],
              fitted.parameters[3], fitted.evaluations);
  Time("1M customers: fit Pareto/NBD (compress + fit + SE)", 3, [&] {
    const auto model =
        clv::FitPurchaseModel(clv::PurchaseModelKind::kParetoNbd, simulated);
    if (!model.ok()) std::abort();
  });
  {
    // The same customers in continuous time: purchase times are no longer
    // whole days, so far fewer customers share a row (a harder case for the
    // grouping; only customers without repeat purchases still share).
    clv::SimulationSpec continuous = spec;
    continuous.whole_units = false;
    const clv::RepeatPurchaseData distinct =
        clv::SimulateRepeatPurchases(continuous, ages);
    std::printf("1M continuous-time customers: %zu distinct rows\n",
                clv::CompressRepeatPurchaseData(distinct).size());
    Time("1M customers, continuous times: fit BG/NBD", 3, [&] {
      const auto model =
          clv::FitPurchaseModel(clv::PurchaseModelKind::kBgNbd, distinct);
      if (!model.ok()) std::abort();
    });
    Time("1M customers, continuous times: score", 3, [&] {
      const auto values =
          clv::ScoreCustomerValues(fitted, nullptr, distinct, TimeUnit::kDay);
      if (!values.ok()) std::abort();
    });
  }
  const auto spend = clv::FitGammaGamma(simulated);
  if (!spend.ok()) std::abort();
  Time("1M customers: score P(alive), E[purchases], CLV", std::max(5, runs / 4),
       [&] {
         const auto values = clv::ScoreCustomerValues(
             fitted, &*spend, simulated, TimeUnit::kDay);
         if (!values.ok()) std::abort();
       });
  {
    tbb::global_control one(tbb::global_control::max_allowed_parallelism, 1);
    Time("1M customers: score, 1 thread", 3, [&] {
      const auto values =
          clv::ScoreCustomerValues(fitted, &*spend, simulated, TimeUnit::kDay);
      if (!values.ok()) std::abort();
    });
  }
  return 0;
}
