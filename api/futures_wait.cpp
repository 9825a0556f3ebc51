// concurrent.futures.wait() and as_completed(): CPython's _base.py algorithms (waiters
// installed under every future's lock, then one event wait), over weft's primitives.
#include <algorithm>
#include <string>
#include <unordered_map>

#include <weft/explore.hpp>
#include <weft/future.hpp>
#include <weft/runtime.hpp>

#include "api/future_waiters.hpp"

namespace weft::detail {

// ---- wait() ----

std::vector<bool> wait_futures(const std::vector<FutureCore*>& fs, OptSeconds timeout, ReturnWhen return_when,
                               loc where) {
  std::vector<bool> done(fs.size(), false);
  std::unique_ptr<FutureWaiter> waiter;
  {
    AcquireAll all(fs, where);
    std::size_t ndone = 0;
    bool any_raised = false;
    for (std::size_t i = 0; i < fs.size(); ++i) {
      const FutureState s = fs[i]->state();
      done[i] = is_done(s);
      ndone += done[i] ? 1 : 0;
      any_raised = any_raised || (s == FutureState::finished && FutureAccess::raised(*fs[i]));
    }
    if (return_when == ReturnWhen::first_completed && ndone > 0) return done;
    if (return_when == ReturnWhen::first_exception && any_raised) return done;
    if (ndone == fs.size()) return done;
    switch (return_when) {
      case ReturnWhen::first_completed: waiter = std::make_unique<FirstCompletedWaiter>(); break;
      case ReturnWhen::first_exception: waiter = std::make_unique<AllCompletedWaiter>(fs.size() - ndone, true); break;
      case ReturnWhen::all_completed: waiter = std::make_unique<AllCompletedWaiter>(fs.size() - ndone, false); break;
      default:
        throw ValueError("Invalid return condition: " + std::to_string(static_cast<int>(return_when)), where);
    }
    for (FutureCore* f : fs) FutureAccess::waiters(*f).push_back(waiter.get());
  }
  waiter->event.wait(timeout, where);
  for (FutureCore* f : fs) remove_waiter(*f, waiter.get(), where);
  std::unordered_map<const FutureCore*, std::size_t> index;  // lookups only
  for (std::size_t i = 0; i < fs.size(); ++i) index.emplace(fs[i], i);
  for (FutureCore* f : waiter->take_finished()) done[index.at(f)] = true;
  return done;
}

// ---- as_completed() ----

AsCompletedState::AsCompletedState(std::vector<FutureCore*> fs, OptSeconds timeout, loc where)
    : fs_(std::move(fs)), pending_(fs_.size(), false), removed_(fs_.size(), false), where_(where) {
  if (timeout) end_ = timeout->count() + monotonic(where);
  AcquireAll all(fs_, where);
  for (std::size_t i = 0; i < fs_.size(); ++i) {
    if (is_done(fs_[i]->state())) {
      ready_.push_back(i);
    } else {
      pending_[i] = true;
      ++npending_;
    }
  }
  initial_ = ready_.size();
  waiter_ = std::make_unique<AsCompletedWaiter>();
  for (FutureCore* f : fs_) FutureAccess::waiters(*f).push_back(waiter_.get());
}

AsCompletedState::~AsCompletedState() {
  const detail::NoUnwindScope destructor_must_not_throw;
  for (std::size_t i = 0; i < fs_.size(); ++i)
    if (!removed_[i]) remove_waiter(*fs_[i], waiter_.get(), where_);
}

void AsCompletedState::yielded(std::size_t i) {
  remove_waiter(*fs_[i], waiter_.get(), where_);
  removed_[i] = true;
}

std::optional<std::size_t> AsCompletedState::next() {
  for (;;) {
    if (!ready_.empty()) {
      std::size_t k = 0;  // completion order; the initially done ones in a chosen order
      if (initial_ > 1 && in_simulation()) k = choose(static_cast<std::uint32_t>(initial_), where_);
      if (initial_ > 0) --initial_;
      const std::size_t i = ready_[k];
      ready_.erase(ready_.begin() + static_cast<std::ptrdiff_t>(k));
      yielded(i);
      return i;
    }
    if (npending_ == 0) return std::nullopt;
    auto unfinished = [&] {
      return TimeoutError(std::to_string(npending_) + " (of " + std::to_string(fs_.size()) + ") futures unfinished");
    };
    OptSeconds wait_time = forever;
    if (end_) {
      const double remaining = *end_ - monotonic(where_);
      if (remaining < 0) throw unfinished();
      wait_time = remaining;
    }
    waiter_->event.wait(wait_time, where_);
    std::vector<FutureCore*> finished;
    {
      Held h(waiter_->lock, where_);
      finished = waiter_->take_finished();
      waiter_->event.clear(where_);
    }
    for (FutureCore* f : finished) {
      const auto i = static_cast<std::size_t>(std::find(fs_.begin(), fs_.end(), f) - fs_.begin());
      if (i < fs_.size() && pending_[i]) {
        pending_[i] = false;
        --npending_;
        ready_.push_back(i);
      }
    }
    // CPython loops and raises once the clock has passed the deadline; virtual time does not
    // move during a zero-length wait, so stop here when nothing arrived by the deadline.
    if (ready_.empty() && end_ && *end_ - monotonic(where_) <= 0) throw unfinished();
  }
}

}  // namespace weft::detail
