#include "analytics/key_dictionary.h"

namespace vafa::analytics {
namespace {

constexpr size_t kInitialSlots = 1024;
constexpr uint64_t kCodeMask = 0xffffffffu;

}  // namespace

KeyDictionary::KeyDictionary()
    : offsets_{0}, slots_(kInitialSlots, 0), mask_(kInitialSlots - 1) {}

uint64_t HashKey(std::string_view key) {
  // FNV-1a, then a 64-bit finaliser (Stafford's mix 13) so both the low bits
  // (slot) and the high bits (tag) are well spread.
  uint64_t hash = 14695981039346656037ull;
  for (unsigned char c : key) hash = (hash ^ c) * 1099511628211ull;
  hash ^= hash >> 30;
  hash *= 0xbf58476d1ce4e5b9ull;
  hash ^= hash >> 27;
  hash *= 0x94d049bb133111ebull;
  return hash ^ (hash >> 31);
}

size_t KeyDictionary::Probe(std::string_view key, uint64_t hash) const {
  const uint64_t tag = hash >> 32;
  for (size_t slot = hash & mask_;; slot = (slot + 1) & mask_) {
    const uint64_t entry = slots_[slot];
    if (entry == 0) return slot;
    if ((entry >> 32) == tag &&
        this->key(static_cast<int32_t>((entry & kCodeMask) - 1)) == key) {
      return slot;
    }
  }
}

int32_t KeyDictionary::Find(std::string_view key) const {
  const uint64_t entry = slots_[Probe(key, HashKey(key))];
  return static_cast<int32_t>(entry & kCodeMask) - 1;
}

int32_t KeyDictionary::Insert(std::string_view key, bool* inserted) {
  const uint64_t hash = HashKey(key);
  const size_t slot = Probe(key, hash);
  if (inserted != nullptr) *inserted = slots_[slot] == 0;
  if (slots_[slot] != 0) {
    return static_cast<int32_t>(slots_[slot] & kCodeMask) - 1;
  }
  const int32_t code = size();
  arena_.append(key);
  offsets_.push_back(arena_.size());
  hashes_.push_back(hash);
  slots_[slot] = (hash >> 32 << 32) | static_cast<uint64_t>(code + 1);
  if (2 * static_cast<size_t>(size()) > slots_.size()) {
    Rehash(2 * slots_.size());
  }
  return code;
}

void KeyDictionary::Reserve(size_t keys) {
  offsets_.reserve(keys + 1);
  hashes_.reserve(keys);
  size_t slot_count = slots_.size();
  while (slot_count < 2 * keys) slot_count *= 2;
  if (slot_count > slots_.size()) Rehash(slot_count);
}

void KeyDictionary::Rehash(size_t slot_count) {
  slots_.assign(slot_count, 0);
  mask_ = slot_count - 1;
  for (size_t code = 0; code < hashes_.size(); ++code) {
    const uint64_t hash = hashes_[code];
    size_t slot = hash & mask_;
    while (slots_[slot] != 0) slot = (slot + 1) & mask_;
    slots_[slot] = (hash >> 32 << 32) | static_cast<uint64_t>(code + 1);
  }
}

std::vector<std::string> KeyDictionary::Keys() const {
  std::vector<std::string> keys;
  keys.reserve(size());
  for (int32_t code = 0; code < size(); ++code) keys.emplace_back(key(code));
  return keys;
}

}  // namespace vafa::analytics
