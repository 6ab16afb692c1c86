// Small, portable hashes: the same numbers on every platform and library
// (std::hash is not), for fingerprints, stable splits and seeded draws.
#ifndef VAFA_CORE_HASH_H_
#define VAFA_CORE_HASH_H_

#include <cstdint>
#include <string_view>

namespace vafa {

// The golden-ratio increment of SplitMix64.
inline constexpr uint64_t kGoldenGamma = 0x9E3779B97F4A7C15ull;

// SplitMix64's output function (Steele, Lea & Flood 2014): spreads every
// input bit over the whole word.
constexpr uint64_t Mix64(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// The top 53 bits of `bits` as a number in [0, 1).
constexpr double UnitInterval(uint64_t bits) {
  return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

// A draw in [0, 1) fixed by a seed, a key (a customer, a deal) and a
// purpose (which question the draw answers): the demo's dice, the same on
// every run and platform.
constexpr double SeededDraw(uint64_t seed, uint64_t key, uint64_t purpose) {
  return UnitInterval(Mix64(seed * kGoldenGamma + key * 0xBF58476D1CE4E5B9ull +
                            purpose * 0x94D049BB133111EBull));
}

// FNV-1a, 64 bits, continuing from `hash` (the offset basis by default).
constexpr uint64_t Fnv1a64(std::string_view text,
                           uint64_t hash = 14695981039346656037ull) {
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

}  // namespace vafa

#endif  // VAFA_CORE_HASH_H_
