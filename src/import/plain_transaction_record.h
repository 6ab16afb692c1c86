// PlainTransactionReader: ParseTransactionRecord's reading of the records
// most transaction files are made of, in one pass over the fields and none
// of its general machinery (Persian digits, grouping marks, Jalali dates,
// per-row currencies, computed line totals, error messages).
//
// A record is plain when its keys are present, its date is ISO
// ("2024-01-05", "2024-01-05 08:26:00", "2024-01-05T08:26:00") with a
// Gregorian year, its amounts are ASCII ("-1200", "12.50") with no more
// decimals than the currency has, its quantity (when given) is whole and
// ASCII, and its currency and tax cells (when the file has them) are empty.
// Read fills the row exactly as ParseTransactionRecord would and returns
// true; for any other record it returns false, and the caller reads that
// record with ParseTransactionRecord, which accepts it or says what is
// wrong. Leading and trailing blanks are trimmed as TrimField does. The
// fields must be as many as the header's. One per thread: it remembers the
// last date it read (files list many lines of a day in a row).
#ifndef VAFA_IMPORT_PLAIN_TRANSACTION_RECORD_H_
#define VAFA_IMPORT_PLAIN_TRANSACTION_RECORD_H_

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "import/column_match.h"
#include "import/transaction_row.h"

namespace vafa::import {

class PlainTransactionReader {
 public:
  PlainTransactionReader(const ColumnMap& columns,
                         const TransactionFormat& format);

  // False when every record needs ParseTransactionRecord (a date pattern).
  bool usable() const { return usable_; }

  bool Read(std::span<const std::string_view> fields, TransactionRow& row);

 private:
  bool ReadDate(std::string_view text, UnixSeconds& at);

  bool usable_ = false;
  // Per TransactionField, its column, or -1.
  std::array<int, kTxFieldCount> column_{};
  int minor_digits_ = 0;
  int64_t factor_ = 1;
  std::array<char, 19> last_date_{};  // the longest plain date
  size_t last_date_size_ = 0;
  UnixSeconds last_at_ = 0;
};

// An ISO date or date-time as ParseDateTime reads it, for the forms above;
// false for any other text (ParseDateTime may still read it).
bool ReadPlainIsoDate(std::string_view text, UnixSeconds& at);

// An amount as ParseAmount(text, minor_digits, factor) reads it, for
// "-?digits(.digits)?" with at most `minor_digits` decimals and 18 digits
// in all; false for any other text or on overflow.
bool ReadPlainAmount(std::string_view text, int minor_digits, int64_t factor,
                     int64_t& minor);

}  // namespace vafa::import

#endif  // VAFA_IMPORT_PLAIN_TRANSACTION_RECORD_H_
