// check(): the linearizability check of a whole history (include/weft/linearizable.hpp,
// docs/linearizability.md). Each part is searched by lincheck/wgl_search.cpp.
//
// P-compositionality (Horn & Kroening, "Faster linearizability checking via
// P-compositionality", FORTE 2015): when the model partitions operations by key, each key's
// sub-history is searched alone, and the per-key orders are merged into one (merge() below).
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <queue>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <weft/linearizable.hpp>

#include "lincheck/wgl_search.hpp"

namespace weft::lin::detail {
namespace {

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

// The parts to search: one per key in order of first appearance, with the keys; or, when the
// model does not partition every operation (or all fall under one key), the whole history and
// no keys.
std::vector<std::vector<OpId>> split(const History& h, ModelView& model, const CheckOptions& options,
                                     std::vector<Value>& keys) {
  std::vector<std::vector<OpId>> parts;
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
  return parts;
}

}  // namespace

CheckResult check(const History& h, ModelView& model, const CheckOptions& options) {
  CheckResult result;
  std::vector<Value> keys;
  const std::vector<std::vector<OpId>> parts = split(h, model, options, keys);
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
