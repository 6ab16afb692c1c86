// Writes a synthetic transactions CSV for the analytics benchmark:
//   generate_transactions LINES CUSTOMERS SEED > transactions.csv
// Columns:
// customer_id,date,order_id,product,amount,channel,branch,discount,cost Orders
// of 1-4 lines (2.5 on average) spread over 2023-01-01..2024-12-31 in date
// order; customers drawn with a skew (u^2) so a minority buys most, as in real
// logs; 1% of orders are refunds (negative amounts); one line in five carries a
// discount. Deterministic for a given seed.
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>

namespace {

void CivilFromDays(int64_t z, int& year, int& month, int& day) {
  // Hinnant's days-to-civil algorithm (proleptic Gregorian).
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  year = static_cast<int>(yoe + era * 400 + (month <= 2));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::fprintf(stderr, "usage: %s LINES CUSTOMERS SEED\n", argv[0]);
    return 2;
  }
  const int64_t lines = std::strtoll(argv[1], nullptr, 10);
  const int64_t customers = std::strtoll(argv[2], nullptr, 10);
  std::mt19937_64 random(std::strtoull(argv[3], nullptr, 10));
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const char* channels[] = {"web", "shop", "app"};
  constexpr int64_t kFirstDay = 19358;  // 2023-01-01
  constexpr int64_t kDays = 731;

  static char buffer[1 << 20];
  std::setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
  std::printf(
      "customer_id,date,order_id,product,amount,channel,branch,discount,"
      "cost\n");
  int64_t written = 0, order = 0;
  while (written < lines) {
    // Orders are numbered in date order: day = order's share of the log.
    const int64_t day = kFirstDay + written * kDays / lines;
    int year, month, dom;
    CivilFromDays(day, year, month, dom);
    const double u = unit(random);
    const auto customer = static_cast<int64_t>(u * u * customers);
    const int line_count = 1 + static_cast<int>(random() % 4);
    const bool refund = random() % 100 == 0;
    const char* channel = channels[random() % 3];
    const int branch = 1 + static_cast<int>(random() % 20);
    for (int line = 0; line < line_count && written < lines;
         ++line, ++written) {
      int64_t amount = 10000 + static_cast<int64_t>(random() % 500) * 1000;
      const int64_t discount = random() % 5 == 0 ? amount / 10 : 0;
      const int64_t cost = amount * 7 / 10;
      if (refund) amount = -amount;
      std::printf("C%07" PRId64 ",%04d-%02d-%02d,O%09" PRId64 ",P%04d,%" PRId64
                  ",%s,B%02d,%" PRId64 ",%" PRId64 "\n",
                  customer, year, month, dom, order,
                  static_cast<int>(random() % 5000), amount, channel, branch,
                  discount, refund ? -cost : cost);
    }
    ++order;
  }
  return 0;
}
