#pragma once
// How each operation touches its object: the read/write column of the dependency table
// (model/dependency.hpp, docs/exploration.md). Here, below the model, because an execution
// notes its first conflict from it as operations commit (Execution::had_conflict).
#include <cstdint>

#include <weft/trace.hpp>

namespace weft::sim {

/// How an operation touches its object.
enum class AccessKind : std::uint8_t { none, read, write };

/// Reads of one object commute; a write does not commute with any access of it.
constexpr AccessKind access_kind(OpKind op) {
  switch (op) {
    case OpKind::shared_read:
    case OpKind::atomic_load:
    case OpKind::thread_join:
    case OpKind::cond_wait:
    case OpKind::peek:
      return AccessKind::read;
    case OpKind::yield:
    case OpKind::choose:
    case OpKind::check_failed:
      return AccessKind::none;
    default:
      return AccessKind::write;
  }
}

}  // namespace weft::sim
