#pragma once
// What each kind of operation is, as the execution and the model need it: how it touches its
// object (the read/write column of the dependency table, model/dependency.hpp,
// docs/exploration.md; an execution notes its first conflict from it as operations commit),
// whether it may wait for another thread, and what it waits on (Execution's gates).
#include <array>
#include <cstdint>

#include <weft/trace.hpp>

#include "strategy.hpp"

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

/// Whether an operation may wait for another thread (so a thread being abandoned may be
/// unwound there): a blocking acquire, a wait, a join, a sleep, a thread start.
constexpr bool may_block(OpKind op, bool blocking) noexcept {
  switch (op) {
    case OpKind::lock_acquire:
    case OpKind::rlock_acquire: return blocking;
    case OpKind::cond_wait:
    case OpKind::thread_join:
    case OpKind::sleep:
    case OpKind::thread_start: return true;
    default: return false;
  }
}

/// What an operation of kind `op` waits on when it may wait (Execution's gates).
constexpr PendingOp::Gate waiting_gate(OpKind op) {
  switch (op) {
    case OpKind::lock_acquire: return PendingOp::Gate::lock;
    case OpKind::rlock_acquire: return PendingOp::Gate::rlock;
    case OpKind::cond_wait: return PendingOp::Gate::woken;
    case OpKind::thread_join: return PendingOp::Gate::join;
    case OpKind::sleep: return PendingOp::Gate::closed;
    default: return PendingOp::Gate::open;
  }
}
/// waiting_gate of every OpKind, by its value: one load at each announcement, not a jump table.
inline constexpr std::array<PendingOp::Gate, kOpKindCount> kWaitingGates = [] {
  std::array<PendingOp::Gate, kOpKindCount> gates{};
  for (unsigned i = 0; i < kOpKindCount; ++i) gates[i] = waiting_gate(static_cast<OpKind>(i));
  return gates;
}();

}  // namespace weft::sim
