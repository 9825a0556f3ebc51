// weft::Future, wait(), as_completed(): CPython's concurrent/futures/_base.py over weft's
// Condition (an RLock per future), Lock and a Condition-based event, so both backends share
// the algorithm and the simulator explores CPython's interleavings. One deliberate change
// (spec §16 Q2): cancel() tells installed waiters at once, so cancelled futures count as done.
#include <algorithm>
#include <cstdio>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>

#include <weft/explore.hpp>
#include <weft/future.hpp>
#include <weft/runtime.hpp>

#include "api/held.hpp"

namespace weft::detail {

using loc = std::source_location;

/// LOGGER.exception / LOGGER.critical of concurrent.futures: printed on real threads; silent
/// in the simulator (an exploration runs the program thousands of times).
void futures_log(const std::string& message) {
  if (!in_simulation()) std::fprintf(stderr, "concurrent.futures: %s\n", message.c_str());
}

namespace {
std::atomic<std::uint64_t> g_next_seq{0};

bool is_cancelled(FutureState s) { return s == FutureState::cancelled || s == FutureState::cancelled_and_notified; }
bool is_done(FutureState s) { return is_cancelled(s) || s == FutureState::finished; }
const char* state_name(FutureState s) {
  switch (s) {
    case FutureState::pending: return "PENDING";
    case FutureState::running: return "RUNNING";
    case FutureState::cancelled: return "CANCELLED";
    case FutureState::cancelled_and_notified: return "CANCELLED_AND_NOTIFIED";
    case FutureState::finished: return "FINISHED";
  }
  return "?";
}

// Holds a plain Lock with the user's location.
class LockHeld {
 public:
  LockHeld(Lock& l, loc w) : l_(l), w_(w) { l_.acquire(true, -1, w_); }
  ~LockHeld() { l_.release(w_); }
  LockHeld(const LockHeld&) = delete;
  LockHeld& operator=(const LockHeld&) = delete;

 private:
  Lock& l_;
  loc w_;
};

// threading.Event's algorithm, its Condition shown as a Future in traces.
class Signal {
 public:
  Signal() { cond_.set_display_kind(ObjectKind::future); }
  void set(loc w) {
    Held h(cond_, w);
    flag_ = true;
    cond_.notify_all(w);
  }
  void clear(loc w) {
    Held h(cond_, w);
    flag_ = false;
  }
  bool wait(OptSeconds timeout, loc w) {
    Held h(cond_, w);
    bool signalled = flag_;
    if (!signalled) signalled = cond_.wait(timeout, w);
    return signalled;
  }

 private:
  Lock lock_;
  Condition cond_{lock_};
  bool flag_ = false;
};
}  // namespace

struct FutureAccess {
  static Condition& cond(FutureCore& f) { return f.cond_; }
  static std::vector<FutureWaiter*>& waiters(FutureCore& f) { return f.waiters_; }
  static bool raised(const FutureCore& f) { return f.exception_ != nullptr; }
};

// CPython's _Waiter: an event plus the futures that completed, in completion order.
class FutureWaiter {
 public:
  virtual ~FutureWaiter() = default;
  virtual void add_result(FutureCore& f, loc) { append(f); }
  virtual void add_exception(FutureCore& f, loc) { append(f); }
  virtual void add_cancelled(FutureCore& f, loc) { append(f); }
  std::vector<FutureCore*> take_finished() {
    std::lock_guard g(m_);
    return std::exchange(finished_, {});
  }
  Signal event;

 protected:
  void append(FutureCore& f) {  // list.append: atomic under CPython's GIL
    std::lock_guard g(m_);
    finished_.push_back(&f);
  }

 private:
  std::mutex m_;
  std::vector<FutureCore*> finished_;
};

class AsCompletedWaiter : public FutureWaiter {
 public:
  void add_result(FutureCore& f, loc w) override { add(f, w); }
  void add_exception(FutureCore& f, loc w) override { add(f, w); }
  void add_cancelled(FutureCore& f, loc w) override { add(f, w); }
  Lock lock;

 private:
  void add(FutureCore& f, loc w) {
    LockHeld h(lock, w);
    append(f);
    event.set(w);
  }
};

namespace {
class FirstCompletedWaiter : public FutureWaiter {
 public:
  void add_result(FutureCore& f, loc w) override { add(f, w); }
  void add_exception(FutureCore& f, loc w) override { add(f, w); }
  void add_cancelled(FutureCore& f, loc w) override { add(f, w); }

 private:
  void add(FutureCore& f, loc w) {
    append(f);
    event.set(w);
  }
};

class AllCompletedWaiter : public FutureWaiter {
 public:
  AllCompletedWaiter(std::size_t pending, bool stop_on_exception) : pending_(pending), stop_(stop_on_exception) {}
  void add_result(FutureCore& f, loc w) override {
    append(f);
    decrement(w);
  }
  void add_exception(FutureCore& f, loc w) override {
    append(f);
    if (stop_)
      event.set(w);
    else
      decrement(w);
  }
  void add_cancelled(FutureCore& f, loc w) override {
    append(f);
    decrement(w);
  }

 private:
  void decrement(loc w) {
    LockHeld h(lock_, w);
    if (--pending_ == 0) event.set(w);
  }
  Lock lock_;
  std::size_t pending_;
  bool stop_;
};

// CPython's _AcquireFutures: every future's lock, in one global order (creation order here;
// CPython sorts by id(), an address, which would make traces differ between runs).
class AcquireAll {
 public:
  AcquireAll(std::vector<FutureCore*> fs, loc w) : fs_(std::move(fs)), w_(w) {
    std::sort(fs_.begin(), fs_.end(), [](const FutureCore* a, const FutureCore* b) { return a->seq() < b->seq(); });
    for (FutureCore* f : fs_) FutureAccess::cond(*f).acquire(true, -1, w_);
  }
  ~AcquireAll() {
    for (FutureCore* f : fs_) FutureAccess::cond(*f).release(w_);
  }
  AcquireAll(const AcquireAll&) = delete;
  AcquireAll& operator=(const AcquireAll&) = delete;

 private:
  std::vector<FutureCore*> fs_;
  loc w_;
};

void remove_waiter(FutureCore& f, FutureWaiter* waiter, loc w) {
  Held h(FutureAccess::cond(f), w);
  auto& ws = FutureAccess::waiters(f);
  if (auto it = std::find(ws.begin(), ws.end(), waiter); it != ws.end()) ws.erase(it);
}
}  // namespace

// ---- FutureCore ----

FutureCore::FutureCore() : seq_(g_next_seq.fetch_add(1)) { cond_.set_display_kind(ObjectKind::future); }
FutureCore::~FutureCore() = default;

bool FutureCore::cancel(loc where) {
  std::vector<std::function<void(FutureCore&)>> callbacks;
  {
    Held h(cond_, where);
    const FutureState s = state_.load();
    if (s == FutureState::running || s == FutureState::finished) return false;
    if (is_cancelled(s)) return true;
    state_ = FutureState::cancelled;
    for (FutureWaiter* w : waiters_) w->add_cancelled(*this, where);  // the documented rule (Q2)
    cond_.notify_all(where);
    callbacks = std::move(callbacks_);
  }
  invoke_callbacks(callbacks);
  return true;
}

bool FutureCore::cancelled(loc where) {
  Held h(cond_, where);
  return is_cancelled(state_.load());
}

bool FutureCore::running(loc where) {
  Held h(cond_, where);
  return state_.load() == FutureState::running;
}

bool FutureCore::done(loc where) {
  Held h(cond_, where);
  return is_done(state_.load());
}

void FutureCore::wait_result(OptSeconds timeout, loc where) {
  std::exception_ptr e = exception(timeout, where);
  if (e) std::rethrow_exception(e);
}

std::exception_ptr FutureCore::exception(OptSeconds timeout, loc where) {
  Held h(cond_, where);
  for (int attempt = 0; attempt < 2; ++attempt) {
    const FutureState s = state_.load();
    if (is_cancelled(s)) throw CancelledError();
    if (s == FutureState::finished) return exception_;
    if (attempt == 0) cond_.wait(timeout, where);  // one wait only, as CPython
  }
  throw TimeoutError("the future did not finish within the timeout");
}

bool FutureCore::set_running_or_notify_cancel(loc where) {
  Held h(cond_, where);
  const FutureState s = state_.load();
  if (s == FutureState::cancelled) {
    state_ = FutureState::cancelled_and_notified;  // waiters were told by cancel()
    return false;
  }
  if (s == FutureState::pending) {
    state_ = FutureState::running;
    return true;
  }
  futures_log(std::string("Future in unexpected state: ") + state_name(s));
  throw RuntimeError("Future in unexpected state", where);
}

void FutureCore::set_exception(std::exception_ptr e, loc where) {
  std::vector<std::function<void(FutureCore&)>> callbacks;
  {
    Held h(cond_, where);
    const FutureState s = state_.load();
    if (is_done(s)) throw InvalidStateError(std::string(state_name(s)) + ": the future is already done");
    exception_ = std::move(e);
    state_ = FutureState::finished;
    for (FutureWaiter* w : waiters_) w->add_exception(*this, where);
    cond_.notify_all(where);
    callbacks = std::move(callbacks_);
  }
  invoke_callbacks(callbacks);
}

void FutureCore::finish(void (*store)(FutureCore&, void*), void* arg, loc where) {
  std::vector<std::function<void(FutureCore&)>> callbacks;
  {
    Held h(cond_, where);
    const FutureState s = state_.load();
    if (is_done(s)) throw InvalidStateError(std::string(state_name(s)) + ": the future is already done");
    store(*this, arg);
    state_ = FutureState::finished;
    for (FutureWaiter* w : waiters_) w->add_result(*this, where);
    cond_.notify_all(where);
    callbacks = std::move(callbacks_);
  }
  invoke_callbacks(callbacks);
}

void FutureCore::add_done_callback(std::function<void(FutureCore&)> fn, loc where) {
  {
    Held h(cond_, where);
    if (!is_done(state_.load())) {
      callbacks_.push_back(std::move(fn));
      return;
    }
  }
  std::vector<std::function<void(FutureCore&)>> one;
  one.push_back(std::move(fn));
  invoke_callbacks(one);
}

void FutureCore::invoke_callbacks(std::vector<std::function<void(FutureCore&)>>& callbacks) {
  for (auto& fn : callbacks) {
    try {
      fn(*this);
    } catch (const std::exception& e) {  // Exception: logged and ignored; others propagate
      futures_log(std::string("exception calling callback for future: ") + e.what());
    }
  }
}

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
  if (timeout) end_ = timeout->count() + monotonic();
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
      const double remaining = *end_ - monotonic();
      if (remaining < 0) throw unfinished();
      wait_time = remaining;
    }
    waiter_->event.wait(wait_time, where_);
    std::vector<FutureCore*> finished;
    {
      LockHeld h(waiter_->lock, where_);
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
    if (ready_.empty() && end_ && *end_ - monotonic() <= 0) throw unfinished();
  }
}

}  // namespace weft::detail
