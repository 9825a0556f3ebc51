#pragma once
// Sequential models for linearizability checking (docs/linearizability.md): what a model must
// provide, and the ready ones (register, queue, stack, set). Included by <weft/linearizable.hpp>.
#include <concepts>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <weft/lin/history.hpp>

namespace weft::lin {

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

}  // namespace weft::lin
