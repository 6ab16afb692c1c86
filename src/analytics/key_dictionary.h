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

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "core/hash.h"

namespace vafa::analytics {

namespace detail {

// `bytes` (1 to 8 of them) read as a little-endian number on every machine.
template <typename Word>
Word LoadLittleEndian(const char* bytes) {
  Word word;
  std::memcpy(&word, bytes, sizeof(word));
  if constexpr (std::endian::native == std::endian::big) {
    if constexpr (sizeof(Word) == 8) word = __builtin_bswap64(word);
    if constexpr (sizeof(Word) == 4) word = __builtin_bswap32(word);
  }
  return word;
}

// The bytes of a key of at most 8 bytes as one number, one to one for a
// given length: two overlapping 4-byte reads from 4 bytes on, the first,
// middle and last bytes below (which together are every byte).
inline uint64_t ShortKeyWord(const char* bytes, size_t size) {
  if (size >= 4) {
    const uint64_t low = LoadLittleEndian<uint32_t>(bytes);
    const uint64_t high = LoadLittleEndian<uint32_t>(bytes + size - 4);
    return low | high << 32;
  }
  if (size == 0) return 0;
  const auto byte = [&](size_t at) {
    return static_cast<uint64_t>(static_cast<unsigned char>(bytes[at]));
  };
  return byte(0) | byte(size / 2) << 8 | byte(size - 1) << 16;
}

}  // namespace detail

// The 64-bit hash the dictionary uses (the key read 8 bytes at a time as a
// little-endian number, with its length, through multiply-xorshift steps and
// SplitMix64's finaliser); stable across runs and machines, so it can also
// split input into partitions. Inline: it runs for every key of every line.
inline uint64_t HashKey(std::string_view key) {
  // Each 8-byte word is folded in with a multiply and an xorshift, the
  // length first; SplitMix64's finaliser then spreads every bit, so both the
  // low bits (slot, partition) and the high bits (tag) are well spread.
  constexpr uint64_t kMultiplier = 0x9E3779B97F4A7C15ull;
  const char* bytes = key.data();
  size_t left = key.size();
  uint64_t hash = (left + 1) * 0xBF58476D1CE4E5B9ull;
  for (; left > 8; left -= 8, bytes += 8) {
    hash = (hash ^ detail::LoadLittleEndian<uint64_t>(bytes)) * kMultiplier;
    hash ^= hash >> 29;
  }
  hash = (hash ^ detail::ShortKeyWord(bytes, left)) * kMultiplier;
  return Mix64(hash);
}

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
