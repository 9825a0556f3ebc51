#pragma once
// Counting the distinct final states of an exploration (Options::count_final_states); what a
// final state is is documented at Stats::distinct_final_states.
#include <cstdint>
#include <optional>
#include <span>
#include <unordered_set>
#include <vector>

#include <weft/result.hpp>

namespace weft::model {

/// One object of a final state: a Shared/Atomic written in the execution (by its ObjectId in
/// that execution's events) and the value its last write left.
struct FinalValue {
  ObjectId object = kNoObject;
  std::int64_t value = 0;
  bool operator==(const FinalValue&) const = default;
};

class FinalStates {
 public:
  /// Records the final state of one execution that ran to its end: its events and how it
  /// ended (nullopt: ok). Deterministic: depends on ids and values only, never on addresses.
  void add(std::span<const TraceEvent> events, std::optional<FailureKind> ended) { insert(hash(events, ended)); }
  /// The final state of one execution as the 64-bit hash add() records (parallel workers
  /// hash their executions, the exploration inserts the hashes in execution order).
  std::uint64_t hash(std::span<const TraceEvent> events, std::optional<FailureKind> ended);
  /// The objects of the final state hash() hashes for `events`, in ascending ObjectId order
  /// (the canonical list; weft::outcomes shows it).
  std::vector<FinalValue> values(std::span<const TraceEvent> events);
  void insert(std::uint64_t state) { seen_.insert(state); }
  /// Adds the states `other` recorded (a unit of a split search; the count is a set's size,
  /// so the order of merges does not matter).
  void merge(const FinalStates& other) { seen_.insert(other.seen_.begin(), other.seen_.end()); }
  /// Distinct states recorded so far.
  std::uint64_t count() const { return seen_.size(); }

 private:
  void collect(std::span<const TraceEvent> events);  // fills last_ and written_

  std::vector<std::int64_t> last_;    // by ObjectId: value after the last write (scratch)
  std::vector<std::uint8_t> written_; // by ObjectId: whether last_ holds a value (scratch)
  std::unordered_set<std::uint64_t> seen_;
};

}  // namespace weft::model
