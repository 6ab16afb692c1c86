// Fuzzes ParseFimi (analytics/basket/fimi_reader.h): accepted baskets keep
// the CSR invariants, items index item_labels, and labels ascend strictly.
#include <cstdint>
#include <string_view>

#include "analytics/basket/fimi_reader.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = vafa::analytics::basket::ParseFimi(text, "fuzz.dat");
  if (!parsed.ok()) return 0;
  const auto& baskets = parsed->baskets;
  VAFA_FUZZ_CHECK(vafa::analytics::basket::ValidateBaskets(baskets).ok(),
                  "baskets break the CSR invariants");
  VAFA_FUZZ_CHECK(
      static_cast<size_t>(baskets.num_items) == parsed->item_labels.size(),
      "num_items differs from the labels");
  for (size_t i = 1; i < parsed->item_labels.size(); ++i) {
    VAFA_FUZZ_CHECK(parsed->item_labels[i - 1] < parsed->item_labels[i],
                    "labels do not ascend");
  }
  for (int64_t label : parsed->item_labels) {
    VAFA_FUZZ_CHECK(label >= 0, "negative item number");
  }
  return 0;
}
