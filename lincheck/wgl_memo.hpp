#pragma once
// The WGL search's memory of configurations (lincheck/wgl_search.cpp): the set of placed
// operations as a bit set with a Zobrist hash, and Lowe's table of every (placed set, model
// state) the search entered.
#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include <weft/linearizable.hpp>

#include "lincheck/mix.hpp"

namespace weft::lin::detail {

// Zobrist hash of one placed operation: a set's hash is the XOR over its members, updated in
// O(1) as operations are placed and removed.
inline std::uint64_t zobrist(std::uint32_t local) noexcept { return mix64(0x6c696e636865636bull ^ local); }

// The placed operations: bit i is the part's i-th operation (in invocation order). Dynamic, so
// any number of operations (a single word up to 64).
class Bits {
 public:
  explicit Bits(std::size_t n) : words_((n + 63) / 64, 0) {}
  void set(std::uint32_t i) noexcept { words_[i >> 6] |= std::uint64_t{1} << (i & 63); }
  void reset(std::uint32_t i) noexcept { words_[i >> 6] &= ~(std::uint64_t{1} << (i & 63)); }
  /// The first clear bit at or after `from`; words()*64 or more when there is none.
  std::uint32_t first_clear(std::uint32_t from) const noexcept {
    std::size_t w = from >> 6;
    if (w >= words_.size()) return from;
    std::uint64_t inverted = ~words_[w] & (~std::uint64_t{0} << (from & 63));
    while (inverted == 0) {
      if (++w == words_.size()) return static_cast<std::uint32_t>(w * 64);
      inverted = ~words_[w];
    }
    return static_cast<std::uint32_t>(w * 64 + static_cast<std::size_t>(std::countr_zero(inverted)));
  }
  const std::uint64_t* data() const noexcept { return words_.data(); }

 private:
  std::vector<std::uint64_t> words_;
};

// Lowe's memo: the configurations (placed set, model state) entered so far, in an
// open-addressing table keyed by value. A placed set is stored trimmed: `low`, its first
// absent operation (every one before is placed), and the words from low's word to the word of
// its highest placed operation. Every operation invoked before the earliest unplaced one is
// placed, so a set stays a word or two however long the history.
class Memo {
 public:
  /// Adds the configuration; false when it was there already.
  bool insert(std::uint64_t hash, StateId state, const Bits& bits, std::uint32_t low, std::uint32_t high) {
    const std::uint32_t first_word = low >> 6;
    const std::uint32_t n_words = high >= low ? (high >> 6) - first_word + 1 : 0;
    const std::uint64_t* words = bits.data() + first_word;
    if ((entries_.size() + 1) * 2 > slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t s = hash & mask;; s = (s + 1) & mask) {
      const std::uint32_t slot = slots_[s];
      if (slot == 0) {
        slots_[s] = static_cast<std::uint32_t>(entries_.size() + 1);
        entries_.push_back(Entry{hash, arena_.size(), state, low, n_words});
        arena_.insert(arena_.end(), words, words + n_words);
        return true;
      }
      const Entry& e = entries_[slot - 1];
      if (e.hash == hash && e.state == state && e.low == low && e.n_words == n_words &&
          std::equal(words, words + n_words, arena_.begin() + static_cast<std::ptrdiff_t>(e.offset)))
        return false;
    }
  }
  std::size_t size() const noexcept { return entries_.size(); }

 private:
  struct Entry {
    std::uint64_t hash;
    std::size_t offset;  // into arena_
    StateId state;
    std::uint32_t low;
    std::uint32_t n_words;
  };
  void grow() {
    std::vector<std::uint32_t> slots(slots_.empty() ? 1024 : slots_.size() * 2, 0);
    const std::size_t mask = slots.size() - 1;
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      std::size_t s = entries_[i].hash & mask;
      while (slots[s] != 0) s = (s + 1) & mask;
      slots[s] = static_cast<std::uint32_t>(i + 1);
    }
    slots_ = std::move(slots);
  }

  std::vector<std::uint32_t> slots_;  // entry index + 1; 0 = free; a power of two long
  std::vector<Entry> entries_;
  std::vector<std::uint64_t> arena_;
};

}  // namespace weft::lin::detail
