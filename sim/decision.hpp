#pragma once
// A recorded scheduling or data decision: what the schedule string stores.
#include <cstdint>

#include <weft/trace.hpp>

namespace weft::sim {

/// One answer of the strategy that mattered (a point with two or more options).
/// For a thread choice, `value` is the ThreadId and (op, object) is what it then performed,
/// so a replay of a changed program can say where it diverged. For a value choice, `value`
/// is the chosen value, op is OpKind::choose and `object` the number of options.
struct Decision {
  std::uint32_t value = 0;
  OpKind op = OpKind::yield;
  ObjectId object = kNoObject;
  bool is_value = false;

  friend bool operator==(const Decision&, const Decision&) = default;
};

}  // namespace weft::sim
