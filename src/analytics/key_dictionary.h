// KeyDictionary: numbers distinct string keys densely (0, 1, 2, ...) in order
// of first insertion. Built for tens of millions of short keys (customer and
// order ids): keys live back to back in one buffer and the table is open
// addressing over 16-byte slots, so there is no allocation per key. A slot
// holds the key's first bytes and its length beside a hash tag, so a key of
// up to 8 bytes (most ids) is found by reading its slot alone, without
// touching the key buffer; about (key length + 16) bytes per key plus 16
// bytes per slot at <= 75% load (the probes of a full slot run within a few
// cache lines). Single-threaded; not copyable cheaply (move it).
#ifndef VAFA_ANALYTICS_KEY_DICTIONARY_H_
#define VAFA_ANALYTICS_KEY_DICTIONARY_H_

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace vafa::analytics {

// The 64-bit hash the dictionary uses (the key read 8 bytes at a time as a
// little-endian number, with its length, through multiply-xorshift steps and
// SplitMix64's finaliser); stable across runs and machines, so it can also
// split input into partitions.
uint64_t HashKey(std::string_view key);

// Whether two keys are equal; keys of 8 to 16 bytes (most ids) are compared
// as two overlapping 8-byte words, without a call to memcmp.
inline bool SameShortKey(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  if (a.size() < 8 || a.size() > 16) return a == b;
  uint64_t words[4];
  std::memcpy(&words[0], a.data(), 8);
  std::memcpy(&words[1], a.data() + a.size() - 8, 8);
  std::memcpy(&words[2], b.data(), 8);
  std::memcpy(&words[3], b.data() + b.size() - 8, 8);
  return words[0] == words[2] && words[1] == words[3];
}

class KeyDictionary {
 public:
  KeyDictionary();

  // The key's code, or -1 when it was never inserted.
  int32_t Find(std::string_view key) const;
  // The key's code, inserting it when new; `inserted` tells which.
  int32_t Insert(std::string_view key, bool* inserted = nullptr);
  // Asks the cache for the first slot of a key whose HashKey has these low
  // bits (at least as many as the table has slots; fewer only make the hint
  // wrong for a large table), so that a Find or Insert soon after waits less.
  void PrefetchSlot(uint64_t hash_low_bits) const {
    __builtin_prefetch(slots_.data() + (hash_low_bits & mask_));
  }
  // Makes room for `keys` keys without regrowing.
  void Reserve(size_t keys);

  int32_t size() const { return static_cast<int32_t>(offsets_.size() - 1); }
  std::string_view key(int32_t code) const {
    return std::string_view(arena_).substr(offsets_[code],
                                           offsets_[code + 1] - offsets_[code]);
  }
  // The keys as strings, in code order.
  std::vector<std::string> Keys() const;

 private:
  struct Slot {
    // The key's bytes when it has at most 8 (one to one for a given length),
    // else its first 8 bytes.
    uint64_t head = 0;
    // High 24 bits: the hash's top bits; low 8 bits: the key's length
    // (255 for 255 bytes or more).
    uint32_t check = 0;
    uint32_t code_plus_one = 0;  // 0 = empty
  };
  // What a slot holding `key` (whose hash is `hash`) holds besides its code.
  static Slot SlotOf(std::string_view key, uint64_t hash);
  // The slot holding key, or the empty slot where it would go.
  size_t Probe(std::string_view key, const Slot& wanted, uint64_t hash) const;
  void Rehash(size_t slot_count);

  // Key k is arena_[offsets_[k], offsets_[k + 1]).
  std::string arena_;
  std::vector<uint64_t> offsets_;
  // Per key, so that growing the table hashes no key again.
  std::vector<uint64_t> hashes_;
  std::vector<Slot> slots_;
  size_t mask_ = 0;
};

}  // namespace vafa::analytics

#endif  // VAFA_ANALYTICS_KEY_DICTIONARY_H_
