#pragma once
// weft::Future: concurrent.futures.Future (docs/python_semantics.md), built as CPython builds it (a
// Condition over an RLock per future, waiters installed by wait()/as_completed()), so it is
// exact on both backends. Traces and deadlock reports name its Condition "Future#n".
//
// One deliberate difference from CPython 3.13 (docs/python_semantics.md, CPython bugs gh-92001,
// gh-109934, gh-87893): as the documentation says, a cancelled future counts as done for
// wait() and as_completed() as soon as cancel() returns, including futures cancelled by
// ThreadPoolExecutor::shutdown(cancel_futures=true). CPython only counts them once a worker
// has dequeued them (CANCELLED_AND_NOTIFIED), so its wait() can hang on them.
#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <source_location>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "condition.hpp"
#include "errors.hpp"
#include "timeout.hpp"

namespace weft {

/// concurrent.futures.Error, the base of CancelledError and InvalidStateError.
class FuturesError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
/// result()/exception() of a cancelled future.
class CancelledError : public FuturesError {
 public:
  CancelledError() : FuturesError("the future was cancelled") {}
};
/// set_result()/set_exception() on a future that is already cancelled or finished.
class InvalidStateError : public FuturesError {
 public:
  using FuturesError::FuturesError;
};

/// PENDING -> RUNNING -> FINISHED, or PENDING -> CANCELLED (-> CANCELLED_AND_NOTIFIED once an
/// executor's worker has dequeued it).
enum class FutureState : std::uint8_t { pending, running, cancelled, cancelled_and_notified, finished };

namespace detail {
class FutureWaiter;  // api/futures.cpp: what wait()/as_completed() install on a future

/// The state shared by every handle of one future (non-template part; api/futures.cpp).
/// Every call below takes the future's lock, as CPython's methods do.
class FutureCore : public std::enable_shared_from_this<FutureCore> {
  using loc = std::source_location;

 public:
  FutureCore();
  virtual ~FutureCore();
  FutureCore(const FutureCore&) = delete;
  FutureCore& operator=(const FutureCore&) = delete;

  bool cancel(loc where);
  bool cancelled(loc where);
  bool running(loc where);
  bool done(loc where);
  /// result() without the value: returns once FINISHED without an exception; rethrows the
  /// stored exception; CancelledError; TimeoutError after one wait of `timeout`.
  void wait_result(OptSeconds timeout, loc where);
  std::exception_ptr exception(OptSeconds timeout, loc where);
  bool set_running_or_notify_cancel(loc where);
  void set_exception(std::exception_ptr e, loc where);
  /// set_result: checks the state, calls store(*this, arg) with the lock held, finishes.
  /// `call`, if given, is the user-level call to end before the done-callbacks run.
  void finish(void (*store)(FutureCore&, void*), void* arg, loc where, CallScope* call = nullptr);
  void add_done_callback(std::function<void(FutureCore&)> fn, loc where);
  /// A snapshot without the lock (not a scheduling point).
  FutureState state() const { return state_.load(); }
  /// Internal: what a user-level call's row names (detail/call_scope.hpp).
  const SimHandle* sim_handle() const { return cond_.sim_handle(); }
  /// Creation order: the order wait()/as_completed() take several futures' locks in.
  std::uint64_t seq() const { return seq_; }

 private:
  friend class FutureWaiter;
  friend struct FutureAccess;
  void invoke_callbacks(std::vector<std::function<void(FutureCore&)>>& callbacks);
  Condition cond_;  // over its own RLock, as Python's Future._condition
  std::atomic<FutureState> state_{FutureState::pending};
  std::exception_ptr exception_;
  std::vector<std::function<void(FutureCore&)>> callbacks_;
  std::vector<FutureWaiter*> waiters_;  // in installation order
  std::uint64_t seq_;
};

template <class R>
struct FutureValue : FutureCore {
  std::optional<R> value;  // set once, under the lock, before FINISHED
};
template <>
struct FutureValue<void> : FutureCore {};
}  // namespace detail

/// A handle to a future, of any result type: what wait() and as_completed() work on. Copies
/// share the future; == compares identity.
class FutureBase {
  using loc = std::source_location;

 public:
  /// cancel() -> bool: false if RUNNING or FINISHED; true if cancelled now or already. A new
  /// cancellation wakes result()/exception() waiters and wait()/as_completed(), then runs the
  /// done-callbacks in the calling thread.
  bool cancel(loc where = loc::current()) { return core_->cancel(where); }
  /// True in either cancelled state.
  bool cancelled(loc where = loc::current()) const { return core_->cancelled(where); }
  /// True only while a worker runs it.
  bool running(loc where = loc::current()) const { return core_->running(where); }
  /// Cancelled or finished.
  bool done(loc where = loc::current()) const { return core_->done(where); }
  /// The exception the call raised, or nullptr if it returned. Waits once for up to
  /// `timeout` (<= 0 polls): TimeoutError if still not done; CancelledError if cancelled.
  std::exception_ptr exception(OptSeconds timeout = forever, loc where = loc::current()) const {
    detail::CallScope call(CallKind::future_exception, core_->sim_handle(), where);
    call.timeout(timeout);
    std::exception_ptr e = core_->exception(timeout, where);
    call.returned();
    return e;
  }
  /// For executors: PENDING -> RUNNING (true); CANCELLED -> CANCELLED_AND_NOTIFIED (false);
  /// RuntimeError("Future in unexpected state") otherwise.
  bool set_running_or_notify_cancel(loc where = loc::current()) { return core_->set_running_or_notify_cancel(where); }
  /// Finishes with an exception; InvalidStateError if already cancelled or finished. Wakes
  /// waiters, then runs the done-callbacks in this thread.
  void set_exception(std::exception_ptr e, loc where = loc::current()) { core_->set_exception(std::move(e), where); }
  /// A snapshot of the state without taking the lock (not a scheduling point).
  FutureState state() const { return core_->state(); }
  friend bool operator==(const FutureBase& a, const FutureBase& b) { return a.core_ == b.core_; }
  /// Internal: the shared state.
  detail::FutureCore& core() const { return *core_; }
  const std::shared_ptr<detail::FutureCore>& shared_core() const { return core_; }

 protected:
  explicit FutureBase(std::shared_ptr<detail::FutureCore> core) : core_(std::move(core)) {}
  std::shared_ptr<detail::FutureCore> core_;
};

/// concurrent.futures.Future for a call returning R (R may be void or move-only).
/// A default-constructed Future is a new PENDING future (Python's Future()).
template <class R>
class Future : public FutureBase {
  static_assert(!std::is_reference_v<R>, "Future<R&> is not supported: return a pointer or a value");
  using loc = std::source_location;

 public:
  Future() : FutureBase(std::make_shared<detail::FutureValue<R>>()) {}

  /// The call's value (a reference valid while a handle exists; void for Future<void>), or
  /// its exception rethrown. Waits once for up to `timeout` (<= 0 polls; forever by default):
  /// TimeoutError if still not done. CancelledError if cancelled.
  decltype(auto) result(OptSeconds timeout = forever, loc where = loc::current()) const {
    detail::CallScope call(CallKind::future_result, core_->sim_handle(), where);
    call.timeout(timeout);
    core_->wait_result(timeout, where);
    if constexpr (!std::is_void_v<R>) {
      call.returned_traceable(*value().value);
      return static_cast<const R&>(*value().value);
    } else {
      call.returned();
    }
  }
  /// Finishes with a value; InvalidStateError if already cancelled or finished.
  template <class V = R>
    requires(!std::is_void_v<V>)
  void set_result(V v, loc where = loc::current()) {
    detail::CallScope call(CallKind::future_set_result, core_->sim_handle(), where);
    call.arg_traceable(v);
    core_->finish([](detail::FutureCore& c, void* p) {
      static_cast<detail::FutureValue<R>&>(c).value.emplace(std::move(*static_cast<V*>(p)));
    }, &v, where, &call);
  }
  void set_result(loc where = loc::current())
    requires std::is_void_v<R>
  {
    detail::CallScope call(CallKind::future_set_result, core_->sim_handle(), where);
    core_->finish([](detail::FutureCore&, void*) {}, nullptr, where, &call);
  }
  /// Calls fn(future) once the future is done: at once in this thread if it already is,
  /// else later in whichever thread finishes or cancels it, in the order added. An exception
  /// fn throws is printed (real threads) and ignored; the other callbacks still run.
  void add_done_callback(std::function<void(const Future<R>&)> fn, loc where = loc::current()) {
    core_->add_done_callback([fn = std::move(fn)](detail::FutureCore& c) { fn(Future<R>(c.shared_from_this())); }, where);
  }

 private:
  explicit Future(std::shared_ptr<detail::FutureCore> c) : FutureBase(std::move(c)) {}
  detail::FutureValue<R>& value() const { return static_cast<detail::FutureValue<R>&>(*core_); }
};

}  // namespace weft

#include "futures_wait.hpp"  // wait(), as_completed()
