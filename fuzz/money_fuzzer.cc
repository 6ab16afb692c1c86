// Fuzzes the money parsers (core/money.h): the first byte picks the
// currency's minor digits (0..3) and a Toman factor, the rest is an amount
// as a person would type it. An accepted amount must print with FormatAmount
// and parse back to the same minor units; currency names never crash.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/money.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const int minor_digits = data[0] & 3;
  const int64_t factor = (data[0] & 4) ? 10 : 1;
  std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);

  (void)vafa::ResolveCurrencyUnit(text);
  (void)vafa::CurrencyMinorDigits(text);

  auto amount = vafa::ParseAmount(text, minor_digits, factor);
  if (!amount.ok()) return 0;
  std::string printed = vafa::FormatAmount(*amount, minor_digits);
  auto again = vafa::ParseAmount(printed, minor_digits);
  VAFA_FUZZ_CHECK(again.ok(), "FormatAmount output does not parse: " + printed);
  VAFA_FUZZ_CHECK(*again == *amount, "amount round trip changed " + printed);
  (void)vafa::FormatToman(*amount);
  return 0;
}
