#pragma once
// Progress of the executions on one OS thread, for the watchdog (api/watchdog.cpp), which
// reads it from another thread. Bumped at every scheduling point with a plain store.
#include <atomic>
#include <cstdint>

namespace weft::sim {

struct Heartbeat {
  std::atomic<std::uint64_t> beats{0};
  /// Only the owning thread writes: a relaxed load and store, no read-modify-write.
  void beat() { beats.store(beats.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed); }
};

/// The calling OS thread's heartbeat; lives as long as the thread.
Heartbeat& this_thread_heartbeat();

/// The signal the watchdog sends the exploring thread to interrupt a fiber that never
/// reaches a scheduling point (a real-time signal, so no user signal is taken).
int watchdog_signal();

}  // namespace weft::sim
