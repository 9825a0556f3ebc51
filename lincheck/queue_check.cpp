// The polynomial-time decision for FIFO-queue histories whose enqueued values are distinct
// (include/weft/linearizable.hpp: CheckOptions::queue_fast_path; docs/linearizability.md).
//
// Henzinger, Sezgin & Vafeiadis ("Aspect-oriented linearizability proofs", CONCUR 2013; LMCS
// 2015) show that a complete queue history in which every value is enqueued at most once is
// linearizable exactly when it shows none of four violations:
//   VFresh  a dequeue returns a value no enqueue enqueued, or returns before that enqueue was
//           invoked;
//   VRepet  two dequeues return the same value;
//   VOrd    enqueue(a) returns before enqueue(b) is invoked, b is dequeued, and a is never
//           dequeued or deq(b) returns before deq(a) is invoked;
//   VWit    a dequeue returns empty although at every moment between its invocation and its
//           response some value was certainly in the queue.
// Bouajjani, Emmi, Enea & Hamza ("On reducing linearizability to state reachability", ICALP
// 2015) give the same reduction to a few bad patterns for queues. "Certainly in the queue at
// time t" (VWit) is read as: v's enqueue must have taken effect before t, because it or the
// dequeue of v had returned by t (a dequeue of v takes effect after the enqueue), and v's
// dequeue cannot have taken effect before t, because it had not been invoked, nor had v's
// enqueue (v is never dequeued: forever). Several values may share the covering: the empty
// dequeue is refused when the union of their intervals covers it, which is the sweep of Lee &
// Mathur ("Efficient decrease-and-conquer linearizability monitoring", 2024). The randomized
// cross-check (tests/lincheck/queue_check_test.cpp) compares every verdict with the search.
//
// Times are positions in History::events(); an operation can take effect in any gap after its
// invocation event and before its response event. Everything is linear or O(n log n).
#include <algorithm>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "lincheck/queue_check.hpp"

namespace weft::lin::detail {
namespace queue {
namespace {

std::string id(OpId op) { return "#" + std::to_string(op); }

std::string enq_name(const History& h, OpId op) {
  return "enqueue(" + h.operation(op).op.args.at(0).to_string() + ") (" + id(op) + ")";
}

}  // namespace

std::optional<Reduced> reduce(const History& h) {
  Reduced r;
  std::unordered_map<Value, std::size_t> item_of;  // value -> items index; looked up, never iterated
  for (const OperationRecord& op : h.operations()) {
    if (op.op.name == "enqueue" && op.op.args.size() == 1 && !op.op.args[0].is_empty()) {
      if (!item_of.try_emplace(op.op.args[0], r.items.size()).second) return std::nullopt;  // repeated value
      Item item;
      item.enq = op.id;
      item.enq_inv = op.invoked_at;
      item.enq_resp = op.pending ? never : op.responded_at;  // a pending enqueue returns "after the end"
      r.items.push_back(item);
    } else if (op.op.name != "dequeue" || !op.op.args.empty() || op.pending) {
      return std::nullopt;  // unknown to the model (the search reports it), or a pending dequeue
    }
  }
  auto fail = [&r](Pattern p, std::string message) {
    if (r.violation != Pattern::none) return;
    r.violation = p;
    r.message = std::move(message);
  };
  for (const OperationRecord& op : h.operations()) {
    if (op.op.name == "enqueue" && !op.pending && !op.result.is_none())  // not one of the patterns: the
      fail(Pattern::result, "enqueue " + id(op.id) + " returned " + op.result.to_string() +  // model's own rule
                                ", but an enqueue returns nothing");
    if (op.op.name != "dequeue") continue;
    if (op.result.is_empty()) {
      r.empties.push_back(op.id);
      continue;
    }
    const auto it = item_of.find(op.result);
    const std::string v = op.result.to_string();
    if (it == item_of.end()) {
      fail(Pattern::fresh, "dequeue " + id(op.id) + " returned " + v + ", which no operation enqueued [VFresh]");
      continue;
    }
    Item& item = r.items[it->second];
    if (op.responded_at < item.enq_inv) {
      fail(Pattern::fresh, "dequeue " + id(op.id) + " returned " + v + " before " + enq_name(h, item.enq) +
                               " was invoked [VFresh]");
      continue;
    }
    if (item.deq) {
      fail(Pattern::repeat, "dequeues " + id(*item.deq) + " and " + id(op.id) + " both returned " + v +
                                ", enqueued once by " + id(item.enq) + " [VRepet]");
      continue;
    }
    item.deq = op.id;
    item.deq_inv = op.invoked_at;
    item.deq_resp = op.responded_at;
  }
  return r;
}

namespace {

// VOrd: for each value b, the latest dequeue invocation ("never" for a value never dequeued)
// among the values whose enqueue returned before b's enqueue was invoked. One sweep. True, with
// r.violation and r.message set, when some b was dequeued before that value could have been.
bool find_order_violation(const History& h, Reduced& r) {
  std::vector<std::int64_t> item_of_op(h.size(), -1);  // enqueue -> its item
  for (std::size_t i = 0; i < r.items.size(); ++i) item_of_op[r.items[i].enq] = static_cast<std::int64_t>(i);
  struct Latest {
    std::size_t deq_inv = 0;
    std::int64_t item = -1;
  };
  Latest latest;
  std::vector<Latest> before(r.items.size());
  for (const HistoryEvent& e : h.events()) {
    const std::int64_t i = item_of_op[e.op];
    if (i < 0) continue;
    const Item& item = r.items[static_cast<std::size_t>(i)];
    if (e.kind == HistoryEvent::Kind::invoke) {
      before[static_cast<std::size_t>(i)] = latest;
      continue;
    }
    const std::size_t deq_inv = item.deq ? item.deq_inv : never;
    if (latest.item < 0 || deq_inv > latest.deq_inv) latest = Latest{deq_inv, i};
  }
  for (std::size_t b = 0; b < r.items.size(); ++b) {
    const Item& ib = r.items[b];
    if (!ib.deq || before[b].item < 0 || before[b].deq_inv <= ib.deq_resp) continue;
    const Item& ia = r.items[static_cast<std::size_t>(before[b].item)];
    const std::string a_value = h.operation(ia.enq).op.args[0].to_string();
    const std::string b_value = h.operation(ib.enq).op.args[0].to_string();
    std::string m = enq_name(h, ia.enq) + " returned before " + enq_name(h, ib.enq) + " was invoked, but ";
    if (!ia.deq) m += b_value + " was dequeued (" + id(*ib.deq) + ") and " + a_value + " never was [VOrd]";
    else m += b_value + " was dequeued first: " + id(*ib.deq) + " returned before " + id(*ia.deq) + " was invoked [VOrd]";
    r.violation = Pattern::order;
    r.message = std::move(m);
    return true;
  }
  return false;
}

// VWit's reading of the history: gap k is the moment after event k. Value v is certainly queued
// in the gaps [s, f): s = the response of its enqueue or of its dequeue, whichever came first;
// f = the later of its dequeue's and its enqueue's invocations (never, if it is not dequeued).
class Coverage {
 public:
  Coverage(const History& h, const Reduced& r) : h_(h), r_(r), gaps_(h.events().size()), uncovered_(gaps_ + 1, 0) {
    std::vector<std::int64_t> depth(gaps_ + 1, 0);
    for (const Item& v : r_.items) {
      const auto [s, f] = span(v);
      if (s >= f) continue;
      ++depth[s];
      --depth[f];
    }
    std::int64_t running = 0;
    for (std::size_t k = 0; k < gaps_; ++k) {
      running += depth[k];
      uncovered_[k + 1] = uncovered_[k] + (running == 0 ? 1 : 0);
    }
  }

  /// Whether some value is certainly queued at every gap of `d`, so it cannot have seen the
  /// queue empty.
  bool covers(const OperationRecord& d) const { return uncovered_[d.responded_at] == uncovered_[d.invoked_at]; }

  /// Names the values that cover `d`: from its invocation, repeatedly the value queued at the
  /// current gap that stays longest (a few; the covering may be long).
  std::string covering_values(const OperationRecord& d) const {
    std::string m;
    std::size_t g = d.invoked_at;
    for (int named = 0; g < d.responded_at; ++named) {
      if (named == 4) {
        m += " ...";
        break;
      }
      std::size_t best = r_.items.size(), best_f = 0;
      for (std::size_t i = 0; i < r_.items.size(); ++i) {
        const auto [s, f] = span(r_.items[i]);
        if (s <= g && g < f && f > best_f) best = i, best_f = f;
      }
      const Item& v = r_.items[best];
      m += std::string(named == 0 ? " " : ", then ") + h_.operation(v.enq).op.args[0].to_string() + " (" + id(v.enq) +
           ", " + (v.deq ? "dequeued by " + id(*v.deq) : std::string("never dequeued")) + ")";
      g = best_f;
    }
    return m;
  }

 private:
  std::pair<std::size_t, std::size_t> span(const Item& v) const {
    const std::size_t s = std::min(v.enq_resp, v.deq ? v.deq_resp : never);
    const std::size_t f = v.deq ? std::max(v.deq_inv, v.enq_inv) : gaps_;
    return std::pair{s, std::min(f, gaps_)};
  }

  const History& h_;
  const Reduced& r_;
  std::size_t gaps_;
  std::vector<std::size_t> uncovered_;  // uncovered gaps before k
};

// VWit: an empty dequeue during which some value was certainly queued throughout.
void find_witness_violation(const History& h, Reduced& r) {
  if (r.empties.empty()) return;
  const Coverage coverage(h, r);
  for (OpId x : r.empties) {
    const OperationRecord& d = h.operation(x);
    if (!coverage.covers(d)) continue;  // some gap may see it empty
    r.violation = Pattern::witness;
    r.message = "dequeue " + id(x) + " returned empty, but some value was certainly in the queue at every moment "
                "of it (enqueued by an operation that had returned, dequeued by none yet invoked):" +
                coverage.covering_values(d) + " [VWit]";
    return;
  }
}

}  // namespace

void find_order_and_witness(const History& h, Reduced& r) {
  if (!find_order_violation(h, r)) find_witness_violation(h, r);
}

}  // namespace queue

std::optional<CheckResult> check_queue(const History& h, const CheckOptions& options) {
  std::optional<queue::Reduced> r = queue::reduce(h);
  if (!r) return std::nullopt;
  if (r->violation == queue::Pattern::none) queue::find_order_and_witness(h, *r);
  if (r->violation == queue::Pattern::none) {
    CheckResult result;
    result.order = queue::linearize(h, *r);
    result.stats.queue_check = true;
    result.stats.steps = result.order.size();
    return result;
  }
  // Not linearizable. For the prefix, the blocked operation and the conflicts, run the search
  // with a small budget: it finds them quickly when the violation is near the start of the
  // history, and the pattern alone explains it otherwise.
  const QueueModel model;
  ModelAdapter<QueueModel> view(model);
  CheckOptions bounded = options;
  bounded.max_configurations = options.max_configurations == 0
                                   ? queue_explain_configurations
                                   : std::min(options.max_configurations, queue_explain_configurations);
  CheckResult result = check(h, view, bounded);
  result.stats.queue_check = true;
  if (result.verdict == Verdict::linearizable) return result;  // the patterns are exact; the search has the last word
  if (result.verdict == Verdict::gave_up) {
    result.verdict = Verdict::not_linearizable;
    result.explanation = "not linearizable: " + r->message + ".\n(the search for the longest linearizable prefix "
                         "gave up after " + std::to_string(result.stats.configurations) + " configurations.)\n";
    return result;
  }
  result.explanation = "queue check: " + r->message + ".\n" + result.explanation;
  return result;
}

}  // namespace weft::lin::detail
