#pragma once
// Deterministic 64-bit mixing for lincheck's hashes: the same value hashes the same in every
// run, process and standard library (std::hash promises none of that).
#include <cstdint>
#include <string_view>

namespace weft::lin::detail {

/// SplitMix64's finaliser (Steele, Lea & Flood, "Fast splittable pseudorandom number
/// generators", OOPSLA 2014): a bijection that spreads every input bit.
constexpr std::uint64_t mix64(std::uint64_t x) noexcept {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

/// Order-dependent combination of a running hash with the next element's.
constexpr std::uint64_t combine(std::uint64_t seed, std::uint64_t h) noexcept {
  return mix64(seed ^ (h + 0x9e3779b97f4a7c15ull + (seed << 6) + (seed >> 2)));
}

/// FNV-1a over the bytes, then mixed.
constexpr std::uint64_t hash_bytes(std::string_view s) noexcept {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ull;
  return mix64(h);
}

}  // namespace weft::lin::detail
