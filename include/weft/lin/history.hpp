#pragma once
// Recording a history for linearizability checking (docs/linearizability.md): the values an
// operation takes and returns, the operations, and the History that records invocations and
// responses from any threads. Included by <weft/linearizable.hpp>.
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

}  // namespace weft::lin
