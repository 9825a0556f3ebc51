#pragma once
// A happens-before vector clock for DporStrategy: one counter per ThreadId, with the first
// kInline counters stored inside the object.
//
// Why not std::vector: a dpor search copies a clock three or four times per new step (the
// thread's into the undo log, into the step, into the object it wrote or read) and joins one
// into another about once, and a vector's copy is a call into generic code and memmove for
// about fifty bytes. Here a clock of up to kInline threads is copied as one fixed 96-byte
// block and joined by blocks of 8 counters, both inlined: the inline counters past size()
// are kept zero, so whole blocks can be copied and joined. Larger clocks (programs with more
// threads) live in a std::vector as before.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace weft::model {

class VectorClock {
 public:
  static constexpr std::size_t kInline = 24;
  static constexpr std::size_t kBlock = 8;  // joins go by blocks of 8 counters

  VectorClock() = default;
  VectorClock(const VectorClock& other) { *this = other; }
  VectorClock(VectorClock&&) noexcept = default;
  VectorClock& operator=(VectorClock&&) noexcept = default;
  /// Copies the counters (the whole inline block when they fit: one fixed copy, and this
  /// clock's tail past size() stays zero as the other's is).
  VectorClock& operator=(const VectorClock& other) {
    if (other.size_ <= kInline) {
      inline_ = other.inline_;
    } else {
      heap_.assign(other.heap_.begin(), other.heap_.begin() + other.size_);
    }
    size_ = other.size_;
    return *this;
  }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::uint32_t* data() { return size_ <= kInline ? inline_.data() : heap_.data(); }
  const std::uint32_t* data() const { return size_ <= kInline ? inline_.data() : heap_.data(); }
  std::uint32_t* begin() { return data(); }
  std::uint32_t* end() { return data() + size_; }
  const std::uint32_t* begin() const { return data(); }
  const std::uint32_t* end() const { return data() + size_; }
  std::uint32_t& operator[](std::size_t i) { return data()[i]; }
  std::uint32_t operator[](std::size_t i) const { return data()[i]; }

  void clear() {
    inline_.fill(0);
    size_ = 0;
  }
  /// As std::vector::resize: new counters (past the old size) are `value`.
  void resize(std::size_t n, std::uint32_t value = 0) {
    const auto at = [this](std::size_t i) { return inline_.begin() + static_cast<std::ptrdiff_t>(i); };
    if (n <= kInline) {
      if (size_ > kInline) {
        std::copy_n(heap_.begin(), n, inline_.begin());
        std::fill(at(n), inline_.end(), 0);
      } else if (n > size_) {
        std::fill(at(size_), at(n), value);
      } else {
        std::fill(at(n), at(size_), 0);
      }
    } else {
      if (size_ <= kInline) {
        heap_.assign(inline_.begin(), inline_.begin() + static_cast<std::ptrdiff_t>(size_));
      } else {
        heap_.resize(size_);
      }
      heap_.resize(n, value);
    }
    size_ = static_cast<std::uint32_t>(n);
  }

  /// Each counter becomes the larger of its own and `from`'s (missing ones are zero).
  void join(const VectorClock& from) {
    if (size_ <= kInline && from.size_ <= kInline) {
      // Whole blocks up to from's size: both tails are zero, so the max is exact there too.
      const std::size_t blocks = (from.size_ + kBlock - 1) / kBlock;
      for (std::size_t b = 0; b < blocks; ++b)
        for (std::size_t i = b * kBlock; i < (b + 1) * kBlock; ++i) inline_[i] = std::max(inline_[i], from.inline_[i]);
      size_ = std::max(size_, from.size_);
      return;
    }
    join(from.data(), from.size());
  }
  void join(const std::uint32_t* from, std::size_t n) {
    if (size_ < n) resize(n);
    std::uint32_t* to = data();
    for (std::size_t i = 0; i < n; ++i) to[i] = std::max(to[i], from[i]);  // vectorized (model/CMakeLists.txt)
  }

 private:
  std::array<std::uint32_t, kInline> inline_{};
  std::vector<std::uint32_t> heap_;  // the counters when there are more than kInline
  std::uint32_t size_ = 0;
};

}  // namespace weft::model
