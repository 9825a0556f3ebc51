// weft::Barrier: CPython's threading.py state machine (filling / draining / resetting /
// broken) over Condition(Lock()).
#include <weft/barrier.hpp>

#include <weft/detail/held.hpp>

namespace weft {

Barrier::Barrier(int parties, std::function<void()> action, OptSeconds timeout, std::source_location where)
    : cond_(lock_), action_(std::move(action)), timeout_(timeout), parties_(parties) {
  if (parties < 1) throw ValueError("parties must be > 0", where);
  cond_.set_display_kind(ObjectKind::barrier);
  lock_.sim_.reset = this;
}

Barrier::Barrier(Name name, int parties, std::function<void()> action, OptSeconds timeout, std::source_location where)
    : Barrier(parties, std::move(action), timeout, where) {
  lock_.sim_.name = detail::sim_name(name.text);
  cond_.set_display_name(name.text);
}

namespace {
struct SavedBarrier {
  int state;
  int count;
};
}  // namespace

std::unique_ptr<detail::SimSaved> Barrier::sim_save() const {
  return std::make_unique<detail::SimSavedValue<SavedBarrier>>(SavedBarrier{state_.load(), count_.load()});
}

void Barrier::sim_restore(const detail::SimSaved& saved) {
  const SavedBarrier& b = static_cast<const detail::SimSavedValue<SavedBarrier>&>(saved).value;
  state_.store(b.state);
  count_.store(b.count);
}

int Barrier::wait(OptSeconds timeout, std::source_location where) {
  if (!timeout) timeout = timeout_;
  detail::CallScope call(CallKind::barrier_wait, cond_.sim_handle(), where);
  call.timeout(timeout);
  const int index = wait_marked(timeout, where);
  call.returned_value(index);
  return index;
}

int Barrier::wait_marked(OptSeconds timeout, std::source_location where) {
  detail::Held held(cond_, where);
  enter(where);
  const int index = count_.fetch_add(1);
  struct Leave {  // Python's `finally`: leave the cycle however wait() ends
    Barrier& b;
    ~Leave() {
      const detail::NoUnwindScope destructor_must_not_throw;
      b.count_.fetch_sub(1);
      b.exit();
    }
  } leave{*this};
  if (index + 1 == parties_) {
    release(where);
  } else {
    wait_for_release(timeout, where);
  }
  return index;
}

// Wait while the previous cycle drains or resets; a broken barrier refuses at once.
void Barrier::enter(std::source_location where) {
  while (state_ == kDraining || state_ == kResetting) cond_.wait(forever, where);
  if (state_ < 0) throw BrokenBarrierError(where);
}

// The last arrival runs the action, then lets everyone go.
void Barrier::release(std::source_location where) {
  try {
    if (action_) action_();
    state_ = kDraining;
    cond_.notify_all(where);
  } catch (...) {
    break_barrier();
    throw;
  }
}

void Barrier::wait_for_release(OptSeconds timeout, std::source_location where) {
  if (!cond_.wait_for([&] { return state_ != kFilling; }, timeout, where)) {
    break_barrier();
    throw BrokenBarrierError(where);
  }
  if (state_ < 0) throw BrokenBarrierError(where);
}

// The last thread out of a draining or resetting barrier makes it usable again.
void Barrier::exit() {
  if (count_ == 0 && (state_ == kResetting || state_ == kDraining)) {
    state_ = kFilling;
    cond_.notify_all();
  }
}

void Barrier::break_barrier() {
  state_ = kBroken;
  cond_.notify_all();
}

void Barrier::reset(std::source_location where) {
  detail::Held held(cond_, where);
  if (count_ > 0) {
    if (state_ == kFilling || state_ == kBroken) state_ = kResetting;
  } else {
    state_ = kFilling;
  }
  cond_.notify_all(where);
}

void Barrier::abort(std::source_location where) {
  detail::Held held(cond_, where);
  break_barrier();
}

int Barrier::n_waiting() const {
  detail::sim_touch(lock_.sim_, ObjectKind::lock);  // an outside barrier's first use resets it
  return state_.load() == kFilling ? count_.load() : 0;
}

}  // namespace weft
