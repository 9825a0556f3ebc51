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

namespace weft::lin {

/// An argument or a result: none, "empty", a bool, an integer or a string. Values compare
/// (==, <=>) and hash by kind first, then content: Value(1) and Value(true) differ, so record a
/// bool result as a bool.
class Value {
 public:
  /// The kind of Value::empty(): what taking from an empty container returns.
  struct Empty {
    friend auto operator<=>(Empty, Empty) = default;
  };

  /// None: the result of an operation that returns nothing (write, enqueue), or a missing
  /// argument. Prints as "none".
  Value() = default;
  Value(bool b) : v_(b) {}
  /// Any integer, stored as std::int64_t (unsigned values above INT64_MAX wrap).
  template <std::integral I>
    requires(!std::same_as<I, bool>)
  Value(I i) : v_(static_cast<std::int64_t>(i)) {}
  Value(std::string s) : v_(std::make_shared<const std::string>(std::move(s))) {}
  Value(const char* s) : Value(std::string(s)) {}

  /// The result of dequeue/pop on an empty container. Prints as "empty".
  static Value empty() {
    Value v;
    v.v_ = Empty{};
    return v;
  }

  bool is_none() const noexcept { return v_.index() == 0; }
  bool is_empty() const noexcept { return v_.index() == 1; }
  bool is_bool() const noexcept { return v_.index() == 2; }
  bool is_int() const noexcept { return v_.index() == 3; }
  bool is_string() const noexcept { return v_.index() == 4; }
  /// The content. Precondition: the matching is_...(); otherwise std::bad_variant_access.
  bool as_bool() const { return std::get<bool>(v_); }
  std::int64_t as_int() const { return std::get<std::int64_t>(v_); }
  const std::string& as_string() const { return *std::get<String>(v_); }

  /// Equal values hash equally; the same value hashes the same in every run and process.
  std::size_t hash() const noexcept;
  /// "none", "empty", "true", "42", "\"text\"" (strings quoted).
  std::string to_string() const;

  friend bool operator==(const Value& a, const Value& b) noexcept {
    if (a.v_.index() != b.v_.index()) return false;
    if (a.is_string()) return a.as_string() == b.as_string();
    return a.v_ == b.v_;
  }
  friend std::strong_ordering operator<=>(const Value& a, const Value& b) noexcept {
    if (a.v_.index() != b.v_.index()) return a.v_.index() <=> b.v_.index();
    if (a.is_string()) return a.as_string() <=> b.as_string();
    return a.v_ <=> b.v_;
  }

 private:
  // Strings are shared (immutable), which keeps a Value at 24 bytes: model states that are
  // containers of Values are copied at every step of the search.
  using String = std::shared_ptr<const std::string>;
  std::variant<std::monostate, Empty, bool, std::int64_t, String> v_;
};

}  // namespace weft::lin

template <>
struct std::hash<weft::lin::Value> {
  std::size_t operator()(const weft::lin::Value& v) const noexcept { return v.hash(); }
};

namespace weft::lin {

/// What a thread called: a name and its arguments, such as enqueue(3), cas(1, 2) or read().
struct Operation {
  std::string name;
  std::vector<Value> args;

  /// "cas(1, 2)".
  std::string to_string() const;
  friend bool operator==(const Operation&, const Operation&) = default;
};

/// Operations are numbered 0, 1, 2... in the order they were invoked.
using OpId = std::uint32_t;
/// The thread (process) an operation ran on: any number, printed as T<n>.
using ProcessId = std::uint32_t;

/// One operation of a history.
struct OperationRecord {
  OpId id = 0;
  ProcessId thread = 0;
  Operation op;
  Value result;          // none while pending
  bool pending = true;   // invoked, never responded: it may or may not have taken effect
  std::size_t invoked_at = 0;    // index of its invocation in History::events()
  std::size_t responded_at = 0;  // index of its response; meaningless while pending

  /// "#3 T1 dequeue() -> 2"; "#4 T2 write(5)" (a none result is not printed);
  /// "#5 T0 enqueue(7) (pending)".
  std::string to_string() const;
};

/// One event of a history: an operation's invocation or its response.
struct HistoryEvent {
  enum class Kind : std::uint8_t { invoke, respond };
  Kind kind = Kind::invoke;
  OpId op = 0;
  ProcessId thread = 0;
};

/// A history of invocations and responses on one object, in real-time order.
///
/// Record it around each call on the object under test:
///   OpId id = h.invoke(thread, "enqueue", {3});  // before the call starts
///   q.enqueue(3);
///   h.respond(id);                               // after it returned (none: no result)
/// invoke() and respond() may be called concurrently from any threads (they take an internal
/// lock, so the recorded order is a real-time order as long as invoke happens before the call
/// and respond after it). Everything else reads the history and must wait until recording has
/// finished. An operation whose thread never responds (it crashed, was abandoned, or the run
/// ended) stays pending.
class History {
 public:
  History() = default;
  History(const History& other);
  History& operator=(const History& other);
  History(History&& other) noexcept;
  History& operator=(History&& other) noexcept;
  ~History() = default;

  /// Records that `thread` invoked `name(args...)` and returns the operation's id (ids count up
  /// from 0). Throws std::logic_error when `thread` has an operation that has not responded:
  /// each thread calls one operation at a time (Herlihy & Wing's well-formed histories).
  OpId invoke(ProcessId thread, std::string name, std::vector<Value> args = {});
  /// Records that operation `op` returned `result` (none for operations without one). Throws
  /// std::logic_error when `op` was never invoked or has already responded.
  void respond(OpId op, Value result = {});

  /// Every invocation and response, in the order recorded.
  const std::vector<HistoryEvent>& events() const noexcept { return events_; }
  /// Every operation, indexed by OpId.
  const std::vector<OperationRecord>& operations() const noexcept { return ops_; }
  /// Precondition: op < size().
  const OperationRecord& operation(OpId op) const { return ops_.at(op); }
  /// The number of operations (pending ones included).
  std::size_t size() const noexcept { return ops_.size(); }
  /// One line per event: "T1 invoke #0 enqueue(3)", "T1 return #0 -> none".
  std::string to_string() const;

 private:
  mutable std::mutex mutex_;
  std::vector<HistoryEvent> events_;
  std::vector<OperationRecord> ops_;
  std::unordered_map<ProcessId, OpId> open_;  // thread -> its operation awaiting a response
};

// ---------------------------------------------------------------------------------------------
// Sequential models.

/// A sequential specification of the object: a state type and what one operation does to it.
///   struct M {
///     using State = ...;                          // copyable, ==, hashable (below)
///     State initial() const;                      // the object before any operation
///     std::pair<State, Value> step(const State&, const Operation&) const;  // next state, result
///     std::size_t hash(const State&) const;       // optional when std::hash<State> exists
///     std::string describe(const State&) const;   // optional: the state in explanations
///     std::optional<Value> partition(const Operation&) const;  // optional: see PartitionedModel
///   };
/// step must be a function of its arguments (deterministic, no side effects): the checker calls
/// it many times on the same state, in any order. It may throw (say, std::invalid_argument on
/// an operation the model does not know); the exception propagates out of linearizable().
template <class M>
concept SequentialModel =
    std::copyable<typename M::State> && std::equality_comparable<typename M::State> &&
    requires(const M& m, const typename M::State& s, const Operation& op) {
      { m.initial() } -> std::convertible_to<typename M::State>;
      { m.step(s, op) } -> std::convertible_to<std::pair<typename M::State, Value>>;
    } &&
    (requires(const M& m, const typename M::State& s) {
      { m.hash(s) } -> std::convertible_to<std::size_t>;
    } || requires(const typename M::State& s) {
      { std::hash<typename M::State>{}(s) } -> std::convertible_to<std::size_t>;
    });

/// A model whose operations each touch one key (a set element, a map key): operations with
/// different keys commute and never see each other's effects, so the history is linearizable
/// exactly when each key's sub-history is (P-compositionality, Horn & Kroening, FORTE 2015).
/// partition(op) returns op's key; when it returns std::nullopt for any operation of a history
/// (size(), clear()), that history is checked whole. Each key's sub-history starts from
/// initial(), so the model's state must split by key (its other keys are untouched).
template <class M>
concept PartitionedModel = SequentialModel<M> && requires(const M& m, const Operation& op) {
  { m.partition(op) } -> std::convertible_to<std::optional<Value>>;
};

/// A read/write register holding a Value:
///   read() -> the value; write(v) -> none; cas(expected, desired) -> bool (true: it was
///   `expected` and is now `desired`).
struct RegisterModel {
  using State = Value;
  Value initial_value{std::int64_t{0}};

  State initial() const { return initial_value; }
  /// Throws std::invalid_argument on any other operation or argument count.
  std::pair<State, Value> step(const State& s, const Operation& op) const;
  std::size_t hash(const State& s) const noexcept { return s.hash(); }
  std::string describe(const State& s) const { return s.to_string(); }
};

/// A FIFO queue: enqueue(v) -> none; dequeue() -> the oldest value, or Value::empty().
struct QueueModel {
  using State = std::vector<Value>;  // front first

  State initial() const { return {}; }
  /// Throws std::invalid_argument on any other operation or argument count.
  std::pair<State, Value> step(const State& s, const Operation& op) const;
  std::size_t hash(const State& s) const noexcept;
  /// "[1, 2, 3]", front first.
  std::string describe(const State& s) const;
};

/// A LIFO stack: push(v) -> none; pop() -> the newest value, or Value::empty().
struct StackModel {
  using State = std::vector<Value>;  // bottom first

  State initial() const { return {}; }
  /// Throws std::invalid_argument on any other operation or argument count.
  std::pair<State, Value> step(const State& s, const Operation& op) const;
  std::size_t hash(const State& s) const noexcept;
  /// "[1, 2, 3]", top last.
  std::string describe(const State& s) const;
};

/// A set: add(x) -> bool (true: x was absent), remove(x) -> bool (true: x was present),
/// contains(x) -> bool. Partitioned by x: each element's operations are checked apart.
struct SetModel {
  using State = std::vector<Value>;  // sorted, no duplicates

  State initial() const { return {}; }
  /// Throws std::invalid_argument on any other operation or argument count.
  std::pair<State, Value> step(const State& s, const Operation& op) const;
  std::size_t hash(const State& s) const noexcept;
  /// "{1, 3}".
  std::string describe(const State& s) const;
  /// The element (args[0]); std::nullopt for an operation without one.
  std::optional<Value> partition(const Operation& op) const;
};

// ---------------------------------------------------------------------------------------------
// The check.

struct CheckOptions {
  /// Split the history by the model's partition() keys (PartitionedModel only).
  bool partition = true;
  /// Give up (Verdict::gave_up) once the search has memoised this many configurations; 0 = no
  /// limit. A bound on time (a million take a second or a few) and memory (each costs about
  /// 50 bytes, plus its model state when that state is new: a queue of 30 values is ~750 bytes).
  std::uint64_t max_configurations = 1000000;
};

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
};

/// What linearizable() found.
struct CheckResult {
  Verdict verdict = Verdict::linearizable;
  bool ok() const noexcept { return verdict == Verdict::linearizable; }

  /// linearizable: one order that explains every result, as operation ids: every completed
  /// operation, plus the pending ones that took effect in it.
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
/// template (lincheck/search.cpp).
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
/// propagate.
template <lin::SequentialModel M>
lin::CheckResult linearizable(const lin::History& history, const M& model,
                              const lin::CheckOptions& options = {}) {
  lin::detail::ModelAdapter<M> view(model);
  return lin::detail::check(history, view, options);
}

}  // namespace weft
