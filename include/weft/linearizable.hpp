#pragma once
// Linearizability checking of recorded histories (docs/linearizability.md).
//
// A history is what concurrent code did to one shared object: every operation's invocation and
// response in real-time order, with its thread, name, arguments and result. A history is
// linearizable when some sequential order of its operations (a) keeps every operation that
// returned before another was invoked ahead of it, and (b) makes a sequential model return
// every recorded result; an operation that never returned may be placed anywhere after its
// invocation or left out (Herlihy & Wing, "Linearizability: a correctness condition for
// concurrent objects", TOPLAS 1990).
//
// weft::linearizable searches for that order: Wing & Gong's backtracking search ("Testing and
// verifying concurrent objects", J. Parallel Distrib. Comput. 1993) with Lowe's memoisation
// of (set of placed operations, model state) ("Testing for linearizability", Concurrency and
// Computation: Practice and Experience 2017), and, when the model says operations on different
// keys are independent, one search per key (Horn & Kroening, "Faster linearizability checking
// via P-compositionality", FORTE 2015).
//
// Nothing here depends on weft's simulator: a history recorded on OS threads, under
// weft::explore or read from a log is checked alike. Link the weft_lincheck library.
#include <compare>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <variant>
#include <vector>

#include <weft/lin/history.hpp>
#include <weft/lin/models.hpp>

namespace weft::lin {

// ---------------------------------------------------------------------------------------------
// The check.

struct CheckOptions {
  /// Split the history by the model's partition() keys (PartitionedModel only).
  bool partition = true;
  /// Give up (Verdict::gave_up) once the search has memoised this many configurations; 0 = no
  /// limit. A bound on time (a million take a second or a few) and memory (each costs about
  /// 50 bytes, plus its model state when that state is new: a queue of 30 values is ~750 bytes).
  std::uint64_t max_configurations = 1000000;
  /// QueueModel only: decide a history whose enqueued values are all distinct in polynomial
  /// time, from the violation patterns of Henzinger, Sezgin & Vafeiadis ("Aspect-oriented
  /// linearizability proofs", CONCUR 2013), instead of searching (docs/linearizability.md, "A
  /// queue with distinct values"). It applies when every operation is enqueue(v) or dequeue(),
  /// no value is enqueued twice and no dequeue is pending (pending enqueues are fine); any
  /// other history is searched. CheckStats::queue_check tells which way a history went. When
  /// it finds a violation, the search still runs, with at most queue_explain_configurations, to
  /// fill prefix, blocked and conflicts; the explanation's first line names the violation.
  /// false: always search (the tests compare the two).
  bool queue_fast_path = true;
};

/// The budget of the search that explains a violation found by the queue check (see
/// CheckOptions::queue_fast_path); the smaller of this and max_configurations.
inline constexpr std::uint64_t queue_explain_configurations = 20000;

enum class Verdict : std::uint8_t {
  linearizable,
  not_linearizable,
  gave_up,  // CheckOptions::max_configurations reached before an answer
};

/// Why no order works, at the deepest point the search reached: one operation that can take
/// effect next, and what the model would return there instead of the recorded result.
struct Conflict {
  OpId op = 0;
  Value model_result;  // what step() returns for op in the state after CheckResult::prefix
  bool fits = false;   // the model's result equals the recorded one (or op is pending)
};

/// Counters of one check.
struct CheckStats {
  std::uint64_t configurations = 0;  // distinct (placed operations, state) pairs memoised
  std::uint64_t steps = 0;           // calls of the model's step()
  std::uint64_t cache_hits = 0;      // placements skipped because memoised
  std::uint64_t backtracks = 0;      // placements undone
  std::uint64_t states = 0;          // distinct model states met (summed over parts)
  std::size_t parts = 1;             // sub-histories checked (more than 1: split by key)
  bool queue_check = false;          // decided by the distinct-value queue check (no search,
                                     // but one bounded search to explain a violation)
};

/// What linearizable() found.
struct CheckResult {
  Verdict verdict = Verdict::linearizable;
  bool ok() const noexcept { return verdict == Verdict::linearizable; }

  /// linearizable: one order that explains every result, as operation ids: every completed
  /// operation, plus the pending ones that took effect in it. When the queue check decided
  /// (stats.queue_check), its greedy construction gives the order; should that construction
  /// get stuck, `order` is empty although the verdict stands (never seen in the tests).
  std::vector<OpId> order;

  /// not_linearizable: the longest prefix of some order that explains its operations' results
  /// (of the failing key's sub-history when split). Among equally long ones, the first found.
  std::vector<OpId> prefix;
  /// not_linearizable: the completed operation that no order can place after `prefix`: of the
  /// operations not in it, the first to return. It, or an operation invoked before it
  /// returned, must take effect next.
  std::optional<OpId> blocked;
  /// not_linearizable: every operation that could take effect next (invoked before `blocked`
  /// returned, not in `prefix`), by id, with the model's result for it there.
  std::vector<Conflict> conflicts;
  /// not_linearizable after a split: the key whose sub-history fails.
  std::optional<Value> key;
  /// not_linearizable: the model's describe() of the state after `prefix` ("" without one).
  std::string state;

  /// not ok: a few lines for a reader (what failed, the prefix, the conflicts); "" when ok.
  std::string explanation;
  CheckStats stats;
};

namespace detail {

using StateId = std::uint32_t;

/// The search's view of a model: states interned as dense ids, so the search itself is not a
/// template (lincheck/wgl_search.cpp).
class ModelView {
 public:
  virtual ~ModelView() = default;
  virtual StateId initial() = 0;
  /// The model's result for op in state s; the state after it waits for keep().
  virtual Value step(StateId s, const Operation& op) = 0;
  /// Interns the state the last step() reached and returns its id.
  virtual StateId keep() = 0;
  virtual std::string describe(StateId s) = 0;
  virtual bool partitioned() const = 0;
  virtual std::optional<Value> partition(const Operation& op) const = 0;
  /// The number of states interned since the last forget().
  virtual std::size_t states() const = 0;
  /// Drops every interned state: ids from before are invalid.
  virtual void forget() = 0;
};

CheckResult check(const History& h, ModelView& model, const CheckOptions& options);

/// The queue check (lincheck/queue_check.cpp): the result, or std::nullopt when the history
/// does not qualify (CheckOptions::queue_fast_path).
std::optional<CheckResult> check_queue(const History& h, const CheckOptions& options);

template <SequentialModel M>
class ModelAdapter final : public ModelView {
  using State = typename M::State;

 public:
  explicit ModelAdapter(const M& m) : m_(m) {}

  StateId initial() override {
    next_.emplace(m_.initial());
    return keep();
  }
  Value step(StateId s, const Operation& op) override {
    std::pair<State, Value> r = m_.step(states_[s], op);
    next_.emplace(std::move(r.first));
    return std::move(r.second);
  }
  /// Looks the state up by value (open addressing over ids; never iterated) and adds it when new.
  StateId keep() override {
    const std::size_t h = hash(*next_);
    if ((states_.size() + 1) * 2 > slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const StateId slot = slots_[i];
      if (slot == 0) {
        slots_[i] = static_cast<StateId>(states_.size() + 1);
        states_.push_back(std::move(*next_));
        hashes_.push_back(h);
        return slots_[i] - 1;
      }
      if (hashes_[slot - 1] == h && states_[slot - 1] == *next_) return slot - 1;
    }
  }
  std::string describe(StateId s) override {
    if constexpr (requires { { m_.describe(states_[s]) } -> std::convertible_to<std::string>; })
      return m_.describe(states_[s]);
    else return {};
  }
  bool partitioned() const override { return PartitionedModel<M>; }
  std::optional<Value> partition(const Operation& op) const override {
    if constexpr (PartitionedModel<M>) return m_.partition(op);
    else return std::nullopt;
  }
  std::size_t states() const override { return states_.size(); }
  void forget() override {
    states_.clear();
    hashes_.clear();
    slots_.clear();
  }

 private:
  std::size_t hash(const State& s) const {
    if constexpr (requires { m_.hash(s); }) return static_cast<std::size_t>(m_.hash(s));
    else return std::hash<State>{}(s);
  }
  void grow() {
    std::vector<StateId> slots(slots_.empty() ? 1024 : slots_.size() * 2, 0);
    const std::size_t mask = slots.size() - 1;
    for (std::size_t id = 0; id < states_.size(); ++id) {
      std::size_t i = hashes_[id] & mask;
      while (slots[i] != 0) i = (i + 1) & mask;
      slots[i] = static_cast<StateId>(id + 1);
    }
    slots_ = std::move(slots);
  }

  const M& m_;
  std::optional<State> next_;        // reached by the last step()
  std::vector<State> states_;        // id -> state
  std::vector<std::size_t> hashes_;  // id -> hash(state)
  std::vector<StateId> slots_;       // id + 1, 0 = free; a power of two long
};

}  // namespace detail
}  // namespace weft::lin

namespace weft {

/// Is `history` linearizable with respect to `model`? Returns a linearization when it is, and
/// the longest linearizable prefix found plus the operations that cannot follow it when it is
/// not (docs/linearizability.md). Pending operations may take effect anywhere after their
/// invocation, with any result, or not at all. Deterministic: the same history and model give
/// the same result, order and explanation. Exponential in the number of overlapping operations
/// in the worst case (linearizability checking is NP-complete: Gibbons & Korach, SIAM J.
/// Comput. 1997); CheckOptions::max_configurations bounds it. Exceptions from the model
/// propagate. A QueueModel history whose enqueued values are distinct is decided in polynomial
/// time instead (CheckOptions::queue_fast_path).
template <lin::SequentialModel M>
lin::CheckResult linearizable(const lin::History& history, const M& model,
                              const lin::CheckOptions& options = {}) {
  if constexpr (std::same_as<M, lin::QueueModel>) {
    if (options.queue_fast_path)
      if (std::optional<lin::CheckResult> r = lin::detail::check_queue(history, options)) return std::move(*r);
  }
  lin::detail::ModelAdapter<M> view(model);
  return lin::detail::check(history, view, options);
}

}  // namespace weft
