// The linearizability search of one part of a history (include/weft/linearizable.hpp,
// docs/linearizability.md).
//
// Wing & Gong's backtracking search ("Testing and verifying concurrent objects", J. Parallel
// Distrib. Comput. 17, 1993), with Lowe's memoisation of configurations ("Testing for
// linearizability", Concurrency and Computation: Practice and Experience 29(4), 2017): the
// "WGL" algorithm. The history's invocations and responses form a doubly-linked list in
// real-time order. The operations whose invocation comes before the first response left in the
// list may take effect next (the candidates): the search tries each in list order, applies it
// to the model, and when the model's result is the recorded one (any result, for a pending
// operation) lifts the operation's two entries out of the list and goes on from the new
// configuration. When no candidate fits, the first response's operation cannot be placed
// here: undo the latest placement and try that configuration's next candidate. Lowe's
// addition: remember every configuration (placed operations, model state) entered; entering
// one again can only repeat a search that failed, so it is skipped. Success: every completed
// operation is placed (a pending one may stay out).
#include "lincheck/wgl_search.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "lincheck/mix.hpp"
#include "lincheck/wgl_memo.hpp"

namespace weft::lin::detail {
namespace {

class Wgl {
 public:
  Wgl(const History& h, const std::vector<OpId>& ops, ModelView& model, const CheckOptions& options,
      CheckStats& stats)
      : ops_(ops), records_(h.operations()), model_(model), options_(options), stats_(stats),
        n_(static_cast<std::uint32_t>(ops.size())), bits_(n_), state_(model.initial()), best_state_(state_) {
    build_list();
    stack_.reserve(n_);
  }

  PartOutcome run() {
    PartOutcome out;
    if (remaining_ > 0) enter();
    while (remaining_ > 0) {
      Level& level = levels_.back();
      if (level.cursor < level.end) {
        if (!try_candidate(candidates_[level.cursor++])) {
          out.verdict = Verdict::gave_up;
          return out;
        }
        continue;
      }
      // No candidate fits, or each leads to a configuration already searched: back up.
      note_if_deepest();
      if (stack_.empty()) {
        out.verdict = Verdict::not_linearizable;
        explain_deepest(out);
        return out;
      }
      back_up();
    }
    out.order.reserve(stack_.size());
    for (const Frame& f : stack_) out.order.push_back(ops_[f.op]);
    return out;
  }

 private:
  struct Frame {
    std::uint32_t op;          // the placed operation (local index)
    StateId before;            // the model state before it
    std::uint32_t low_before;  // the first unplaced operation before it
    std::uint32_t high;        // the highest placed operation, it included
  };
  // A configuration on the path, with its candidates: the operations invoked before the first
  // response left in the list, in the order they are tried.
  struct Level {
    std::uint32_t begin, end, cursor;  // into `candidates_`
  };

  const OperationRecord& record(std::uint32_t local) const { return records_[ops_[local]]; }

  // The list: entry 0 is the head sentinel (circular: the last entry's next is 0); entries
  // 1..E are the invocations and responses in event order.
  void build_list() {
    struct Point {
      std::size_t at;
      std::uint32_t local;
      bool call;
    };
    std::vector<Point> points;
    points.reserve(2 * n_);
    for (std::uint32_t i = 0; i < n_; ++i) {
      points.push_back(Point{record(i).invoked_at, i, true});
      if (!record(i).pending) {
        points.push_back(Point{record(i).responded_at, i, false});
        ++remaining_;
      }
    }
    std::sort(points.begin(), points.end(), [](const Point& a, const Point& b) { return a.at < b.at; });
    const auto n_entries = static_cast<std::uint32_t>(points.size());
    next_.assign(n_entries + 1, 0);
    prev_.assign(n_entries + 1, 0);
    entry_op_.assign(n_entries + 1, 0);
    entry_call_.assign(n_entries + 1, 0);
    call_entry_.assign(n_, 0);
    return_entry_.assign(n_, 0);
    for (std::uint32_t e = 1; e <= n_entries; ++e) {
      const Point& p = points[e - 1];
      entry_op_[e] = p.local;
      entry_call_[e] = p.call ? 1 : 0;
      (p.call ? call_entry_ : return_entry_)[p.local] = e;
      prev_[e] = e - 1;
      next_[e - 1] = e;
    }
    next_[n_entries] = 0;
    prev_[0] = n_entries;
  }

  // Lifting unlinks an operation's entries; lifts are undone in reverse order, so each entry's
  // own links still name its neighbours when it is relinked (dancing links).
  void unlink(std::uint32_t e) {
    next_[prev_[e]] = next_[e];
    prev_[next_[e]] = prev_[e];
  }
  void relink(std::uint32_t e) {
    next_[prev_[e]] = e;
    prev_[next_[e]] = e;
  }
  void lift(std::uint32_t local) {
    unlink(call_entry_[local]);
    if (return_entry_[local] != 0) unlink(return_entry_[local]);
  }
  void unlift(std::uint32_t local) {
    if (return_entry_[local] != 0) relink(return_entry_[local]);
    relink(call_entry_[local]);
  }

  void enter() {
    const auto begin = static_cast<std::uint32_t>(candidates_.size());
    for (std::uint32_t e = next_[0]; e != 0 && entry_call_[e] != 0; e = next_[e]) candidates_.push_back(entry_op_[e]);
    levels_.push_back(Level{begin, static_cast<std::uint32_t>(candidates_.size()), begin});
  }

  // Tries candidate i in the current configuration: places it when the model agrees and the
  // configuration it leads to is new. False when that was one configuration too many.
  bool try_candidate(std::uint32_t i) {
    const OperationRecord& r = record(i);
    const Value result = model_.step(state_, r.op);
    ++stats_.steps;
    if (!r.pending && !(result == r.result)) return true;
    const StateId after = model_.keep();
    const std::uint32_t high = stack_.empty() ? i : std::max(stack_.back().high, i);
    bits_.set(i);
    set_hash_ ^= zobrist(i);
    const std::uint32_t new_low = i == low_ ? bits_.first_clear(low_ + 1) : low_;
    if (!memo_.insert(set_hash_ ^ mix64(after), after, bits_, new_low, high)) {
      ++stats_.cache_hits;
      bits_.reset(i);
      set_hash_ ^= zobrist(i);
      return true;
    }
    ++stats_.configurations;
    if (options_.max_configurations != 0 && stats_.configurations >= options_.max_configurations) return false;
    stack_.push_back(Frame{i, state_, low_, high});
    state_ = after;
    low_ = new_low;
    lift(i);
    if (!r.pending) --remaining_;
    if (remaining_ > 0) enter();
    return true;
  }

  // Undoes the latest placement; its configuration's next candidate is tried next.
  void back_up() {
    candidates_.resize(levels_.back().begin);
    levels_.pop_back();
    const Frame f = stack_.back();
    stack_.pop_back();
    ++stats_.backtracks;
    unchanged_ = std::min(unchanged_, stack_.size());
    bits_.reset(f.op);
    set_hash_ ^= zobrist(f.op);
    state_ = f.before;
    low_ = f.low_before;
    unlift(f.op);
    if (!record(f.op).pending) ++remaining_;
  }

  // Remembers the current configuration when it is the deepest the search had to back up from.
  void note_if_deepest() {
    if (best_ != none && stack_.size() <= best_) return;
    best_prefix_.resize(std::min(unchanged_, best_prefix_.size()));
    for (std::size_t k = best_prefix_.size(); k < stack_.size(); ++k) best_prefix_.push_back(stack_[k].op);
    best_ = stack_.size();
    unchanged_ = best_;
    best_state_ = state_;
  }

  // Explains the deepest configuration. The first one the search entered at the greatest depth
  // is where it first backed up from that depth, and there no candidate fits: one that did
  // would lead one level deeper, to a configuration entered then or before.
  void explain_deepest(PartOutcome& out) {
    std::vector<char> placed(n_, 0);
    for (std::uint32_t local : best_prefix_) {
      placed[local] = 1;
      out.prefix.push_back(ops_[local]);
    }
    std::uint32_t blocked = n_;
    for (std::uint32_t i = 0; i < n_; ++i)
      if (placed[i] == 0 && !record(i).pending &&
          (blocked == n_ || record(i).responded_at < record(blocked).responded_at))
        blocked = i;
    out.blocked = ops_[blocked];
    for (std::uint32_t i = 0; i < n_; ++i) {
      if (placed[i] != 0 || record(i).invoked_at > record(blocked).responded_at) continue;
      Value result = model_.step(best_state_, record(i).op);
      ++stats_.steps;
      const bool fits = record(i).pending || result == record(i).result;
      out.conflicts.push_back(Conflict{ops_[i], std::move(result), fits});
    }
    out.state = model_.describe(best_state_);
  }

  const std::vector<OpId>& ops_;
  const std::vector<OperationRecord>& records_;
  ModelView& model_;
  const CheckOptions& options_;
  CheckStats& stats_;
  const std::uint32_t n_;

  // The list of invocations and responses (build_list()).
  std::vector<std::uint32_t> next_, prev_, entry_op_;
  std::vector<char> entry_call_;
  std::vector<std::uint32_t> call_entry_, return_entry_;
  std::uint32_t remaining_ = 0;  // completed operations not placed

  // The current configuration and the path to it.
  std::vector<Frame> stack_;
  Bits bits_;
  Memo memo_;
  std::uint64_t set_hash_ = 0;
  std::uint32_t low_ = 0;
  StateId state_;
  std::vector<std::uint32_t> candidates_;
  std::vector<Level> levels_;

  // The deepest configuration at which the search had to back up: its placed operations (kept
  // incrementally: the stack never went below `unchanged_` since it was last copied) and state.
  static constexpr std::size_t none = std::numeric_limits<std::size_t>::max();
  std::size_t best_ = none, unchanged_ = 0;
  std::vector<std::uint32_t> best_prefix_;
  StateId best_state_;
};

}  // namespace

PartOutcome search(const History& h, const std::vector<OpId>& ops, ModelView& model, const CheckOptions& options,
                   CheckStats& stats) {
  return Wgl(h, ops, model, options, stats).run();
}

}  // namespace weft::lin::detail
