// A small, portable random source for the demo generator: the same seed
// gives the same workspace on every platform and library (the standard
// distributions are implementation-defined, so they are not used).
#ifndef VAFA_DEMO_RANDOM_H_
#define VAFA_DEMO_RANDOM_H_

#include <cmath>
#include <cstdint>
#include <span>

#include "core/hash.h"

namespace vafa::demo {

class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}

  // SplitMix64 (Steele, Lea & Flood 2014).
  uint64_t Next() { return Mix64(state_ += kGoldenGamma); }
  // Uniform in [0, 1).
  double Uniform() { return UnitInterval(Next()); }
  // Uniform integer in [0, n).
  int64_t Below(int64_t n) {
    return static_cast<int64_t>(Uniform() * static_cast<double>(n));
  }
  bool Chance(double p) { return Uniform() < p; }
  double Normal() {  // Box-Muller
    double u = 1.0 - Uniform();
    double v = Uniform();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * v);
  }
  double Exponential(double rate) { return -std::log(1.0 - Uniform()) / rate; }
  // Gamma(shape, scale) by Marsaglia & Tsang (2000), with the shape < 1
  // boost U^(1/shape).
  double Gamma(double shape, double scale) {
    if (shape < 1.0) {
      return Gamma(shape + 1.0, scale) * std::pow(1.0 - Uniform(), 1.0 / shape);
    }
    double d = shape - 1.0 / 3.0;
    double c = 1.0 / std::sqrt(9.0 * d);
    while (true) {
      double x = Normal();
      double v = 1.0 + c * x;
      if (v <= 0) continue;
      v = v * v * v;
      double u = 1.0 - Uniform();
      if (std::log(u) < 0.5 * x * x + d - d * v + d * std::log(v)) {
        return d * v * scale;
      }
    }
  }
  double Beta(double a, double b) {
    double x = Gamma(a, 1.0);
    double y = Gamma(b, 1.0);
    return x / (x + y);
  }
  template <typename T>
  const T& Pick(std::span<const T> items) {
    return items[static_cast<size_t>(
        Below(static_cast<int64_t>(items.size())))];
  }

 private:
  uint64_t state_;
};

}  // namespace vafa::demo

#endif  // VAFA_DEMO_RANDOM_H_
