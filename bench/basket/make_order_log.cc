// Writes a synthetic order log for the 10-million-line benchmark: CSV lines
// "order_id,customer_id,product_id", grouped by order, from a fixed seed.
// Products follow a Zipf-like popularity over 20,000 products, and one order
// in three also holds one of 500 planted bundles of 2-4 products, so that
// mining at 0.1% finds itemsets longer than one.
//   make_order_log LINES > orders.csv
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

int main(int argc, char** argv) {
  const int64_t lines = argc > 1 ? std::atoll(argv[1]) : 10'000'000;
  constexpr int kProducts = 20'000;
  constexpr int kBundles = 500;
  std::mt19937_64 random(20261125);
  std::vector<double> weights(kProducts);
  for (int product = 0; product < kProducts; ++product) {
    weights[product] = 1.0 / (product + 10.0);
  }
  std::discrete_distribution<int> popular(weights.begin(), weights.end());
  std::vector<std::vector<int>> bundles(kBundles);
  for (auto& bundle : bundles) {
    const int size = 2 + static_cast<int>(random() % 3);
    for (int pos = 0; pos < size; ++pos) bundle.push_back(popular(random));
  }
  std::geometric_distribution<int> extra(0.25);  // mean 3 more lines
  std::printf("order_id,customer_id,product_id\n");
  int64_t written = 0;
  for (int64_t order = 1; written < lines; ++order) {
    const int64_t customer = 1 + static_cast<int64_t>(random() % 500'000);
    std::vector<int> products;
    if (random() % 3 == 0) products = bundles[random() % kBundles];
    const int more = 1 + extra(random);
    for (int pos = 0; pos < more; ++pos) products.push_back(popular(random));
    for (const int product : products) {
      if (written == lines) break;
      std::printf("%lld,%lld,%d\n", static_cast<long long>(order),
                  static_cast<long long>(customer), product);
      ++written;
    }
  }
  return 0;
}
