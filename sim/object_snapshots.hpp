#pragma once
// The copies of outside objects' data that make every execution of one exploration start
// from the same state (docs/outside_objects.md).
#include <cstdint>
#include <memory>
#include <vector>

#include <weft/detail/sim_reset.hpp>

namespace weft::sim {

/// One per OS thread. An exploration is the span during which at least one Execution lives
/// on this thread: the explorer's Execution, and the one that replays a failure to verify it
/// while the first still lives, share it. Entries are kept in first-use order, so restoring
/// them never depends on addresses.
class ObjectSnapshots {
 public:
  /// The snapshots of the exploration running on this OS thread.
  static ObjectSnapshots& on_this_thread() noexcept;

  /// An Execution is constructed: opens the exploration if none is open.
  void join() noexcept { ++users_; }
  /// An Execution is destroyed: the last one out ends the exploration, putting every object
  /// back as it was when the exploration first met it, and forgets them all.
  void leave() noexcept;

  /// `r` is used in an execution that it was not created in. The first time in this
  /// exploration its data is copied (and kept as it is); every later time the copy is put
  /// back. Propagates the object's exceptions (UsageError when it cannot be copied).
  void fresh(detail::SimResettable& r);
  /// `r` is destroyed: nothing is put back into it.
  void forget(detail::SimResettable& r) noexcept;

 private:
  struct Entry {
    detail::SimResettable* object;  // nullptr once forgotten
    std::unique_ptr<detail::SimSaved> saved;
  };
  bool holds(const detail::SimResettable& r) const {
    return r.sim_slot_ < entries_.size() && entries_[r.sim_slot_].object == &r;
  }
  std::vector<Entry> entries_;
  std::uint32_t users_ = 0;
};

}  // namespace weft::sim
