// Fuzzes NormalizeNationalId (core/national_id.h): an accepted id is ten
// ASCII digits with a valid check digit, and normalizing it again gives
// itself.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/national_id.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)vafa::IsValidNationalId(text);
  auto id = vafa::NormalizeNationalId(text);
  if (!id.ok()) return 0;
  VAFA_FUZZ_CHECK(id->size() == 10, "not ten digits: " + *id);
  VAFA_FUZZ_CHECK(vafa::IsValidNationalId(*id), "check digit: " + *id);
  VAFA_FUZZ_CHECK(vafa::NationalIdCheckDigit(
                      std::string_view(*id).substr(0, 9)) == (*id)[9],
                  "check digit disagrees: " + *id);
  auto again = vafa::NormalizeNationalId(*id);
  VAFA_FUZZ_CHECK(again.ok() && *again == *id, "not idempotent: " + *id);
  return 0;
}
