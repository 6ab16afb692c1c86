#include "import/likely_duplicates.h"

namespace vafa::import {

LikelyDuplicateFinder::LikelyDuplicateFinder(size_t examples,
                                             store::CustomerKey match_key)
    : examples_limit_(examples), match_key_(match_key) {}

int LikelyDuplicateFinder::Slot(store::CustomerKey key) {
  for (size_t slot = 0; slot < kStrongKeys.size(); ++slot) {
    if (kStrongKeys[slot] == key) return static_cast<int>(slot);
  }
  return -1;
}

void LikelyDuplicateFinder::AddStored(
    store::CustomerKey key,
    std::vector<std::pair<std::string, int64_t>> pairs) {
  const int slot = Slot(key);
  if (slot < 0 || key == match_key_) return;
  auto& stored = stored_[slot];
  stored.reserve(stored.size() + pairs.size());
  for (auto& [value, id] : pairs) {
    if (!value.empty()) stored.emplace(std::move(value), id);
  }
}

void LikelyDuplicateFinder::CheckNewRow(int64_t line,
                                        const store::Customer& row) {
  bool warned = false;
  for (size_t slot = 0; slot < kStrongKeys.size(); ++slot) {
    const store::CustomerKey key = kStrongKeys[slot];
    if (key == match_key_) continue;
    const std::string& value = store::CustomerKeyValue(row, key);
    if (value.empty()) continue;
    auto [earlier, added] = in_file_[slot].try_emplace(value, line);
    if (warned) continue;
    LikelyDuplicate found;
    if (auto stored = stored_[slot].find(value);
        stored != stored_[slot].end()) {
      found.customer_id = stored->second;
    } else if (!added) {
      found.first_line = earlier->second;
    } else {
      continue;
    }
    warned = true;
    ++count_;
    if (examples_.size() < examples_limit_) {
      found.line = line;
      found.field = std::string(store::CustomerKeyName(key));
      found.value = value;
      examples_.push_back(std::move(found));
    }
  }
}

}  // namespace vafa::import
