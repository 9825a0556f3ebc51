#pragma once
// Vector clocks for the detectors: rows of one width (the execution's thread count) in one
// flat array, reset in place between executions so that judging an execution allocates only
// while the table grows past its largest size so far.
#include <cstdint>
#include <cstring>
#include <vector>

#include <weft/trace.hpp>

namespace weft::detect {

/// A table of vector clocks, each `width` counters wide, addressed by row index. Rows are
/// padded with zeros to a multiple of kLanes counters, so that join and copy run whole groups
/// of four (one SSE register each) with no branch per counter and no tail loop: a thread's
/// clock is joined or copied at nearly every event the detectors judge.
class ClockTable {
 public:
  static constexpr std::uint32_t kNoRow = 0xffffffffu;
  static constexpr std::uint32_t kLanes = 4;

  /// Drops every row and sets the width (keeps the memory).
  void reset(std::uint32_t width) {
    width_ = width;
    stride_ = width == 0 ? kLanes : (width + kLanes - 1) / kLanes * kLanes;
    cells_.clear();
  }
  /// A new all-zero row; returns its index.
  std::uint32_t add_row() {
    const auto row = static_cast<std::uint32_t>(cells_.size() / stride_);
    cells_.resize(cells_.size() + stride_, 0);
    return row;
  }
  std::uint32_t width() const { return width_; }
  std::uint32_t* row(std::uint32_t r) { return cells_.data() + static_cast<std::size_t>(r) * stride_; }
  const std::uint32_t* row(std::uint32_t r) const { return cells_.data() + static_cast<std::size_t>(r) * stride_; }

  /// dst |= src (pointwise maximum); src is a row of a table of the same width.
  void join(std::uint32_t dst, const std::uint32_t* src) {
    // The stride in a local: the stores below could alias the member (both uint32_t).
    const std::uint32_t n = stride_;
    std::uint32_t* d = row(dst);
    for (std::uint32_t i = 0; i < n; i += kLanes) {
      const Lanes a = load(d + i), b = load(src + i);
      store(d + i, b ^ ((a ^ b) & (a > b)));  // a where a > b: counters stay below 2^31
    }
  }
  /// dst = src; src is a row of a table of the same width.
  void copy(std::uint32_t dst, const std::uint32_t* src) {
    const std::uint32_t n = stride_;
    std::uint32_t* d = row(dst);
    for (std::uint32_t i = 0; i < n; i += kLanes) store(d + i, load(src + i));
  }

 private:
  // Four counters in one register (GCC's and Clang's vector extension), compared as signed:
  // a counter counts one thread's events, far below 2^31.
  using Lanes = std::int32_t __attribute__((vector_size(16)));
  static Lanes load(const std::uint32_t* p) {
    Lanes v;
    std::memcpy(&v, p, sizeof v);
    return v;
  }
  static void store(std::uint32_t* p, Lanes v) { std::memcpy(p, &v, sizeof v); }

  std::uint32_t width_ = 0;
  std::uint32_t stride_ = kLanes;  // width_ rounded up to whole lanes
  std::vector<std::uint32_t> cells_;
};

}  // namespace weft::detect
