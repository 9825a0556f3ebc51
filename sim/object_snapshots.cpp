#include "object_snapshots.hpp"

#include "execution.hpp"

namespace weft::detail {
void SimResettable::sim_forget(SimResettable& r) noexcept { sim::ObjectSnapshots::on_this_thread().forget(r); }

void sim_touch(SimHandle& h, ObjectKind kind) {
  if (sim::Execution* ex = current_execution()) ex->resolve(h, kind);
}
}  // namespace weft::detail

namespace weft::sim {

ObjectSnapshots& ObjectSnapshots::on_this_thread() noexcept {
  thread_local ObjectSnapshots snapshots;
  return snapshots;
}

void ObjectSnapshots::leave() noexcept {
  if (users_ == 0 || --users_ > 0) return;
  for (Entry& e : entries_) {
    if (e.object == nullptr) continue;
    try {
      e.object->sim_restore(*e.saved);
    } catch (...) {
      // Copying the data back failed (out of memory, a throwing copy): the object keeps the
      // state of the last execution; nothing else can be done in a destructor's path.
    }
    e.object->sim_slot_ = detail::SimResettable::kNoSlot;
  }
  entries_.clear();
}

void ObjectSnapshots::fresh(detail::SimResettable& r) {
  if (holds(r)) {
    r.sim_restore(*entries_[r.sim_slot_].saved);
    return;
  }
  std::unique_ptr<detail::SimSaved> saved = r.sim_save();
  r.sim_slot_ = static_cast<std::uint32_t>(entries_.size());
  entries_.push_back(Entry{&r, std::move(saved)});
}

void ObjectSnapshots::forget(detail::SimResettable& r) noexcept {
  if (holds(r)) entries_[r.sim_slot_].object = nullptr;
  r.sim_slot_ = detail::SimResettable::kNoSlot;
}

}  // namespace weft::sim
