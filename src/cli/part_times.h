// PartTimes: the wall time of each part of a command's run, printed on
// stderr when asked (`vafa analyze --timings`).
#ifndef VAFA_CLI_PART_TIMES_H_
#define VAFA_CLI_PART_TIMES_H_

#include <chrono>
#include <cstdio>
#include <iostream>
#include <string_view>

namespace vafa::cli {

// With --timings, each part of the run as it finishes, on stderr:
// "timing <part> <seconds> ended <seconds since the run began>": load, the
// computations (summary, rfm, key_customers, profitability, lifetime_value,
// kpis, cohorts) and the writing of the reports; a part that is not named
// was not run. Parts may overlap (reports are written while computing).
class PartTimes {
 public:
  explicit PartTimes(bool print)
      : print_(print), began_(std::chrono::steady_clock::now()) {}
  void Done(std::string_view part, double seconds) const {
    if (!print_) return;
    const double ended =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - began_)
            .count();
    char text[128];
    std::snprintf(text, sizeof text, "timing %.*s %.3f ended %.3f\n",
                  static_cast<int>(part.size()), part.data(), seconds, ended);
    std::cerr << text << std::flush;
  }
  // Runs `work` and reports its wall time as `part`.
  template <typename Work>
  decltype(auto) Time(std::string_view part, Work&& work) const {
    const auto start = std::chrono::steady_clock::now();
    struct Report {
      const PartTimes& times;
      std::string_view part;
      std::chrono::steady_clock::time_point start;
      ~Report() {
        times.Done(part, std::chrono::duration<double>(
                             std::chrono::steady_clock::now() - start)
                             .count());
      }
    } report{*this, part, start};
    return work();
  }

 private:
  bool print_;
  std::chrono::steady_clock::time_point began_;
};

}  // namespace vafa::cli

#endif  // VAFA_CLI_PART_TIMES_H_
