#pragma once
// The OS threads of a parallel search's helpers (workers 1..jobs-1), each with its own
// execution, set up for the exploration (WorkerSetup) and marked parallel. Shared by the split
// dfs search and dpor with helpers.
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

#include <weft/options.hpp>

#include "model/judged_run.hpp"
#include "model/search_host.hpp"
#include "sim/execution.hpp"

namespace weft::model {

class WorkerThreads {
 public:
  /// Starts `count` threads, each calling work(its execution) once. When one throws, `abort`
  /// is called (to stop the others) and the first exception is kept for join().
  WorkerThreads(const Options& o, unsigned count, const WorkerSetup& setup, std::function<void(sim::Execution&)> work,
                std::function<void()> abort)
      : work_(std::move(work)), abort_(std::move(abort)) {
    threads_.reserve(count);
    for (unsigned k = 0; k < count; ++k) threads_.emplace_back([this, &o, &setup] { run(o, setup); });
  }
  ~WorkerThreads() { wait(); }
  WorkerThreads(const WorkerThreads&) = delete;
  WorkerThreads& operator=(const WorkerThreads&) = delete;

  /// Waits for every thread.
  void wait() {
    for (std::thread& t : threads_)
      if (t.joinable()) t.join();
  }
  /// Waits for every thread; rethrows the first exception one threw.
  void join() {
    wait();
    if (error_) std::rethrow_exception(std::exchange(error_, nullptr));
  }

 private:
  void run(const Options& o, const WorkerSetup& setup) {
    try {
      const std::shared_ptr<void> guard = setup ? setup() : nullptr;
      sim::Execution ex(config_of(o));
      ex.set_parallel(true);
      work_(ex);
    } catch (...) {
      abort_();
      const std::lock_guard<std::mutex> lock(m_);
      if (!error_) error_ = std::current_exception();
    }
  }

  std::function<void(sim::Execution&)> work_;
  std::function<void()> abort_;
  std::vector<std::thread> threads_;
  std::mutex m_;
  std::exception_ptr error_;
};

}  // namespace weft::model
