// Fuzzes NormalizePhone (core/phone.h): an accepted number is E.164 ("+"
// and 8 to 15 digits), and normalizing it again gives itself.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/phone.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto phone = vafa::NormalizePhone(text);
  if (!phone.ok()) return 0;
  const std::string& e164 = *phone;
  VAFA_FUZZ_CHECK(e164.size() >= 9 && e164.size() <= 16 && e164[0] == '+',
                  "not E.164: " + e164);
  for (size_t i = 1; i < e164.size(); ++i) {
    VAFA_FUZZ_CHECK(e164[i] >= '0' && e164[i] <= '9', "not E.164: " + e164);
  }
  auto again = vafa::NormalizePhone(e164);
  VAFA_FUZZ_CHECK(again.ok() && *again == e164, "not idempotent: " + e164);
  (void)vafa::IsIranianMobile(e164);
  return 0;
}
