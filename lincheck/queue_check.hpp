#pragma once
// The polynomial-time decision for FIFO-queue histories with distinct values (lincheck/
// queue_check.cpp, docs/linearizability.md "A queue with distinct values"). Private to
// weft_lincheck: weft::linearizable reaches it through detail::check_queue, declared in
// <weft/linearizable.hpp>.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <weft/linearizable.hpp>

namespace weft::lin::detail::queue {

/// Which of the violation patterns a history contains (Henzinger, Sezgin & Vafeiadis,
/// "Aspect-oriented linearizability proofs", CONCUR 2013 / LMCS 2015, section "Queue").
enum class Pattern : unsigned char { none, fresh, repeat, order, witness,
                                     result };  // an enqueue that returned something

/// The history reduced to what the patterns read: one entry per value, event positions as times.
struct Item {
  OpId enq = 0;
  std::optional<OpId> deq;  // the completed dequeue that returned the value, if any
  std::size_t enq_inv = 0, enq_resp = 0;  // enq_resp == never for a pending enqueue
  std::size_t deq_inv = 0, deq_resp = 0;  // meaningful when deq
};

inline constexpr std::size_t never = static_cast<std::size_t>(-1);

/// The qualifying history's values and empty dequeues, or nullopt when it does not qualify
/// (another operation, an enqueue of Value::empty(), a value enqueued twice, a pending
/// dequeue). A dequeue of a value never enqueued, or before its enqueue was invoked, or of a
/// value dequeued already, is left in `violation` (VFresh, VRepet): the reduced form cannot
/// hold it. So is an enqueue that returned anything but none.
struct Reduced {
  std::vector<Item> items;           // by first enqueue id
  std::vector<OpId> empties;         // completed dequeues that returned empty, by id
  Pattern violation = Pattern::none;
  std::string message;               // the violation, naming operations
};
std::optional<Reduced> reduce(const History& h);

/// VOrd and VWit on a reduced history without VFresh/VRepet; fills r.violation and r.message.
void find_order_and_witness(const History& h, Reduced& r);

/// A linearization of a history without violations, built greedily (queue_order.cpp);
/// empty when the greedy construction gets stuck.
std::vector<OpId> linearize(const History& h, const Reduced& r);

}  // namespace weft::lin::detail::queue
