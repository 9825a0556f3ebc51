// The linearizability search (include/weft/linearizable.hpp, docs/linearizability.md).
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
//
// P-compositionality (Horn & Kroening, "Faster linearizability checking via
// P-compositionality", FORTE 2015): when the model partitions operations by key, each key's
// sub-history is searched alone, and the per-key orders are merged into one (check() below).
#include <algorithm>
#include <bit>
#include <cstdint>
#include <functional>
#include <limits>
#include <queue>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <weft/linearizable.hpp>

#include "lincheck/mix.hpp"

namespace weft::lin::detail {
namespace {

// Zobrist hash of one placed operation: a set's hash is the XOR over its members, updated in
// O(1) as operations are placed and removed.
std::uint64_t zobrist(std::uint32_t local) noexcept { return mix64(0x6c696e636865636bull ^ local); }

// The placed operations: bit i is the part's i-th operation (in invocation order). Dynamic, so
// any number of operations (a single word up to 64).
class Bits {
 public:
  explicit Bits(std::size_t n) : words_((n + 63) / 64, 0) {}
  void set(std::uint32_t i) noexcept { words_[i >> 6] |= std::uint64_t{1} << (i & 63); }
  void reset(std::uint32_t i) noexcept { words_[i >> 6] &= ~(std::uint64_t{1} << (i & 63)); }
  /// The first clear bit at or after `from`; words()*64 or more when there is none.
  std::uint32_t first_clear(std::uint32_t from) const noexcept {
    std::size_t w = from >> 6;
    if (w >= words_.size()) return from;
    std::uint64_t inverted = ~words_[w] & (~std::uint64_t{0} << (from & 63));
    while (inverted == 0) {
      if (++w == words_.size()) return static_cast<std::uint32_t>(w * 64);
      inverted = ~words_[w];
    }
    return static_cast<std::uint32_t>(w * 64 + static_cast<std::size_t>(std::countr_zero(inverted)));
  }
  const std::uint64_t* data() const noexcept { return words_.data(); }

 private:
  std::vector<std::uint64_t> words_;
};

// Lowe's memo: the configurations (placed set, model state) entered so far, in an
// open-addressing table keyed by value. A placed set is stored trimmed: `low`, its first
// absent operation (every one before is placed), and the words from low's word to the word of
// its highest placed operation. Every operation invoked before the earliest unplaced one is
// placed, so a set stays a word or two however long the history.
class Memo {
 public:
  /// Adds the configuration; false when it was there already.
  bool insert(std::uint64_t hash, StateId state, const Bits& bits, std::uint32_t low, std::uint32_t high) {
    const std::uint32_t first_word = low >> 6;
    const std::uint32_t n_words = high >= low ? (high >> 6) - first_word + 1 : 0;
    const std::uint64_t* words = bits.data() + first_word;
    if ((entries_.size() + 1) * 2 > slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t s = hash & mask;; s = (s + 1) & mask) {
      const std::uint32_t slot = slots_[s];
      if (slot == 0) {
        slots_[s] = static_cast<std::uint32_t>(entries_.size() + 1);
        entries_.push_back(Entry{hash, arena_.size(), state, low, n_words});
        arena_.insert(arena_.end(), words, words + n_words);
        return true;
      }
      const Entry& e = entries_[slot - 1];
      if (e.hash == hash && e.state == state && e.low == low && e.n_words == n_words &&
          std::equal(words, words + n_words, arena_.begin() + static_cast<std::ptrdiff_t>(e.offset)))
        return false;
    }
  }
  std::size_t size() const noexcept { return entries_.size(); }

 private:
  struct Entry {
    std::uint64_t hash;
    std::size_t offset;  // into arena_
    StateId state;
    std::uint32_t low;
    std::uint32_t n_words;
  };
  void grow() {
    std::vector<std::uint32_t> slots(slots_.empty() ? 1024 : slots_.size() * 2, 0);
    const std::size_t mask = slots.size() - 1;
    for (std::size_t i = 0; i < entries_.size(); ++i) {
      std::size_t s = entries_[i].hash & mask;
      while (slots[s] != 0) s = (s + 1) & mask;
      slots[s] = static_cast<std::uint32_t>(i + 1);
    }
    slots_ = std::move(slots);
  }

  std::vector<std::uint32_t> slots_;  // entry index + 1; 0 = free; a power of two long
  std::vector<Entry> entries_;
  std::vector<std::uint64_t> arena_;
};

// What the search of one part found.
struct PartOutcome {
  Verdict verdict = Verdict::linearizable;
  std::vector<OpId> order;  // linearizable: the placed operations, in order
  // not_linearizable:
  std::vector<OpId> prefix;
  OpId blocked = 0;
  std::vector<Conflict> conflicts;
  std::string state;
};

// The WGL search over the operations `ops` (ids, ascending) of `h`.
PartOutcome search(const History& h, const std::vector<OpId>& ops, ModelView& model, const CheckOptions& options,
                   CheckStats& stats) {
  const auto n = static_cast<std::uint32_t>(ops.size());
  const auto& records = h.operations();
  auto record = [&](std::uint32_t local) -> const OperationRecord& { return records[ops[local]]; };

  // The list: entry 0 is the head sentinel (circular: the last entry's next is 0); entries
  // 1..E are the invocations and responses in event order.
  struct Point {
    std::size_t at;
    std::uint32_t local;
    bool call;
  };
  std::vector<Point> points;
  points.reserve(2 * n);
  std::uint32_t remaining = 0;  // completed operations not placed
  for (std::uint32_t i = 0; i < n; ++i) {
    points.push_back(Point{record(i).invoked_at, i, true});
    if (!record(i).pending) {
      points.push_back(Point{record(i).responded_at, i, false});
      ++remaining;
    }
  }
  std::sort(points.begin(), points.end(), [](const Point& a, const Point& b) { return a.at < b.at; });
  const auto n_entries = static_cast<std::uint32_t>(points.size());
  std::vector<std::uint32_t> next(n_entries + 1), prev(n_entries + 1), entry_op(n_entries + 1);
  std::vector<char> entry_call(n_entries + 1, 0);
  std::vector<std::uint32_t> call_entry(n, 0), return_entry(n, 0);
  for (std::uint32_t e = 1; e <= n_entries; ++e) {
    const Point& p = points[e - 1];
    entry_op[e] = p.local;
    entry_call[e] = p.call ? 1 : 0;
    (p.call ? call_entry : return_entry)[p.local] = e;
    prev[e] = e - 1;
    next[e - 1] = e;
  }
  next[n_entries] = 0;
  prev[0] = n_entries;
  // Lifting unlinks an operation's entries; lifts are undone in reverse order, so each entry's
  // own links still name its neighbours when it is relinked (dancing links).
  auto unlink = [&](std::uint32_t e) {
    next[prev[e]] = next[e];
    prev[next[e]] = prev[e];
  };
  auto relink = [&](std::uint32_t e) {
    next[prev[e]] = e;
    prev[next[e]] = e;
  };
  auto lift = [&](std::uint32_t local) {
    unlink(call_entry[local]);
    if (return_entry[local] != 0) unlink(return_entry[local]);
  };
  auto unlift = [&](std::uint32_t local) {
    if (return_entry[local] != 0) relink(return_entry[local]);
    relink(call_entry[local]);
  };

  struct Frame {
    std::uint32_t op;          // the placed operation (local index)
    StateId before;            // the model state before it
    std::uint32_t low_before;  // the first unplaced operation before it
    std::uint32_t high;        // the highest placed operation, it included
  };
  std::vector<Frame> stack;
  stack.reserve(n);
  Bits bits(n);
  Memo memo;
  std::uint64_t set_hash = 0;
  std::uint32_t low = 0;
  StateId state = model.initial();

  // The deepest configuration at which the search had to back up: its placed operations (kept
  // incrementally: the stack never went below `unchanged` since it was last copied) and state.
  constexpr std::size_t none = std::numeric_limits<std::size_t>::max();
  std::size_t best = none, unchanged = 0;
  std::vector<std::uint32_t> best_prefix;
  StateId best_state = state;

  // The configurations on the path, each with its candidates: the operations invoked before
  // the first response left in the list, in the order they are tried.
  struct Level {
    std::uint32_t begin, end, cursor;  // into `candidates`
  };
  std::vector<std::uint32_t> candidates;
  std::vector<Level> levels;
  auto enter = [&] {
    const auto begin = static_cast<std::uint32_t>(candidates.size());
    for (std::uint32_t e = next[0]; e != 0 && entry_call[e] != 0; e = next[e]) candidates.push_back(entry_op[e]);
    levels.push_back(Level{begin, static_cast<std::uint32_t>(candidates.size()), begin});
  };

  PartOutcome out;
  if (remaining > 0) enter();
  while (remaining > 0) {
    Level& level = levels.back();
    if (level.cursor < level.end) {
      const std::uint32_t i = candidates[level.cursor++];
      const OperationRecord& r = record(i);
      const Value result = model.step(state, r.op);
      ++stats.steps;
      if (!r.pending && !(result == r.result)) continue;
      const StateId after = model.keep();
      const std::uint32_t high = stack.empty() ? i : std::max(stack.back().high, i);
      bits.set(i);
      set_hash ^= zobrist(i);
      const std::uint32_t new_low = i == low ? bits.first_clear(low + 1) : low;
      if (!memo.insert(set_hash ^ mix64(after), after, bits, new_low, high)) {
        ++stats.cache_hits;
        bits.reset(i);
        set_hash ^= zobrist(i);
        continue;
      }
      ++stats.configurations;
      if (options.max_configurations != 0 && stats.configurations >= options.max_configurations) {
        out.verdict = Verdict::gave_up;
        return out;
      }
      stack.push_back(Frame{i, state, low, high});
      state = after;
      low = new_low;
      lift(i);
      if (!r.pending) --remaining;
      if (remaining > 0) enter();
      continue;
    }
    // No candidate fits, or each leads to a configuration already searched: back up.
    if (best == none || stack.size() > best) {
      best_prefix.resize(std::min(unchanged, best_prefix.size()));
      for (std::size_t k = best_prefix.size(); k < stack.size(); ++k) best_prefix.push_back(stack[k].op);
      best = stack.size();
      unchanged = best;
      best_state = state;
    }
    if (stack.empty()) {
      out.verdict = Verdict::not_linearizable;
      break;
    }
    candidates.resize(level.begin);
    levels.pop_back();
    const Frame f = stack.back();
    stack.pop_back();
    ++stats.backtracks;
    unchanged = std::min(unchanged, stack.size());
    bits.reset(f.op);
    set_hash ^= zobrist(f.op);
    state = f.before;
    low = f.low_before;
    unlift(f.op);
    if (!record(f.op).pending) ++remaining;
  }

  if (out.verdict == Verdict::linearizable) {
    out.order.reserve(stack.size());
    for (const Frame& f : stack) out.order.push_back(ops[f.op]);
    return out;
  }

  // Explain the deepest configuration. The first one the search entered at the greatest depth
  // is where it first backed up from that depth, and there no candidate fits: one that did
  // would lead one level deeper, to a configuration entered then or before.
  std::vector<char> placed(n, 0);
  for (std::uint32_t local : best_prefix) {
    placed[local] = 1;
    out.prefix.push_back(ops[local]);
  }
  std::uint32_t blocked = n;
  for (std::uint32_t i = 0; i < n; ++i)
    if (placed[i] == 0 && !record(i).pending &&
        (blocked == n || record(i).responded_at < record(blocked).responded_at))
      blocked = i;
  out.blocked = ops[blocked];
  for (std::uint32_t i = 0; i < n; ++i) {
    if (placed[i] != 0 || record(i).invoked_at > record(blocked).responded_at) continue;
    Value result = model.step(best_state, record(i).op);
    ++stats.steps;
    const bool fits = record(i).pending || result == record(i).result;
    out.conflicts.push_back(Conflict{ops[i], std::move(result), fits});
  }
  out.state = model.describe(best_state);
  return out;
}

std::string count(std::size_t n, const char* what) {
  return std::to_string(n) + ' ' + what + (n == 1 ? "" : "s");
}

std::string explain(const History& h, const PartOutcome& part, std::size_t part_ops, const std::optional<Value>& key) {
  std::string out = "not linearizable: no order of the " + count(part_ops, "operation");
  if (key) out += " on key " + key->to_string() + " (of " + std::to_string(h.size()) + ")";
  out += " explains every result.\n";
  if (part.prefix.empty()) {
    out += "no operation can take effect first.\n";
    if (!part.state.empty()) out += "initial state: " + part.state + '\n';
  } else {
    out += "longest linearizable prefix (" + count(part.prefix.size(), "operation") + "):\n";
    for (OpId op : part.prefix) out += "  " + h.operation(op).to_string() + '\n';
    if (!part.state.empty()) out += "state after it: " + part.state + '\n';
  }
  const std::string blocked = h.operation(part.blocked).to_string();
  if (part.conflicts.size() == 1) {
    const Conflict& c = part.conflicts.front();
    out += "next must come " + blocked + " (no other remaining operation was invoked before it returned), but ";
    out += c.fits ? "no order continues after it.\n" : "the model returns " + c.model_result.to_string() + " there.\n";
    return out;
  }
  out += "next must come " + blocked + ", the first remaining operation to return, or one invoked before it "
         "returned; none fits:\n";
  for (const Conflict& c : part.conflicts) {
    out += "  " + h.operation(c.op).to_string() + ": ";
    out += c.fits ? "fits, but no order continues after it\n" : "the model returns " + c.model_result.to_string() + '\n';
  }
  return out;
}

// Merges per-key orders into one order of the whole history. Each is consistent with real time,
// so by Herlihy & Wing's locality theorem their union with real-time order is acyclic. Of the
// operations left, let m be the one that returned first: its key's next operation h was invoked
// before m returned (it precedes m in an order that respects real time), hence before every
// remaining operation returned, so h can go next.
std::vector<OpId> merge(const History& h, const std::vector<std::vector<OpId>>& orders) {
  constexpr std::size_t pending = std::numeric_limits<std::size_t>::max();
  std::vector<std::uint32_t> part_of(h.size(), 0);
  using Item = std::pair<std::size_t, OpId>;  // (response position, op)
  std::priority_queue<Item, std::vector<Item>, std::greater<>> by_response;
  std::size_t total = 0;
  for (std::size_t p = 0; p < orders.size(); ++p) {
    total += orders[p].size();
    for (OpId op : orders[p]) {
      part_of[op] = static_cast<std::uint32_t>(p);
      const OperationRecord& r = h.operation(op);
      by_response.emplace(r.pending ? pending : r.responded_at, op);
    }
  }
  std::vector<std::size_t> head(orders.size(), 0);
  std::vector<char> done(h.size(), 0);
  std::vector<OpId> merged;
  merged.reserve(total);
  while (!by_response.empty()) {
    const OpId m = by_response.top().second;
    if (done[m] != 0) {
      by_response.pop();
      continue;
    }
    const std::uint32_t p = part_of[m];
    const OpId next = orders[p][head[p]++];
    done[next] = 1;
    merged.push_back(next);
  }
  return merged;
}

}  // namespace

CheckResult check(const History& h, ModelView& model, const CheckOptions& options) {
  CheckResult result;
  // Parts: one per key in order of first appearance, or the whole history.
  std::vector<std::vector<OpId>> parts;
  std::vector<Value> keys;
  if (options.partition && model.partitioned()) {
    std::unordered_map<Value, std::size_t> part_of_key;  // looked up by value, never iterated
    for (const OperationRecord& r : h.operations()) {
      std::optional<Value> key = model.partition(r.op);
      if (!key) {
        parts.clear();
        keys.clear();
        break;
      }
      const auto [it, fresh] = part_of_key.try_emplace(*key, parts.size());
      if (fresh) {
        parts.emplace_back();
        keys.push_back(std::move(*key));
      }
      parts[it->second].push_back(r.id);
    }
  }
  if (parts.size() <= 1) {
    parts.assign(1, {});
    keys.clear();
    parts[0].reserve(h.size());
    for (const OperationRecord& r : h.operations()) parts[0].push_back(r.id);
  }
  result.stats.parts = parts.size();

  std::vector<std::vector<OpId>> orders;
  orders.reserve(parts.size());
  for (std::size_t p = 0; p < parts.size(); ++p) {
    PartOutcome part = search(h, parts[p], model, options, result.stats);
    result.stats.states += model.states();
    model.forget();
    if (part.verdict == Verdict::gave_up) {
      result.verdict = Verdict::gave_up;
      result.explanation = "gave up after " + count(result.stats.configurations, "configuration") +
                           " (CheckOptions::max_configurations): neither a linearization nor a proof "
                           "that none exists was found.\n";
      return result;
    }
    if (part.verdict == Verdict::not_linearizable) {
      result.verdict = Verdict::not_linearizable;
      if (!keys.empty()) result.key = keys[p];
      result.explanation = explain(h, part, parts[p].size(), result.key);
      result.prefix = std::move(part.prefix);
      result.blocked = part.blocked;
      result.conflicts = std::move(part.conflicts);
      result.state = std::move(part.state);
      return result;
    }
    orders.push_back(std::move(part.order));
  }
  result.order = orders.size() == 1 ? std::move(orders[0]) : merge(h, orders);
  return result;
}

}  // namespace weft::lin::detail
