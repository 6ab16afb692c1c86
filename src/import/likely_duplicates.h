// Rows of a customers import that look like a customer already stored, or
// like an earlier new row of the same file: the same national id, phone
// (E.164, as stored) or e-mail (lower-cased, as stored) under another key
// (docs/import.md, "Likely duplicates"). They are reported, never refused:
// the import creates them all the same, and `vafa duplicates scan` can
// merge them later.
//
// Every check is a hash lookup, so a file of R rows against S stored
// customers costs O(R + S) time and memory, never pairs. Not thread-safe.
#ifndef VAFA_IMPORT_LIKELY_DUPLICATES_H_
#define VAFA_IMPORT_LIKELY_DUPLICATES_H_

#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "store/customer.h"
#include "store/customer_repository.h"

namespace vafa::import {

struct LikelyDuplicate {
  int64_t line = 0;         // the file's line of the new row
  std::string field;        // national_id, phone or email
  std::string value;        // the shared value, as stored
  int64_t customer_id = 0;  // the stored customer; 0 for an earlier row
  std::string customer_external_id;  // filled by the importer, may be ""
  int64_t first_line = 0;            // the earlier row; 0 for a stored customer
};

class LikelyDuplicateFinder {
 public:
  // `examples`: warnings kept in full (all are counted); `match_key`: the
  // key rows are matched on, which never repeats (the same value means the
  // same customer), so it is not checked.
  LikelyDuplicateFinder(size_t examples, store::CustomerKey match_key);

  // The stored customers' (value, id) pairs of one strong key (national id,
  // phone or e-mail; others are ignored).
  void AddStored(store::CustomerKey key,
                 std::vector<std::pair<std::string, int64_t>> pairs);

  // A row that creates a customer: warns at most once for it (the first
  // key found, in the order national id, phone, e-mail; a stored customer
  // before an earlier row) and remembers its values for the rows after.
  void CheckNewRow(int64_t line, const store::Customer& row);

  int64_t count() const { return count_; }
  std::vector<LikelyDuplicate>& examples() { return examples_; }
  const std::vector<LikelyDuplicate>& examples() const { return examples_; }

 private:
  static constexpr std::array<store::CustomerKey, 3> kStrongKeys = {
      store::CustomerKey::kNationalId, store::CustomerKey::kPhone,
      store::CustomerKey::kEmail};
  static int Slot(store::CustomerKey key);

  size_t examples_limit_;
  store::CustomerKey match_key_;
  int64_t count_ = 0;
  std::vector<LikelyDuplicate> examples_;
  // Per strong key: stored value -> customer id, file value -> first line.
  std::array<std::unordered_map<std::string, int64_t>, 3> stored_;
  std::array<std::unordered_map<std::string, int64_t>, 3> in_file_;
};

}  // namespace vafa::import

#endif  // VAFA_IMPORT_LIKELY_DUPLICATES_H_
