// FIMI reader: baskets from the text format of the Frequent Itemset Mining
// Implementations repository (Goethals & Zaki 2003): one basket a line, items
// as non-negative decimal integers separated by spaces or tabs. An empty line
// is an empty basket; a final newline does not start another basket.
//
// Item numbers in the file may be sparse; they are renumbered densely in
// ascending order (item index i stands for item_labels[i]), so a file whose
// items are already 0..n-1 keeps its numbers. Errors name the source and line
// ("retail.dat:42: \"4x\" is not an item number"). Linear time; a regular
// file is parsed through a read-only mapping of it, anything else (a stream,
// a pipe) is held in memory once.
#ifndef VAFA_ANALYTICS_BASKET_FIMI_READER_H_
#define VAFA_ANALYTICS_BASKET_FIMI_READER_H_

#include <cstdint>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "analytics/basket/baskets.h"
#include "core/result.h"

namespace vafa::analytics::basket {

struct FimiBaskets {
  Baskets baskets;
  std::vector<int64_t> item_labels;  // item index -> number in the file
};

// Parses FIMI text already in memory; `source` names it in errors.
Result<FimiBaskets> ParseFimi(std::string_view text, std::string_view source);

// Reads a whole stream and parses it.
Result<FimiBaskets> ReadFimi(std::istream& in,
                             std::string_view source = "<stream>");

// Reads a file; a missing file is kNotFound naming the path.
Result<FimiBaskets> ReadFimiFile(const std::string& path);

}  // namespace vafa::analytics::basket

#endif  // VAFA_ANALYTICS_BASKET_FIMI_READER_H_
