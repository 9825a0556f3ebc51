#pragma once
// Data races on Shared<T>: two accesses to one variable from different threads, at least one
// a write, that happens-before does not order. FastTrack's epochs (Flanagan & Freund, PLDI
// 2009): the last write is one epoch; the reads since are one epoch until two unordered reads
// need a vector clock. Most accesses cost O(1).
#include <cstdint>
#include <optional>
#include <vector>

#include <weft/trace.hpp>

#include "detect/happens_before.hpp"
#include "detect/vector_clock.hpp"

namespace weft::detect {

/// Two racing accesses, as indexes into the execution's events (first < second).
struct Race {
  std::uint32_t first = 0;
  std::uint32_t second = 0;
};

class RaceDetector {
 public:
  /// Starts an execution: no variable accessed yet.
  void reset(const sim::Execution& ex);
  /// Judges events[index], a Shared read or write, against the variable's earlier accesses
  /// under the clocks `hb` holds before the event's own synchronisation. Returns the first
  /// race it completes, if any.
  std::optional<Race> access(const TraceEvent& e, std::uint32_t index, const HappensBefore& hb);

 private:
  struct Epoch {
    std::uint32_t clock = 0;  // 0: no access
    ThreadId thread = kNoThread;
    std::uint32_t event = 0;
  };
  struct Variable {
    Epoch write;
    Epoch read;                                  // while reads are totally ordered
    std::uint32_t shared_reads = ClockTable::kNoRow;  // else: a row of read clocks
  };
  static bool before(const Epoch& a, const std::uint32_t* c) { return a.clock == 0 || a.clock <= c[a.thread]; }

  std::vector<Variable> vars_;              // by ObjectId
  ClockTable read_clocks_;                  // shared-read rows
  std::vector<std::uint32_t> read_events_;  // the event index of each shared-read cell
};

}  // namespace weft::detect
