#include "detect/happens_before.hpp"

namespace weft::detect {

void HappensBefore::reset(const sim::Execution& ex, std::span<const ObjectId> excluded_locks) {
  ex_ = &ex;
  excluded_.assign(excluded_locks.begin(), excluded_locks.end());
  const std::uint32_t n = ex.thread_count();
  clocks_.reset(n);
  for (std::uint32_t t = 0; t < n; ++t) clocks_.row(clocks_.add_row())[t] = 1;
  row_of_.assign(ex.object_count(), ClockTable::kNoRow);
  holder_.assign(ex.object_count(), kNoThread);
}

bool HappensBefore::excluded(ObjectId lock) const {
  for (ObjectId x : excluded_)
    if (x == lock) return true;
  return false;
}

// A peek at a lock's state: seen held, the observer comes after what its holder did so far
// (and what the holder does next, after what the observer saw); seen free, after its release.
void HappensBefore::observe_lock(ThreadId t, ObjectId lock) {
  if (!counts(lock)) return;
  const ThreadId h = holder_[lock];
  if (h != kNoThread && h != t && h < clocks_.width()) {
    clocks_.join(t, clocks_.row(h));
    tick(h);  // what the holder does next comes after what the observer saw
  } else {
    learn_from(t, lock);
  }
}

void HappensBefore::apply(const TraceEvent& e) {
  const ThreadId t = e.thread;
  if (t >= clocks_.width() || (e.object != kNoObject && e.object >= row_of_.size())) return;
  switch (model::sync_effect(e)) {
    case model::SyncEffect::none: return;
    case model::SyncEffect::fork: {
      const ThreadId child = ex_->object(e.object).holder;
      if (child < clocks_.width() && child != t) clocks_.join(child, clocks_.row(t));
      tick(t);
      return;
    }
    case model::SyncEffect::exit: publish(t, e.object); return;
    case model::SyncEffect::join:
    case model::SyncEffect::observe_exit:
    case model::SyncEffect::atomic_load: learn_from(t, e.object); return;
    case model::SyncEffect::acquire:
      holder_[e.object] = t;
      if (counts(e.object)) learn_from(t, e.object);
      return;
    case model::SyncEffect::release:
      holder_[e.object] = kNoThread;
      if (!counts(e.object)) return;
      publish(t, e.object);
      tick(t);
      return;
    case model::SyncEffect::atomic_store:
      publish(t, e.object);
      tick(t);
      return;
    case model::SyncEffect::atomic_rmw: {
      const std::uint32_t r = object_row(e.object);
      clocks_.join(t, clocks_.row(r));
      clocks_.copy(r, clocks_.row(t));
      tick(t);
      return;
    }
    case model::SyncEffect::notify:
      if (excluded_.empty()) return;  // for races: ordered through the Condition's lock already
      {
        const std::uint32_t r = object_row(e.object);  // before row(t): adding a row moves rows
        clocks_.join(r, clocks_.row(t));
      }
      tick(t);
      return;
    case model::SyncEffect::woken:
      if (!excluded_.empty()) learn_from(t, e.object);
      return;
    case model::SyncEffect::observe_lock: observe_lock(t, e.object); return;
  }
}

}  // namespace weft::detect
