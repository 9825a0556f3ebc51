// weft::Future: CPython's concurrent/futures/_base.py Future over weft's Condition (an RLock
// per future), so both backends share the algorithm and the simulator explores CPython's
// interleavings. One deliberate change (docs/python_semantics.md): cancel() tells installed waiters at
// once, so cancelled futures count as done for wait() and as_completed().
#include <cstdio>
#include <string>

#include <weft/explore.hpp>
#include <weft/future.hpp>

#include "api/future_waiters.hpp"

namespace weft::detail {

namespace {
std::atomic<std::uint64_t> g_next_seq{0};
}  // namespace

void futures_log(const std::string& message) {
  if (!in_simulation()) std::fprintf(stderr, "concurrent.futures: %s\n", message.c_str());
}

// ---- FutureCore ----

FutureCore::FutureCore() : seq_(g_next_seq.fetch_add(1)) { cond_.set_display_kind(ObjectKind::future); }
FutureCore::~FutureCore() = default;

bool FutureCore::cancel(loc where) {
  std::vector<std::function<void(FutureCore&)>> callbacks;
  {
    CallScope call(CallKind::future_cancel, cond_.sim_handle(), where);
    Held h(cond_, where);
    const FutureState s = state_.load();
    if (s == FutureState::running || s == FutureState::finished || is_cancelled(s)) {
      call.returned_bool(is_cancelled(s));
      return is_cancelled(s);
    }
    state_ = FutureState::cancelled;
    // The documented rule, not CPython's code (docs/python_semantics.md, "Deliberate differences").
    for (FutureWaiter* w : waiters_) w->add_cancelled(*this, where);
    cond_.notify_all(where);
    callbacks = std::move(callbacks_);
    call.returned_bool(true);
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
    CallScope call(CallKind::future_set_exception, cond_.sim_handle(), where);
    Held h(cond_, where);
    const FutureState s = state_.load();
    if (is_done(s)) throw InvalidStateError(std::string(state_name(s)) + ": the future is already done");
    call.returned();
    exception_ = std::move(e);
    state_ = FutureState::finished;
    for (FutureWaiter* w : waiters_) w->add_exception(*this, where);
    cond_.notify_all(where);
    callbacks = std::move(callbacks_);
  }
  invoke_callbacks(callbacks);
}

void FutureCore::finish(void (*store)(FutureCore&, void*), void* arg, loc where, CallScope* call) {
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
  if (call != nullptr) call->end();
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

}  // namespace weft::detail
