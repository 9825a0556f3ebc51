#pragma once
// Internal to api/futures*.cpp: CPython's waiter objects (_Waiter and its subclasses), the
// event they signal, and _AcquireFutures. Kept out of the public headers.
#include <algorithm>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <weft/future.hpp>

#include <weft/detail/held.hpp>

namespace weft::detail {

using loc = std::source_location;

/// LOGGER.exception / LOGGER.critical of concurrent.futures: printed on real threads; silent
/// in the simulator (an exploration runs the program thousands of times).
void futures_log(const std::string& message);

inline bool is_cancelled(FutureState s) { return s == FutureState::cancelled || s == FutureState::cancelled_and_notified; }
inline bool is_done(FutureState s) { return is_cancelled(s) || s == FutureState::finished; }
inline const char* state_name(FutureState s) {
  switch (s) {
    case FutureState::pending: return "PENDING";
    case FutureState::running: return "RUNNING";
    case FutureState::cancelled: return "CANCELLED";
    case FutureState::cancelled_and_notified: return "CANCELLED_AND_NOTIFIED";
    case FutureState::finished: return "FINISHED";
  }
  return "?";
}

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
    Held h(lock, w);
    append(f);
    event.set(w);
  }
};

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
    Held h(lock_, w);
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
    const NoUnwindScope destructor_must_not_throw;
    for (FutureCore* f : fs_) FutureAccess::cond(*f).release(w_);
  }
  AcquireAll(const AcquireAll&) = delete;
  AcquireAll& operator=(const AcquireAll&) = delete;

 private:
  std::vector<FutureCore*> fs_;
  loc w_;
};

inline void remove_waiter(FutureCore& f, FutureWaiter* waiter, loc w) {
  Held h(FutureAccess::cond(f), w);
  auto& ws = FutureAccess::waiters(f);
  if (auto it = std::find(ws.begin(), ws.end(), waiter); it != ws.end()) ws.erase(it);
}

}  // namespace weft::detail
