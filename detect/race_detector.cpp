#include "detect/race_detector.hpp"

namespace weft::detect {

void RaceDetector::reset(const sim::Execution& ex) {
  vars_.assign(ex.object_count(), Variable{});
  read_clocks_.reset(ex.thread_count());
  read_events_.clear();
}

std::optional<Race> RaceDetector::access(const TraceEvent& e, std::uint32_t index, const HappensBefore& hb) {
  if (e.object >= vars_.size() || e.thread >= hb.width()) return std::nullopt;
  Variable& v = vars_[e.object];
  const ThreadId t = e.thread;
  const std::uint32_t* c = hb.clock(t);
  const Epoch now{c[t], t, index};
  const std::uint32_t n = hb.width();

  if (e.op == OpKind::shared_read) {
    if (v.shared_reads == ClockTable::kNoRow && v.read.thread == t && v.read.clock == now.clock) return std::nullopt;
    if (!before(v.write, c)) return Race{v.write.event, index};
    if (v.shared_reads == ClockTable::kNoRow) {
      if (before(v.read, c)) {
        v.read = now;
        return std::nullopt;
      }
      // Two unordered reads: from now on, one read clock per thread.
      v.shared_reads = read_clocks_.add_row();
      read_events_.resize(read_events_.size() + n, 0);
      read_clocks_.row(v.shared_reads)[v.read.thread] = v.read.clock;
      read_events_[static_cast<std::size_t>(v.shared_reads) * n + v.read.thread] = v.read.event;
    }
    read_clocks_.row(v.shared_reads)[t] = now.clock;
    read_events_[static_cast<std::size_t>(v.shared_reads) * n + t] = index;
    return std::nullopt;
  }

  // A write.
  if (v.write.thread == t && v.write.clock == now.clock) return std::nullopt;
  if (!before(v.write, c)) return Race{v.write.event, index};
  if (v.shared_reads == ClockTable::kNoRow) {
    if (!before(v.read, c)) return Race{v.read.event, index};
  } else {
    const std::uint32_t* reads = read_clocks_.row(v.shared_reads);
    for (std::uint32_t u = 0; u < n; ++u)
      if (reads[u] > c[u]) return Race{read_events_[static_cast<std::size_t>(v.shared_reads) * n + u], index};
    v.shared_reads = ClockTable::kNoRow;  // every read happened before this write
    v.read = Epoch{};
  }
  v.write = now;
  return std::nullopt;
}

}  // namespace weft::detect
