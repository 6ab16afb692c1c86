#include "analytics/key_dictionary.h"

#include <algorithm>
#include <cstring>

namespace vafa::analytics {
namespace {

constexpr size_t kInitialSlots = 1024;

}  // namespace

KeyDictionary::KeyDictionary()
    : offsets_{0}, slots_(kInitialSlots), mask_(kInitialSlots - 1) {}

KeyDictionary::Slot KeyDictionary::SlotOf(std::string_view key, uint64_t hash) {
  Slot slot;
  slot.head = key.size() <= 8 ? detail::ShortKeyWord(key.data(), key.size())
                              : detail::LoadLittleEndian<uint64_t>(key.data());
  slot.check = static_cast<uint32_t>(hash >> 40 << 8) |
               static_cast<uint32_t>(std::min<size_t>(key.size(), 255));
  return slot;
}

size_t KeyDictionary::Probe(std::string_view key, const Slot& wanted,
                            uint64_t hash) const {
  for (size_t slot = hash & mask_;; slot = (slot + 1) & mask_) {
    const Slot& entry = slots_[slot];
    if (entry.code_plus_one == 0) return slot;
    if (entry.check == wanted.check && entry.head == wanted.head &&
        (key.size() <= 8 ||
         this->key(static_cast<int32_t>(entry.code_plus_one - 1)) == key)) {
      return slot;
    }
  }
}

int32_t KeyDictionary::Find(std::string_view key) const {
  const uint64_t hash = HashKey(key);
  return static_cast<int32_t>(
             slots_[Probe(key, SlotOf(key, hash), hash)].code_plus_one) -
         1;
}

int32_t KeyDictionary::Insert(std::string_view key, bool* inserted) {
  const uint64_t hash = HashKey(key);
  Slot wanted = SlotOf(key, hash);
  const size_t slot = Probe(key, wanted, hash);
  if (inserted != nullptr) *inserted = slots_[slot].code_plus_one == 0;
  if (slots_[slot].code_plus_one != 0) {
    return static_cast<int32_t>(slots_[slot].code_plus_one) - 1;
  }
  const int32_t code = size();
  arena_.append(key);
  offsets_.push_back(arena_.size());
  hashes_.push_back(hash);
  wanted.code_plus_one = static_cast<uint32_t>(code) + 1;
  slots_[slot] = wanted;
  if (4 * static_cast<size_t>(size()) > 3 * slots_.size()) {
    Rehash(2 * slots_.size());
  }
  return code;
}

void KeyDictionary::Reserve(size_t keys) {
  offsets_.reserve(keys + 1);
  hashes_.reserve(keys);
  size_t slot_count = slots_.size();
  while (3 * slot_count < 4 * keys) slot_count *= 2;
  if (slot_count > slots_.size()) Rehash(slot_count);
}

void KeyDictionary::Rehash(size_t slot_count) {
  slots_.assign(slot_count, Slot{});
  mask_ = slot_count - 1;
  for (size_t code = 0; code < hashes_.size(); ++code) {
    const uint64_t hash = hashes_[code];
    size_t slot = hash & mask_;
    while (slots_[slot].code_plus_one != 0) slot = (slot + 1) & mask_;
    slots_[slot] = SlotOf(key(static_cast<int32_t>(code)), hash);
    slots_[slot].code_plus_one = static_cast<uint32_t>(code) + 1;
  }
}

std::vector<std::string> KeyDictionary::Keys() const {
  std::vector<std::string> keys;
  keys.reserve(size());
  for (int32_t code = 0; code < size(); ++code) keys.emplace_back(key(code));
  return keys;
}

}  // namespace vafa::analytics
