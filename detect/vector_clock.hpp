#pragma once
// Vector clocks for the detectors: rows of one width (the execution's thread count) in one
// flat array, reset in place between executions so that judging an execution allocates only
// while the table grows past its largest size so far.
#include <cstdint>
#include <vector>

#include <weft/trace.hpp>

namespace weft::detect {

/// A table of vector clocks, each `width` counters wide, addressed by row index.
class ClockTable {
 public:
  static constexpr std::uint32_t kNoRow = 0xffffffffu;

  /// Drops every row and sets the width (keeps the memory).
  void reset(std::uint32_t width) {
    width_ = width;
    cells_.clear();
  }
  /// A new all-zero row; returns its index.
  std::uint32_t add_row() {
    const auto row = static_cast<std::uint32_t>(cells_.size() / (width_ == 0 ? 1 : width_));
    cells_.resize(cells_.size() + width_, 0);
    return row;
  }
  std::uint32_t width() const { return width_; }
  std::uint32_t* row(std::uint32_t r) { return cells_.data() + static_cast<std::size_t>(r) * width_; }
  const std::uint32_t* row(std::uint32_t r) const { return cells_.data() + static_cast<std::size_t>(r) * width_; }

  /// dst |= src (pointwise maximum).
  void join(std::uint32_t dst, const std::uint32_t* src) {
    std::uint32_t* d = row(dst);
    for (std::uint32_t i = 0; i < width_; ++i)
      if (src[i] > d[i]) d[i] = src[i];
  }
  void copy(std::uint32_t dst, const std::uint32_t* src) {
    std::uint32_t* d = row(dst);
    for (std::uint32_t i = 0; i < width_; ++i) d[i] = src[i];
  }

 private:
  std::uint32_t width_ = 0;
  std::vector<std::uint32_t> cells_;
};

}  // namespace weft::detect
