#pragma once
// A transition: what one thread does between two scheduling points, as DPOR compares it.
#include <array>
#include <cstdint>

#include <weft/trace.hpp>

#include "model/dependency.hpp"

namespace weft::model {

/// A thread's step, reduced to the objects it touched. Almost every step touches one or two
/// objects (an operation, plus the thread's exit after its last one); a step touching more
/// is kept as `overflow` and treated as dependent with every other step.
struct Transition {
  static constexpr std::size_t kInline = 3;
  ThreadId thread = kNoThread;
  std::uint8_t count = 0;
  bool overflow = false;
  std::array<Access, kInline> accesses{};

  bool operator==(const Transition&) const = default;

  void add(Access a) {
    if (access_kind(a.op) == AccessKind::none) return;
    if (count < kInline) {
      accesses[count++] = a;
    } else {
      overflow = true;
    }
  }
};

/// True when the two steps do not commute: same thread (program order), or a dependent pair
/// of accesses (model/dependency.hpp).
inline bool dependent(const Transition& a, const Transition& b) {
  if (a.thread == b.thread) return true;
  if (a.overflow || b.overflow) return a.count > 0 && b.count > 0;  // an overflowing step has kInline
  for (std::uint8_t i = 0; i < a.count; ++i)
    for (std::uint8_t j = 0; j < b.count; ++j)
      if (dependent(a.accesses[i], b.accesses[j])) return true;
  return false;
}

}  // namespace weft::model
