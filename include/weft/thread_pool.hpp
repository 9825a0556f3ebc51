#pragma once
// weft::ThreadPoolExecutor: concurrent.futures.ThreadPoolExecutor (docs/python_semantics.md), built as
// CPython 3.13 builds it: a SimpleQueue of work items, workers started lazily and reused
// through an idle Semaphore, a shutdown Lock. Workers are ordinary weft threads, so inside
// explore() their interleavings are explored like any other. Create the executor inside the
// simulated body (its workers belong to one execution).
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <ranges>
#include <source_location>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "errors.hpp"
#include "future.hpp"
#include "lock.hpp"
#include "name.hpp"
#include "queue.hpp"
#include "semaphore.hpp"
#include "thread.hpp"
#include "timeout.hpp"

namespace weft {

/// concurrent.futures.BrokenExecutor (a RuntimeError).
class BrokenExecutor : public RuntimeError {
 public:
  explicit BrokenExecutor(const std::string& what, std::source_location where = std::source_location::current())
      : RuntimeError(what, where, false) {}
};
/// A worker's initializer failed: queued futures get it as their exception, submit() raises it.
class BrokenThreadPool : public BrokenExecutor {
 public:
  using BrokenExecutor::BrokenExecutor;
};

namespace detail {
struct PoolTask {  // one submitted call, type-erased and move-only
  virtual ~PoolTask() = default;
  // Calls fn and stores its result in the future; `where` names the set_result row.
  virtual void run(std::source_location where) = 0;
};
struct WorkItem {  // an empty item is CPython's None wake-up sentinel
  std::shared_ptr<FutureCore> future;
  std::unique_ptr<PoolTask> task;
};
}  // namespace detail

template <class R>
class MapResults;

/// A pool of at most max_workers threads running submitted calls in submission order.
/// - max_workers: default min(32, cpu_count + 4), where cpu_count is 4 inside a simulation (so
///   the default, 8, does not depend on the machine) and std::thread::hardware_concurrency()
///   on real threads; <= 0 raises ValueError("max_workers must be greater than 0").
/// - Workers are named "<prefix>_<i>"; the default prefix is "ThreadPoolExecutor-<n>", n
///   counting executors (per execution in the simulator). initializer runs once in each
///   worker before any work; if it throws, the pool is broken: queued futures get
///   BrokenThreadPool, and so does every later submit().
/// - Workers start lazily: submit() starts one only if no worker is idle and fewer than
///   max_workers exist, so sequential submit-and-wait keeps one thread.
/// - The destructor is shutdown(wait=true): use the executor as an RAII scope (Python's
///   `with`). Deadlock warning (as Python's docs): a task waiting on a future that only this
///   saturated pool could run waits for ever; explore() reports it as a deadlock.
class ThreadPoolExecutor {
  using loc = std::source_location;

 public:
  /// No worker starts here (they start on submit). ValueError for max_workers <= 0.
  explicit ThreadPoolExecutor(std::optional<int> max_workers = std::nullopt, std::string thread_name_prefix = "",
                              std::function<void()> initializer = {}, loc where = loc::current());
  /// As above, and reports call its work queue `name (Executor#5)` and its lock and
  /// semaphore `name (Lock#7)`, `name (Semaphore#6)` (docs/labels.md); the workers' thread
  /// names still come from thread_name_prefix. An empty name is no name.
  explicit ThreadPoolExecutor(Name name, std::optional<int> max_workers = std::nullopt,
                              std::string thread_name_prefix = "", std::function<void()> initializer = {},
                              loc where = loc::current());
  /// shutdown(wait=true): every worker is joined before the executor goes away.
  ~ThreadPoolExecutor();
  ThreadPoolExecutor(const ThreadPoolExecutor&) = delete;
  ThreadPoolExecutor& operator=(const ThreadPoolExecutor&) = delete;

  /// Schedules fn(args...) (decayed copies, moved into the call) and returns its Future. A
  /// task's exception, of any type, is stored in the future for result() to rethrow.
  /// BrokenThreadPool when broken; RuntimeError("cannot schedule new futures after
  /// shutdown") after shutdown(), also from inside a task.
  /// A call with up to three arguments records the caller's line for its row (a parameter
  /// pack cannot be followed by a defaulted std::source_location, so these are overloads);
  /// with more, the row names this header.
  template <class F>
  auto submit(F&& fn, loc where = loc::current()) {
    return submit_at(where, std::forward<F>(fn));
  }
  template <class F, class A1>
  auto submit(F&& fn, A1&& a1, loc where = loc::current()) {
    return submit_at(where, std::forward<F>(fn), std::forward<A1>(a1));
  }
  template <class F, class A1, class A2>
  auto submit(F&& fn, A1&& a1, A2&& a2, loc where = loc::current()) {
    return submit_at(where, std::forward<F>(fn), std::forward<A1>(a1), std::forward<A2>(a2));
  }
  template <class F, class A1, class A2, class A3>
  auto submit(F&& fn, A1&& a1, A2&& a2, A3&& a3, loc where = loc::current()) {
    return submit_at(where, std::forward<F>(fn), std::forward<A1>(a1), std::forward<A2>(a2), std::forward<A3>(a3));
  }
  template <class F, class A1, class A2, class A3, class A4, class... Rest>
  auto submit(F&& fn, A1&& a1, A2&& a2, A3&& a3, A4&& a4, Rest&&... rest) {
    return submit_at(loc::current(), std::forward<F>(fn), std::forward<A1>(a1), std::forward<A2>(a2),
                     std::forward<A3>(a3), std::forward<A4>(a4), std::forward<Rest>(rest)...);
  }

  /// Python's map(fn, items, timeout): submits fn(item) for every item now, and returns the
  /// results in input order (see MapResults). The timeout counts from this call.
  template <class F, std::ranges::input_range Range>
  auto map(F fn, Range&& items, OptSeconds timeout = forever, loc where = loc::current()) {
    using R = std::invoke_result_t<F, std::decay_t<std::ranges::range_reference_t<Range>>>;
    static_assert(!std::is_void_v<R>, "map() needs a function returning a value; use submit()");
    std::optional<double> end;
    if (timeout) end = timeout->count() + monotonic(where);
    std::vector<Future<R>> fs;
    detail::CallScope call(CallKind::pool_map, work_queue_sim_handle(), where);
    for (auto&& item : items) fs.push_back(submit_at(where, fn, item));
    call.returned();
    return MapResults<R>(std::move(fs), end, where);
  }

  /// Python's map(fn, *iterables, timeout): with two or more ranges, submits
  /// fn(a_i, b_i, ...) for each i now, pairing the items as zip() does and stopping at the
  /// shortest range; the results are as the one-range form's. An optional timeout
  /// (OptSeconds, or anything convertible to it) may follow the last range. Misuse reports
  /// name this header rather than the call site (a parameter pack cannot be followed by a
  /// defaulted std::source_location).
  template <class F, std::ranges::input_range R1, std::ranges::input_range R2, class... Rest>
  auto map(F fn, R1&& first, R2&& second, Rest&&... rest) {
    constexpr std::size_t kArgs = 2 + sizeof...(Rest);
    constexpr std::size_t kRanges = 2 + leading_ranges<Rest...>();
    static_assert(kArgs - kRanges <= 1, "map(fn, ranges..., timeout): only a timeout may follow the ranges");
    auto args = std::forward_as_tuple(std::forward<R1>(first), std::forward<R2>(second), std::forward<Rest>(rest)...);
    OptSeconds timeout = forever;
    if constexpr (kRanges < kArgs) timeout = std::get<kRanges>(args);
    return [&]<std::size_t... I>(std::index_sequence<I...>) {
      return map_zip(fn, timeout, loc::current(), std::get<I>(args)...);
    }(std::make_index_sequence<kRanges>{});
  }

  /// Refuses new work; with cancel_futures, cancels every call not yet started; work queued
  /// before still runs. wait: joins every worker (RuntimeError "cannot join current thread"
  /// if called from one of them). Safe to call several times.
  void shutdown(bool wait = true, bool cancel_futures = false, loc where = loc::current());

  /// The limit on workers, and the prefix of their names.
  int max_workers() const { return max_workers_; }
  const std::string& thread_name_prefix() const { return prefix_; }
  /// How many workers have been started (Python's len(executor._threads)).
  std::size_t thread_count() const { return nthreads_.load(); }
  /// The default max_workers here: min(32, cpu_count + 4), cpu_count = 4 when simulated.
  static int default_max_workers();

 private:
  // submit(), with the caller's line for its row.
  template <class F, class... Args>
  auto submit_at(loc where, F&& fn, Args&&... args) {
    using R = std::invoke_result_t<std::decay_t<F>, std::decay_t<Args>...>;
    Future<R> future;
    submit_item(detail::WorkItem{future.shared_core(), std::make_unique<Task<R, std::decay_t<F>, std::decay_t<Args>...>>(
                                                    future, std::forward<F>(fn), std::forward<Args>(args)...)}, where);
    return future;
  }
  template <class R, class F, class... Args>
  struct Task : detail::PoolTask {
    template <class G, class... A>
    Task(Future<R> f, G&& g, A&&... a) : future(std::move(f)), fn(std::forward<G>(g)), args(std::forward<A>(a)...) {}
    void run(std::source_location where) override {
      if constexpr (std::is_void_v<R>) {
        std::apply(std::move(fn), std::move(args));
        future.set_result(where);
      } else {
        future.set_result(std::apply(std::move(fn), std::move(args)), where);
      }
    }
    Future<R> future;
    F fn;
    std::tuple<Args...> args;
  };
  template <class... Ts>
  static constexpr std::size_t leading_ranges() {
    constexpr bool is_range[] = {std::ranges::input_range<Ts>..., false};
    std::size_t n = 0;
    while (is_range[n]) ++n;
    return n;
  }
  // zip(ranges...) then submit each tuple, as CPython's map (all submitted before it returns).
  template <class F, class... Ranges>
  auto map_zip(F& fn, OptSeconds timeout, loc where, Ranges&... ranges) {
    using R = std::invoke_result_t<F, std::decay_t<std::ranges::range_reference_t<Ranges>>...>;
    static_assert(!std::is_void_v<R>, "map() needs a function returning a value; use submit()");
    std::optional<double> end;
    if (timeout) end = timeout->count() + monotonic(where);
    std::vector<Future<R>> fs;
    auto its = std::make_tuple(std::ranges::begin(ranges)...);
    const auto ends = std::make_tuple(std::ranges::end(ranges)...);
    const auto any_done = [&]<std::size_t... I>(std::index_sequence<I...>) {
      return ((std::get<I>(its) == std::get<I>(ends)) || ...);
    };
    const auto seq = std::index_sequence_for<Ranges...>{};
    while (!any_done(seq)) {
      [&]<std::size_t... I>(std::index_sequence<I...>) {
        fs.push_back(submit_at(where, fn, *std::get<I>(its)...));
        (++std::get<I>(its), ...);
      }(seq);
    }
    return MapResults<R>(std::move(fs), end, where);
  }
  void submit_item(detail::WorkItem item, loc where);
  const detail::SimHandle* work_queue_sim_handle() const;
  void adjust_thread_count(loc where);
  std::optional<detail::WorkItem> take_work(loc where, bool& run);
  void worker();
  void initializer_failed();

  int max_workers_;
  std::string prefix_;
  std::function<void()> initializer_;
  loc where_;  // the constructor's caller: where the workers' own rows point
  SimpleQueue<detail::WorkItem> work_queue_;
  Semaphore idle_semaphore_{0};
  Lock shutdown_lock_;
  std::string broken_;                // guarded by shutdown_lock_; non-empty: broken
  std::atomic<bool> shutdown_{false};  // written under shutdown_lock_
  std::vector<std::unique_ptr<Thread>> threads_;  // in start order
  std::atomic<std::size_t> nthreads_{0};
};

/// The results of ThreadPoolExecutor::map, in input order, as a single-pass range (or by
/// next()). Each step waits for its call with what is left of the map() timeout:
/// TimeoutError, or the call's exception, is raised from next()/++ after cancelling every
/// call not yet yielded (calls already running finish). Destroying it after iteration began
/// but before the end cancels the rest too; never iterating it cancels nothing.
template <class R>
class MapResults {
  using loc = std::source_location;

 public:
  MapResults(std::vector<Future<R>> fs, std::optional<double> end, loc where)
      : fs_(std::make_move_iterator(fs.begin()), std::make_move_iterator(fs.end())), end_(end), where_(where) {}
  MapResults(MapResults&& o) noexcept
      : fs_(std::move(o.fs_)), next_(o.next_), end_(o.end_), where_(o.where_), started_(o.started_),
        current_(std::move(o.current_)), value_(o.value_) {
    o.fs_.clear();
    o.next_ = 0;
  }
  MapResults& operator=(MapResults&&) = delete;
  ~MapResults() {
    const detail::NoUnwindScope destructor_must_not_throw;
    if (started_) close();
  }

  /// The next result (a copy), or nullopt after the last.
  std::optional<R> next() {
    if (!advance()) return std::nullopt;
    return *value_;
  }
  /// Python's list(results).
  std::vector<R> to_vector() {
    std::vector<R> out;
    while (auto r = next()) out.push_back(std::move(*r));
    return out;
  }
  /// Cancels every call not yet yielded (Python's generator close()).
  void close() {
    for (; next_ < fs_.size(); ++next_) fs_[next_]->cancel(where_);
  }

  class iterator {
   public:
    using value_type = R;
    using difference_type = std::ptrdiff_t;
    explicit iterator(MapResults* m) : m_(m) { ++*this; }
    const R& operator*() const { return *m_->value_; }
    iterator& operator++() {
      if (!m_->advance()) m_ = nullptr;
      return *this;
    }
    void operator++(int) { ++*this; }
    bool operator==(std::default_sentinel_t) const { return m_ == nullptr; }

   private:
    MapResults* m_;
  };
  iterator begin() { return iterator(this); }
  std::default_sentinel_t end() const { return {}; }

 private:
  // CPython's _result_or_cancel: wait for the next future, cancel it either way.
  bool advance() {
    started_ = true;
    if (next_ >= fs_.size()) return false;
    current_ = std::move(fs_[next_]);  // as CPython pops it: no reference kept once passed
    fs_[next_++].reset();
    try {
      value_ = end_ ? &current_->result(*end_ - monotonic(where_), where_) : &current_->result(forever, where_);
    } catch (...) {
      current_->cancel(where_);
      close();
      throw;
    }
    current_->cancel(where_);
    return true;
  }

  std::vector<std::optional<Future<R>>> fs_;
  std::size_t next_ = 0;
  std::optional<double> end_;
  loc where_;
  bool started_ = false;
  std::optional<Future<R>> current_;  // the future being yielded (keeps value_ alive)
  const R* value_ = nullptr;
};

}  // namespace weft
