#include "analytics/churn/logistic_regression.h"

#include <algorithm>
#include <cmath>
#include <thread>

#include "analytics/parallel.h"

namespace vafa::analytics::churn {
namespace {

double Squash(float value) {
  const double v = value;
  return std::copysign(std::log1p(std::fabs(v)), v);
}

double Sigmoid(double z) {
  return z >= 0 ? 1.0 / (1.0 + std::exp(-z))
                : std::exp(z) / (1.0 + std::exp(z));
}

// Solves the symmetric positive definite system a x = b (n x n, row-major)
// by Cholesky; false when it is not positive definite.
bool SolveSpd(std::vector<double> a, std::vector<double>& b, int n) {
  for (int j = 0; j < n; ++j) {
    double d = a[j * n + j];
    for (int k = 0; k < j; ++k) d -= a[j * n + k] * a[j * n + k];
    if (!(d > 1e-12)) return false;
    d = std::sqrt(d);
    a[j * n + j] = d;
    for (int i = j + 1; i < n; ++i) {
      double s = a[i * n + j];
      for (int k = 0; k < j; ++k) s -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = s / d;
    }
  }
  for (int i = 0; i < n; ++i) {
    double s = b[i];
    for (int k = 0; k < i; ++k) s -= a[i * n + k] * b[k];
    b[i] = s / a[i * n + i];
  }
  for (int i = n - 1; i >= 0; --i) {
    double s = b[i];
    for (int k = i + 1; k < n; ++k) s -= a[k * n + i] * b[k];
    b[i] = s / a[i * n + i];
  }
  return true;
}

// The fewest rows worth a thread of their own (parallel.h).
constexpr int64_t kRowsPerThread = 1024;

// Rows of the design taken at a time by NewtonSums.
constexpr int64_t kNewtonChunkRows = 16384;

}  // namespace

void LogisticRegression::NewtonSums(const std::vector<float>& x, int64_t rows,
                                    const std::vector<uint8_t>& label,
                                    const std::vector<float>& weight,
                                    const std::vector<double>& beta,
                                    int threads, std::vector<double>& hessian,
                                    std::vector<double>& gradient,
                                    double& log_likelihood) const {
  const int n = width_ + 1;  // the intercept last
  // Bands of the Hessian's rows with about as many entries each: a thread
  // adds up its band over all rows, in row order.
  const int bands = std::clamp(threads, 1, n);
  std::vector<int> band(bands + 1, n);
  band[0] = 0;
  for (int k = 1, i = 0, entries = 0; k < bands; ++k) {
    while (i < n && (entries + i + 1) * bands <= n * (n + 1) / 2 * k) {
      entries += ++i;
    }
    band[k] = i;
  }
  std::vector<double> design(static_cast<size_t>(kNewtonChunkRows) * n);
  std::vector<double> probability(kNewtonChunkRows);
  for (int64_t first = 0; first < rows; first += kNewtonChunkRows) {
    const int64_t count = std::min(kNewtonChunkRows, rows - first);
    ParallelRanges(count, threads, kRowsPerThread,
                   [&](int64_t from, int64_t to) {
                     std::vector<double> one;
                     for (int64_t k = from; k < to; ++k) {
                       Design(&x[static_cast<size_t>(first + k) * cols_], one);
                       one.push_back(1.0);
                       double z = 0;
                       for (int j = 0; j < n; ++j) z += beta[j] * one[j];
                       probability[k] = Sigmoid(z);
                       std::copy(one.begin(), one.end(),
                                 &design[static_cast<size_t>(k) * n]);
                     }
                   });
    const auto add_band = [&](int k) {
      for (int64_t row = 0; row < count; ++row) {
        const int64_t r = first + row;
        const double* d = &design[static_cast<size_t>(row) * n];
        const double p = probability[row];
        const double y = label[r] != 0 ? 1.0 : 0.0;
        const double row_weight =
            weight.empty() ? 1.0 : static_cast<double>(weight[r]);
        if (k == 0) {
          log_likelihood +=
              row_weight * (y * std::log(std::max(p, 1e-300)) +
                            (1 - y) * std::log(std::max(1 - p, 1e-300)));
          for (int i = 0; i < n; ++i) {
            if (d[i] != 0) gradient[i] += row_weight * (y - p) * d[i];
          }
        }
        const double w = row_weight * std::max(p * (1 - p), 1e-12);
        for (int i = band[k]; i < band[k + 1]; ++i) {
          if (d[i] == 0) continue;
          const double wi = w * d[i];
          for (int j = 0; j <= i; ++j) hessian[i * n + j] += wi * d[j];
        }
      }
    };
    std::vector<std::thread> workers;
    for (int k = 1; k < bands; ++k) workers.emplace_back(add_band, k);
    add_band(0);
    for (std::thread& worker : workers) worker.join();
  }
}

void LogisticRegression::Design(const float* row,
                                std::vector<double>& out) const {
  out.assign(width_, 0.0);
  for (int j = 0; j < cols_; ++j) {
    if (std::isnan(row[j])) {
      if (indicator_[j] >= 0) out[indicator_[j]] = 1.0;
      continue;
    }
    out[j] = (Squash(row[j]) - mean_[j]) / scale_[j];
  }
}

double LogisticRegression::PenalisedLogLikelihood(
    const std::vector<float>& x, int64_t rows,
    const std::vector<uint8_t>& label, const std::vector<float>& weight,
    const std::vector<double>& beta, double l2, int threads) const {
  // Each row's term on the threads, then their sum in row order.
  std::vector<double> term(rows);
  ParallelRanges(rows, threads, kRowsPerThread, [&](int64_t from, int64_t to) {
    std::vector<double> design;
    for (int64_t r = from; r < to; ++r) {
      Design(&x[static_cast<size_t>(r) * cols_], design);
      double z = beta[width_];
      for (int j = 0; j < width_; ++j) z += beta[j] * design[j];
      const double p = Sigmoid(z);
      const double w = weight.empty() ? 1.0 : static_cast<double>(weight[r]);
      term[r] = w * (label[r] != 0 ? std::log(std::max(p, 1e-300))
                                   : std::log(std::max(1 - p, 1e-300)));
    }
  });
  double out = 0;
  for (int64_t r = 0; r < rows; ++r) out += term[r];
  for (int j = 0; j < width_; ++j) out -= 0.5 * l2 * beta[j] * beta[j];
  return out;
}

Result<LogisticRegression> LogisticRegression::Fit(
    const std::vector<float>& x, int64_t rows, int cols,
    const std::vector<uint8_t>& label, const LogisticOptions& options) {
  return FitWeighted(x, rows, cols, label, {}, options);
}

Result<LogisticRegression> LogisticRegression::FitWeighted(
    const std::vector<float>& x, int64_t rows, int cols,
    const std::vector<uint8_t>& label, const std::vector<float>& weight,
    const LogisticOptions& options) {
  if (rows <= 0) return Status::Invalid("no examples to fit on");
  auto weight_of = [&weight](int64_t r) -> double {
    return weight.empty() ? 1.0 : static_cast<double>(weight[r]);
  };
  double positives = 0, total = 0;
  for (int64_t r = 0; r < rows; ++r) {
    if (!(weight_of(r) > 0))
      return Status::Invalid("a row weight is not positive");
    positives += label[r] != 0 ? weight_of(r) : 0.0;
    total += weight_of(r);
  }
  if (positives == 0 || positives == total)
    return Status::Invalid("the examples hold one class only");
  LogisticRegression model;
  model.cols_ = cols;
  model.mean_.assign(cols, 0.0);
  model.scale_.assign(cols, 1.0);
  model.indicator_.assign(cols, -1);
  std::vector<int64_t> present(cols, 0);
  std::vector<double> sum(cols, 0.0), sum_sq(cols, 0.0);
  for (int64_t r = 0; r < rows; ++r) {
    const float* row = &x[static_cast<size_t>(r) * cols];
    for (int j = 0; j < cols; ++j) {
      if (std::isnan(row[j])) continue;
      const double v = Squash(row[j]);
      ++present[j];
      sum[j] += v;
      sum_sq[j] += v * v;
    }
  }
  int width = cols;
  for (int j = 0; j < cols; ++j) {
    if (present[j] > 0) {
      model.mean_[j] = sum[j] / present[j];
      const double variance =
          sum_sq[j] / present[j] - model.mean_[j] * model.mean_[j];
      model.scale_[j] = variance > 1e-12 ? std::sqrt(variance) : 1.0;
    }
    if (present[j] < rows) model.indicator_[j] = width++;
  }
  model.width_ = width;
  const int n = width + 1;  // the intercept last
  std::vector<double> beta(n, 0.0);
  beta[width] = std::log(positives / (total - positives));
  const int threads = std::max(1, options.threads);
  double previous = -INFINITY;
  for (int iteration = 1; iteration <= options.max_iterations; ++iteration) {
    std::vector<double> hessian(static_cast<size_t>(n) * n, 0.0);
    std::vector<double> gradient(n, 0.0);
    double log_likelihood = 0;
    model.NewtonSums(x, rows, label, weight, beta, threads, hessian, gradient,
                     log_likelihood);
    for (int i = 0; i < width; ++i) {
      log_likelihood -= 0.5 * options.l2 * beta[i] * beta[i];
      gradient[i] -= options.l2 * beta[i];
      hessian[i * n + i] += options.l2;
    }
    for (int i = 0; i < n; ++i)
      for (int j = i + 1; j < n; ++j) hessian[i * n + j] = hessian[j * n + i];
    if (!SolveSpd(hessian, gradient, n))
      return Status::Invalid("logistic regression: singular system");
    // A full Newton step can overshoot where the classes nearly separate
    // (the weights then run off to infinity); halve it until the penalised
    // log-likelihood does not fall.
    std::vector<double> next(n);
    double step = 1;
    for (int halving = 0; halving < 40; ++halving, step /= 2) {
      for (int i = 0; i < n; ++i) next[i] = beta[i] + step * gradient[i];
      if (model.PenalisedLogLikelihood(x, rows, label, weight, next, options.l2,
                                       threads) >=
          log_likelihood - 1e-9 * std::fabs(log_likelihood)) {
        break;
      }
    }
    beta = std::move(next);
    model.iterations_ = iteration;
    const double mean = log_likelihood / total;
    if (std::fabs(mean - previous) < options.tolerance) break;
    previous = mean;
  }
  model.intercept_ = beta[width];
  beta.pop_back();
  model.weights_ = std::move(beta);
  return model;
}

double LogisticRegression::Predict(const float* row) const {
  std::vector<double> design;
  Design(row, design);
  double z = intercept_;
  for (int j = 0; j < width_; ++j) z += weights_[j] * design[j];
  return Sigmoid(z);
}

std::vector<float> LogisticRegression::Contributions(
    const std::vector<float>& x, int64_t rows) const {
  std::vector<float> out(static_cast<size_t>(rows) * (cols_ + 1));
  std::vector<double> design;
  for (int64_t r = 0; r < rows; ++r) {
    Design(&x[static_cast<size_t>(r) * cols_], design);
    float* row_out = &out[static_cast<size_t>(r) * (cols_ + 1)];
    for (int j = 0; j < cols_; ++j) {
      double part = weights_[j] * design[j];
      if (indicator_[j] >= 0) {
        part += weights_[indicator_[j]] * design[indicator_[j]];
      }
      row_out[j] = static_cast<float>(part);
    }
    row_out[cols_] = static_cast<float>(intercept_);
  }
  return out;
}

std::vector<double> LogisticRegression::PredictAll(const std::vector<float>& x,
                                                   int64_t rows,
                                                   int threads) const {
  std::vector<double> out(rows);
  ParallelRanges(rows, threads, kRowsPerThread, [&](int64_t from, int64_t to) {
    std::vector<double> design;
    for (int64_t r = from; r < to; ++r) {
      Design(&x[static_cast<size_t>(r) * cols_], design);
      double z = intercept_;
      for (int j = 0; j < width_; ++j) z += weights_[j] * design[j];
      out[r] = Sigmoid(z);
    }
  });
  return out;
}

}  // namespace vafa::analytics::churn
