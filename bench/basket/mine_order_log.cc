// Reads an order log ("order_id,customer_id,product_id" lines grouped by
// order, with a header line), turns each order into a basket of products and
// mines it, timing the whole path from file to frequent itemsets:
//   mine_order_log FILE MIN_SUPPORT [THREADS]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <unordered_map>

#include "analytics/basket/baskets.h"
#include "analytics/basket/frequent_itemsets.h"

namespace basket = vafa::analytics::basket;

namespace {

bool ParseInt(const char*& pos, const char* end, int64_t& value) {
  value = 0;
  const char* start = pos;
  while (pos < end && *pos >= '0' && *pos <= '9') {
    value = value * 10 + (*pos++ - '0');
  }
  return pos != start;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s FILE MIN_SUPPORT [THREADS]\n", argv[0]);
    return 2;
  }
  const auto start = std::chrono::steady_clock::now();
  struct FileCloser {
    void operator()(std::FILE* file) const { std::fclose(file); }
  };
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(argv[1], "rb"));
  if (!file) {
    std::fprintf(stderr, "%s: cannot open file\n", argv[1]);
    return 1;
  }
  std::string text;
  char buffer[1 << 16];
  size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof buffer, file.get())) > 0) {
    text.append(buffer, got);
  }
  basket::Baskets baskets;
  std::unordered_map<int64_t, int32_t> product_index;
  const char* pos = text.data();
  const char* const end = pos + text.size();
  while (pos < end && *pos != '\n') ++pos;  // header
  int64_t current_order = -1;
  int64_t line = 1;
  std::vector<int32_t> items;
  while (++pos < end) {
    ++line;
    int64_t order = 0;
    int64_t customer = 0;
    int64_t product = 0;
    if (!ParseInt(pos, end, order) || *pos++ != ',' ||
        !ParseInt(pos, end, customer) || *pos++ != ',' ||
        !ParseInt(pos, end, product) || (pos < end && *pos != '\n')) {
      std::fprintf(stderr,
                   "%s:%lld: expected order_id,customer_id,product_id\n",
                   argv[1], static_cast<long long>(line));
      return 1;
    }
    if (order != current_order && current_order >= 0) {
      baskets.Add(items);
      items.clear();
    }
    current_order = order;
    const auto [it, inserted] = product_index.emplace(
        product, static_cast<int32_t>(product_index.size()));
    items.push_back(it->second);
  }
  if (current_order >= 0) baskets.Add(items);
  baskets.num_items = static_cast<int32_t>(product_index.size());
  const auto read_done = std::chrono::steady_clock::now();
  const auto min_support = basket::ParseMinSupport(argv[2], baskets.size());
  if (!min_support.ok()) {
    std::fprintf(stderr, "%s\n", min_support.status().ToString().c_str());
    return 1;
  }
  basket::MiningOptions options;
  options.min_support = *min_support;
  if (argc > 3) options.threads = std::atoi(argv[3]);
  const auto mined = basket::MineFrequentItemsets(baskets, options);
  if (!mined.ok()) {
    std::fprintf(stderr, "%s\n", mined.status().ToString().c_str());
    return 1;
  }
  const auto done = std::chrono::steady_clock::now();
  const auto seconds = [](auto from, auto to) {
    return std::chrono::duration<double>(to - from).count();
  };
  std::printf(
      "lines=%lld baskets=%lld min_support=%lld itemsets=%lld read_s=%.3f "
      "mine_s=%.3f total_s=%.3f\n",
      static_cast<long long>(line - 1), static_cast<long long>(baskets.size()),
      static_cast<long long>(options.min_support),
      static_cast<long long>(mined->size()), seconds(start, read_done),
      seconds(read_done, done), seconds(start, done));
  return 0;
}
