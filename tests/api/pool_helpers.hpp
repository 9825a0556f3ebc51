#pragma once
// Helpers for the CPython Lib/test/test_concurrent_futures port (docs/python_semantics.md,
// "The CPython test suites weft runs"): futures in every state (CPython's create_future
// fixtures) and small task functions.
#include <cmath>
#include <exception>
#include <stdexcept>
#include <string>

#include <weft/future.hpp>
#include <weft/thread_pool.hpp>

#include "both_backends.hpp"

namespace pooltests {

using namespace weft;
using namespace locktests;

/// CPython's OSError() stored in EXCEPTION_FUTURE.
struct OSError : std::runtime_error {
  OSError() : std::runtime_error("OSError") {}
};
/// ZeroDivisionError, raised by divmod(x, 0).
struct ZeroDivisionError : std::domain_error {
  ZeroDivisionError() : std::domain_error("integer division or modulo by zero") {}
};

/// CPython's create_future(state, exception, result), reached through the public API.
inline Future<int> create_future(FutureState state, std::exception_ptr exception = nullptr, int result = 0) {
  Future<int> f;
  switch (state) {
    case FutureState::pending: break;
    case FutureState::running: f.set_running_or_notify_cancel(); break;
    case FutureState::cancelled: f.cancel(); break;
    case FutureState::cancelled_and_notified:
      f.cancel();
      f.set_running_or_notify_cancel();
      break;
    case FutureState::finished:
      if (exception)
        f.set_exception(exception);
      else
        f.set_result(result);
      break;
  }
  return f;
}

/// The fixtures of test_concurrent_futures/util.py, created fresh in each execution.
struct Fixtures {
  Future<int> PENDING_FUTURE = create_future(FutureState::pending);
  Future<int> RUNNING_FUTURE = create_future(FutureState::running);
  Future<int> CANCELLED_FUTURE = create_future(FutureState::cancelled);
  Future<int> CANCELLED_AND_NOTIFIED_FUTURE = create_future(FutureState::cancelled_and_notified);
  Future<int> EXCEPTION_FUTURE = create_future(FutureState::finished, std::make_exception_ptr(OSError()));
  Future<int> SUCCESSFUL_FUTURE = create_future(FutureState::finished, nullptr, 42);
};

inline int mul(int x, int y) { return x * y; }
inline int divmod_q(int x, int y) {
  if (y == 0) throw ZeroDivisionError();
  return x / y;
}
/// time.sleep(t), returning t (map() needs a value).
inline double sleep_for(double t) {
  sleep(secs(t));
  return t;
}
inline int sleep_and_raise(double t) {
  sleep(secs(t));
  throw std::runtime_error("sleep_and_raise");
}

/// The futures of a DoneAndNotDone list, compared to the expected ones as sets.
template <class F>
bool same_set(const std::vector<F>& got, std::initializer_list<F> want) {
  if (got.size() != want.size()) return false;
  for (const F& w : want)
    if (std::find(got.begin(), got.end(), w) == got.end()) return false;
  return true;
}

}  // namespace pooltests
