#pragma once
// The subtrees a dpor search's workers explore ahead of their owners (Slot), and the board
// they are posted on and taken from (model/parallel_dpor_search.cpp, docs/parallel.md).
#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <vector>

#include <weft/result.hpp>

#include "detect/coverage.hpp"
#include "model/dpor_job.hpp"
#include "model/execution_account.hpp"
#include "model/final_states.hpp"

namespace weft::model {

/// One subtree explored ahead of its owner's search: the job, and what exploring it gave.
struct Slot {
  enum State : int { queued, running, done };
  DporJob job;
  DporOutcome outcome;
  std::uint64_t limit = 0;  // executions it may run: the owner could not count more
  Stats stats;              // executions, steps, pruned, conflicts, max enabled threads
  FinalStates finals;
  detect::CoverageRecorder coverage;
  std::vector<ExecutionRecord> records;  // every execution's, when all_records
  bool all_records = false;              // its limit is small (parallel_dpor_search.cpp)
  std::optional<FoundFailure> failure;  // numbered by its place in the subtree
  std::vector<TraceEvent> last_events;  // when a coverage label is declared
  bool finished = false;                // explored to its end, or to its failure
  std::atomic<int> state{queued};
  std::atomic<bool> cancelled{false};   // its owner no longer needs it
  std::atomic<bool> awaited{false};     // its owner waits for it (DporStrategy::follow)
};
using SlotPtr = std::shared_ptr<Slot>;

/// The branches of a search whose subtree changed after they were posted, which it does not
/// post again (model/parallel_dpor_search.cpp). Keys of states the search has left never
/// come again: whenever the set has doubled, add() forgets those for which `on_stack` is
/// false, so the set stays as small as the search's stack needs.
class ChangedBranches {
 public:
  template <class OnStack>
  void add(const DporJobKey& key, OnStack&& on_stack) {
    if (keys_.size() >= forget_at_) {
      std::erase_if(keys_, [&](const DporJobKey& k) { return !on_stack(k); });
      forget_at_ = std::max<std::size_t>(kFirstForget, 2 * keys_.size());
    }
    keys_.insert(key);
  }
  bool contains(const DporJobKey& key) const { return keys_.count(key) != 0; }
  std::size_t size() const { return keys_.size(); }

  static constexpr std::size_t kFirstForget = 1024;

 private:
  std::set<DporJobKey> keys_;
  std::size_t forget_at_ = kFirstForget;
};

/// The jobs posted and not yet taken, and the workers looking for one.
class Board {
 public:
  void post(const SlotPtr& s) {
    {
      const std::lock_guard<std::mutex> lock(m_);
      queue_.push_back(s);
      queued_.store(queue_.size(), std::memory_order_relaxed);
      ++changes_;
    }
    changed_.notify_all();
  }
  // A posted job, now running; nullptr when there is none.
  SlotPtr try_take() {
    const std::lock_guard<std::mutex> lock(m_);
    return take_locked();
  }
  // Helper: waits for a job; nullptr once the search stops.
  SlotPtr take() {
    std::unique_lock<std::mutex> lock(m_);
    ++idle_;
    changed_.wait(lock, [&] { return stop_ || !queue_.empty(); });
    --idle_;
    return stop_ ? nullptr : take_locked();
  }
  // Owner: takes s back when nobody took it yet (true); else it is running or done.
  bool take_back(const SlotPtr& s) {
    const std::lock_guard<std::mutex> lock(m_);
    if (s->state.load() != Slot::queued) return false;
    queue_.erase(std::find(queue_.begin(), queue_.end(), s));
    queued_.store(queue_.size(), std::memory_order_relaxed);
    return true;
  }
  void finished(const SlotPtr& s) {
    {
      const std::lock_guard<std::mutex> lock(m_);
      s->state.store(Slot::done);
      ++changes_;
    }
    changed_.notify_all();
  }
  // Owner waiting for s, with nothing to take: sleeps until s is done or a job is posted.
  void wait(const SlotPtr& s) {
    std::unique_lock<std::mutex> lock(m_);
    ++idle_;
    const std::uint64_t seen = changes_;
    changed_.wait(lock, [&] { return changes_ != seen || s->state.load() == Slot::done || stop_; });
    --idle_;
  }
  // Some worker has nothing to do and no job is posted: an owner should post one.
  bool hungry() const { return idle_.load(std::memory_order_relaxed) > 0 && queued_.load(std::memory_order_relaxed) == 0; }
  bool stopped() const { return stop_.load(std::memory_order_relaxed); }
  void stop() {
    {
      const std::lock_guard<std::mutex> lock(m_);
      stop_ = true;
    }
    changed_.notify_all();
  }

 private:
  SlotPtr take_locked() {
    if (queue_.empty()) return nullptr;
    SlotPtr s = queue_.front();  // posted first: the shallowest subtree its owner had
    queue_.erase(queue_.begin());
    queued_.store(queue_.size(), std::memory_order_relaxed);
    s->state.store(Slot::running);
    return s;
  }

  std::mutex m_;
  std::condition_variable changed_;
  std::vector<SlotPtr> queue_;
  std::uint64_t changes_ = 0;
  std::atomic<int> idle_{0};
  std::atomic<std::size_t> queued_{0};  // queue_.size(), for hungry() without the lock
  std::atomic<bool> stop_{false};
};

}  // namespace weft::model
