// Mines a FIMI file and prints the number of frequent itemsets and the time
// taken, for bench/basket/run.sh:
//   mine_fimi FILE MIN_SUPPORT [auto|fpgrowth|eclat] [THREADS]
// MIN_SUPPORT is a count ("89"), a fraction ("0.001") or a percentage.
// The time covers reading, mining and the canonical sort of the output.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "analytics/basket/fimi_reader.h"
#include "analytics/basket/frequent_itemsets.h"

namespace basket = vafa::analytics::basket;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr,
                 "usage: %s FILE MIN_SUPPORT [auto|fpgrowth|eclat] "
                 "[THREADS]\n",
                 argv[0]);
    return 2;
  }
  const auto start = std::chrono::steady_clock::now();
  const auto data = basket::ReadFimiFile(argv[1]);
  if (!data.ok()) {
    std::fprintf(stderr, "%s\n", data.status().ToString().c_str());
    return 1;
  }
  const auto read_done = std::chrono::steady_clock::now();
  const auto min_support =
      basket::ParseMinSupport(argv[2], data->baskets.size());
  if (!min_support.ok()) {
    std::fprintf(stderr, "%s\n", min_support.status().ToString().c_str());
    return 1;
  }
  basket::MiningOptions options;
  options.min_support = *min_support;
  const std::string algorithm = argc > 3 ? argv[3] : "auto";
  if (algorithm == "fpgrowth") {
    options.algorithm = basket::MiningAlgorithm::kFpGrowth;
  } else if (algorithm == "eclat") {
    options.algorithm = basket::MiningAlgorithm::kEclat;
  } else if (algorithm != "auto") {
    std::fprintf(stderr, "unknown algorithm %s\n", algorithm.c_str());
    return 2;
  }
  if (argc > 4) options.threads = std::atoi(argv[4]);
  const auto mined = basket::MineFrequentItemsets(data->baskets, options);
  if (!mined.ok()) {
    std::fprintf(stderr, "%s\n", mined.status().ToString().c_str());
    return 1;
  }
  const auto end = std::chrono::steady_clock::now();
  const auto seconds = [](auto from, auto to) {
    return std::chrono::duration<double>(to - from).count();
  };
  std::printf(
      "baskets=%lld min_support=%lld itemsets=%lld read_s=%.3f mine_s=%.3f "
      "total_s=%.3f\n",
      static_cast<long long>(data->baskets.size()),
      static_cast<long long>(options.min_support),
      static_cast<long long>(mined->size()), seconds(start, read_done),
      seconds(read_done, end), seconds(start, end));
  return 0;
}
