// weft::ThreadPoolExecutor: CPython 3.13's concurrent/futures/thread.py over weft's
// SimpleQueue, Semaphore, Lock and Thread, so both backends share it and the simulator
// explores its interleavings (worker start, idle reuse, the shutdown sentinel).
#include <algorithm>
#include <thread>

#include <weft/explore.hpp>
#include <weft/thread_pool.hpp>

#include <weft/detail/held.hpp>
#include "sim/sim_ops.hpp"

namespace weft {

namespace detail {
void futures_log(const std::string& message);  // api/futures.cpp
}

namespace {
using loc = std::source_location;

// ThreadPoolExecutor._counter: counts executors; per execution inside a simulation, so
// names repeat identically in every execution.
struct SimPoolNumbers {
  int next = 0;
};

int next_pool_number() {
  if (sim::Execution* ex = detail::current_execution()) return sim::per_execution<SimPoolNumbers>(*ex).next++;
  static std::atomic<int> next{0};
  return next.fetch_add(1);
}

// work_queue.get_nowait(), or an empty optional for queue.Empty.
std::optional<detail::WorkItem> try_get(SimpleQueue<detail::WorkItem>& q, loc where) {
  try {
    return q.get_nowait(where);
  } catch (const Empty&) {
    return std::nullopt;
  }
}
}  // namespace

int ThreadPoolExecutor::default_max_workers() {
  const unsigned cpus = in_simulation() ? 4u : std::max(1u, std::thread::hardware_concurrency());
  return std::min(32, static_cast<int>(cpus) + 4);
}

ThreadPoolExecutor::ThreadPoolExecutor(std::optional<int> max_workers, std::string thread_name_prefix,
                                       std::function<void()> initializer, loc where)
    : ThreadPoolExecutor(Name{""}, max_workers, std::move(thread_name_prefix), std::move(initializer), where) {}

// Members are constructed in their declared order whatever the name, so ids do not change.
ThreadPoolExecutor::ThreadPoolExecutor(Name name, std::optional<int> max_workers, std::string thread_name_prefix,
                                       std::function<void()> initializer, loc where)
    : max_workers_(max_workers.value_or(default_max_workers())),
      prefix_(std::move(thread_name_prefix)),
      initializer_(std::move(initializer)),
      where_(where),
      work_queue_(name),
      idle_semaphore_(name, 0),
      shutdown_lock_(name.text) {
  if (max_workers_ <= 0) throw ValueError("max_workers must be greater than 0", where);
  if (prefix_.empty()) prefix_ = "ThreadPoolExecutor-" + std::to_string(next_pool_number());
  work_queue_.set_display_kind(ObjectKind::executor);
}

ThreadPoolExecutor::~ThreadPoolExecutor() {
  const detail::NoUnwindScope destructor_must_not_throw;
  shutdown(true, false, where_);  // its row points at the line that made the pool
}

const detail::SimHandle* ThreadPoolExecutor::work_queue_sim_handle() const { return work_queue_.sim_handle(); }

void ThreadPoolExecutor::submit_item(detail::WorkItem item, loc where) {
  detail::CallScope call(CallKind::pool_submit, work_queue_.sim_handle(), where);
  detail::Held held(shutdown_lock_, where);
  if (!broken_.empty()) throw BrokenThreadPool(broken_, where);
  if (shutdown_.load()) throw RuntimeError("cannot schedule new futures after shutdown", where);
  work_queue_.put(std::move(item), true, forever, where);
  adjust_thread_count(where);
  call.returned();
}

// An idle worker takes the item; otherwise start one, up to max_workers.
void ThreadPoolExecutor::adjust_thread_count(loc where) {
  if (idle_semaphore_.acquire(true, 0.0, where)) return;
  const std::size_t n = threads_.size();
  if (n < static_cast<std::size_t>(max_workers_)) {
    auto t = std::make_unique<Thread>(ThreadOptions{prefix_ + "_" + std::to_string(n), false}, [this] { worker(); });
    t->start(where);
    threads_.push_back(std::move(t));
    nthreads_.store(threads_.size());
  }
}

void ThreadPoolExecutor::worker() {
  const loc where = where_;
  if (initializer_) {
    try {
      initializer_();
    } catch (...) {
      sim::rethrow_if_unwind();
      detail::futures_log("Exception in initializer");
      initializer_failed();
      return;
    }
  }
  for (;;) {
    bool run = false;
    std::optional<detail::WorkItem> item = take_work(where, run);
    if (item->future) {
      if (run) {
        try {
          item->task->run(where);
        } catch (...) {  // any exception, as CPython catches BaseException
          sim::rethrow_if_unwind();
          item->future->set_exception(std::current_exception(), where);
        }
      }
      continue;  // the item (and the references it holds) goes now
    }
    if (shutdown_.load()) {
      detail::CallScope call(CallKind::pool_worker_exit, work_queue_.sim_handle(), where);
      work_queue_.put(detail::WorkItem{}, true, forever, where);  // tell the next worker
      call.returned();
      return;
    }
  }
}

// The next work item, marked running: one row "worker takes a task" (docs/exploration.md, "User-level rows").
// `run`: the item is a call to run now (its future was not cancelled).
std::optional<detail::WorkItem> ThreadPoolExecutor::take_work(loc where, bool& run) {
  detail::CallScope call(CallKind::pool_worker_get, work_queue_.sim_handle(), where);
  std::optional<detail::WorkItem> item = try_get(work_queue_, where);
  if (!item) {
    idle_semaphore_.release(1, where);  // about to block: this worker counts as idle
    item = work_queue_.get(true, forever, where);
  }
  run = item->future && item->future->set_running_or_notify_cancel(where);
  call.returned();
  return item;
}

// The pool becomes unusable: every queued call fails with BrokenThreadPool.
void ThreadPoolExecutor::initializer_failed() {
  const loc where = loc::current();
  detail::Held held(shutdown_lock_, where);
  broken_ = "A thread initializer failed, the thread pool is not usable anymore";
  bool drained_sentinel = false;
  while (std::optional<detail::WorkItem> item = try_get(work_queue_, where)) {
    if (item->future)
      item->future->set_exception(std::make_exception_ptr(BrokenThreadPool(broken_, where)), where);
    else
      drained_sentinel = true;
  }
  // CPython drops a shutdown sentinel here too, which can leave idle workers blocked for
  // ever; weft puts it back.
  if (drained_sentinel) work_queue_.put(detail::WorkItem{}, true, forever, where);
}

void ThreadPoolExecutor::shutdown(bool wait, bool cancel_futures, loc where) {
  detail::CallScope call(CallKind::pool_shutdown, work_queue_.sim_handle(), where);
  {
    detail::Held held(shutdown_lock_, where);
    shutdown_.store(true);
    if (cancel_futures) {
      while (std::optional<detail::WorkItem> item = try_get(work_queue_, where))
        if (item->future) item->future->cancel(where);
    }
    work_queue_.put(detail::WorkItem{}, true, forever, where);  // wake a worker blocked in get()
  }
  if (wait)
    for (auto& t : threads_) t->join(forever, where);
  call.returned();
}

}  // namespace weft
