// The balances file's fast path: a record whose cells are already in the
// form `vafa demo --kind bank` and a bank's core system write (a holding
// number of ASCII letters, digits and - _ . /, an ISO day "YYYY-MM-DD" of the
// Gregorian calendar, amounts of ASCII digits with an optional leading
// minus) read with no allocation and no text normalisation. What it reads
// is what services::holdings::ReadBalanceRecord reads from the same cells; a
// record outside that form (spaces, Persian digits, separators, decimals, a
// Jalali day, an empty balance...) is left to the careful reader, which
// gives the import's value or its message. Thread-safe, no state.
#ifndef VAFA_PIPELINE_CONTRACT_FILES_CLEAN_BALANCE_H_
#define VAFA_PIPELINE_CONTRACT_FILES_CLEAN_BALANCE_H_

#include <cstdint>
#include <span>
#include <string_view>

#include "core/dates.h"

namespace vafa::pipeline {

// The columns of a balances file's fields (BalanceFieldSpecs' order);
// -1 for an optional column the file lacks.
struct BalanceFileColumns {
  int number = -1, date = -1, balance = -1, limit = -1, arrears = -1;
};

struct CleanBalance {
  std::string_view number;
  DayNumber day = 0;
  int64_t balance_minor = 0;
  bool has_limit = false, has_arrears = false;
  int64_t limit_minor = 0, arrears_minor = 0;
};

// Reads `fields` when every cell is clean (above); false otherwise, and
// then `out` means nothing. `amount_scale` multiplies a whole amount into
// minor units (1 for rials; 0: amounts are never clean).
bool ReadCleanBalance(std::span<const std::string_view> fields,
                      const BalanceFileColumns& columns, int64_t amount_scale,
                      CleanBalance& out);

}  // namespace vafa::pipeline

#endif  // VAFA_PIPELINE_CONTRACT_FILES_CLEAN_BALANCE_H_
