#include "pipeline/order_baskets.h"

#include <algorithm>
#include <unordered_map>

namespace vafa::pipeline {
namespace {

using analytics::TransactionLog;

// Numbers items by name across the logs: the first log's names keep their
// numbers, another log's new names are added after them.
class ItemNumbers {
 public:
  explicit ItemNumbers(std::vector<std::string>& names) : names_(names) {
    for (size_t item = 0; item < names_.size(); ++item) {
      number_.emplace(names_[item], static_cast<int32_t>(item));
    }
  }
  int32_t Of(const std::string& name) {
    auto [it, added] =
        number_.try_emplace(name, static_cast<int32_t>(names_.size()));
    if (added) names_.push_back(name);
    return it->second;
  }

 private:
  std::vector<std::string>& names_;
  std::unordered_map<std::string, int32_t> number_;
};

// Adds the baskets of `log`; `item_of_product` maps its product indexes to
// item numbers (-1: no item, e.g. a product without a category).
void AddBaskets(const TransactionLog& log,
                const std::vector<int32_t>& item_of_product,
                const BasketSelection& selection, bool anonymous,
                OrderBaskets& result, std::vector<double>& value_sum,
                std::vector<int64_t>& value_count) {
  std::vector<int32_t> items;
  for (int64_t order = 0; order < log.order_count(); ++order) {
    if (log.amount[order] <= 0 || log.day[order] < selection.from ||
        log.day[order] > selection.to) {
      continue;
    }
    items.clear();
    const uint32_t begin = log.item_begin[order];
    const uint32_t end = log.item_begin[order + 1];
    for (uint32_t line = begin; line < end; ++line) {
      items.push_back(item_of_product[log.item_product[line]]);
    }
    std::sort(items.begin(), items.end());
    items.erase(std::unique(items.begin(), items.end()), items.end());
    items.erase(std::remove(items.begin(), items.end(), -1), items.end());
    const double line_value = static_cast<double>(log.amount[order]) /
                              std::max<uint32_t>(1, end - begin);
    for (int32_t item : items) {
      value_sum[item] += line_value;
      ++value_count[item];
    }
    result.baskets.Add(items);
    result.basket_customer.push_back(anonymous ? kAnonymousBasket
                                               : log.customer[order]);
    if (anonymous) ++result.anonymous_baskets;
  }
}

// The item of each product of `log`, numbering new names in `numbers`.
std::vector<int32_t> ItemsOfProducts(const TransactionLog& log,
                                     bool by_category, ItemNumbers& numbers) {
  std::vector<int32_t> items;
  items.reserve(log.product_keys.size());
  for (size_t product = 0; product < log.product_keys.size(); ++product) {
    if (!by_category) {
      items.push_back(numbers.Of(log.product_keys[product]));
      continue;
    }
    const int32_t category = log.product_category[product];
    items.push_back(category < 0 ? -1
                                 : numbers.Of(log.category_names[category]));
  }
  return items;
}

}  // namespace

OrderBaskets BuildOrderBaskets(const LoadedLog& loaded,
                               const BasketSelection& selection) {
  OrderBaskets result;
  const TransactionLog& log = loaded.log;
  result.item_names =
      selection.by_category ? log.category_names : log.product_keys;
  std::vector<int32_t> own_items;
  if (selection.by_category) {
    own_items = log.product_category;
  } else {
    own_items.resize(log.product_keys.size());
    for (size_t product = 0; product < own_items.size(); ++product) {
      own_items[product] = static_cast<int32_t>(product);
    }
  }
  const bool with_anonymous =
      selection.with_anonymous && loaded.anonymous.order_count() > 0;
  std::vector<int32_t> anonymous_items;
  if (with_anonymous) {
    ItemNumbers numbers(result.item_names);
    anonymous_items =
        ItemsOfProducts(loaded.anonymous, selection.by_category, numbers);
  }
  std::vector<double> value_sum(result.item_names.size(), 0);
  std::vector<int64_t> value_count(result.item_names.size(), 0);
  AddBaskets(log, own_items, selection, false, result, value_sum, value_count);
  if (with_anonymous) {
    AddBaskets(loaded.anonymous, anonymous_items, selection, true, result,
               value_sum, value_count);
  }
  result.baskets.num_items = static_cast<int32_t>(result.item_names.size());
  for (size_t item = 0; item < value_sum.size(); ++item) {
    result.item_value.push_back(
        value_count[item] > 0 ? value_sum[item] / value_count[item] : 0);
  }
  return result;
}

}  // namespace vafa::pipeline
