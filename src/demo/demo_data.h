// The vocabulary of the demo workspace: Iranian names, cities with their
// provinces and populations, products in categories, branches and channels.
#ifndef VAFA_DEMO_DEMO_DATA_H_
#define VAFA_DEMO_DEMO_DATA_H_

#include <cstdint>
#include <span>
#include <string_view>

namespace vafa::demo {

struct Name {
  std::string_view persian;
  std::string_view latin;
};

struct City {
  std::string_view name;
  std::string_view province;
  int weight;               // roughly population in ten thousands
  std::string_view branch;  // the branch customers here walk into
};

struct Product {
  std::string_view sku;
  std::string_view name;
  std::string_view category;
  int64_t price_rial;
  int cost_percent;  // unit cost as a share of price
  // Season the product sells best in: 0 none, 1 Nowruz, 2 Yalda.
  int season;
};

std::span<const Name> FemaleNames();
std::span<const Name> MaleNames();
std::span<const Name> LastNames();
std::span<const std::string_view> CompanyWords();
std::span<const City> Cities();
std::span<const Product> Products();

}  // namespace vafa::demo

#endif  // VAFA_DEMO_DEMO_DATA_H_
