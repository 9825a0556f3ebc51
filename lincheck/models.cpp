// The ready sequential models: register, FIFO queue, LIFO stack, set
// (include/weft/linearizable.hpp, docs/linearizability.md).
#include <algorithm>
#include <stdexcept>
#include <string>
#include <string_view>

#include <weft/linearizable.hpp>

#include "lincheck/mix.hpp"

namespace weft::lin {
namespace {

// Throws unless op is `name` with `arity` arguments; `model` and `accepted` word the message.
bool is(const Operation& op, std::string_view name, std::size_t arity, std::string_view model,
        std::string_view accepted) {
  if (op.name != name) return false;
  if (op.args.size() != arity)
    throw std::invalid_argument(std::string(model) + ": " + op.to_string() + " takes " + std::to_string(arity) +
                                " argument(s); accepted: " + std::string(accepted));
  return true;
}

[[noreturn]] void unknown(const Operation& op, std::string_view model, std::string_view accepted) {
  throw std::invalid_argument(std::string(model) + ": unknown operation " + op.to_string() +
                              "; accepted: " + std::string(accepted));
}

std::size_t hash_values(const std::vector<Value>& vs) noexcept {
  std::uint64_t h = detail::mix64(vs.size());
  for (const Value& v : vs) h = detail::combine(h, v.hash());
  return static_cast<std::size_t>(h);
}

std::string list(const std::vector<Value>& vs, char open, char close) {
  std::string out(1, open);
  for (std::size_t i = 0; i < vs.size(); ++i) {
    if (i > 0) out += ", ";
    out += vs[i].to_string();
  }
  return out + close;
}

}  // namespace

std::pair<RegisterModel::State, Value> RegisterModel::step(const State& s, const Operation& op) const {
  constexpr std::string_view model = "RegisterModel", ops = "read(), write(v), cas(expected, desired)";
  if (is(op, "read", 0, model, ops)) return {s, s};
  if (is(op, "write", 1, model, ops)) return {op.args[0], Value{}};
  if (is(op, "cas", 2, model, ops)) {
    if (s == op.args[0]) return {op.args[1], Value{true}};
    return {s, Value{false}};
  }
  unknown(op, model, ops);
}

namespace {
// `s` with `v` at its end, and the result none: an enqueue or a push. Built in place: GCC 12
// with ASan warned that a moved temporary none might be uninitialized (-Wmaybe-uninitialized,
// a false positive).
std::pair<std::vector<Value>, Value> appended(const std::vector<Value>& s, const Value& v) {
  std::pair<std::vector<Value>, Value> out;
  out.first.reserve(s.size() + 1);
  out.first = s;
  out.first.push_back(v);
  return out;
}
}  // namespace

std::pair<QueueModel::State, Value> QueueModel::step(const State& s, const Operation& op) const {
  constexpr std::string_view model = "QueueModel", ops = "enqueue(v), dequeue()";
  if (is(op, "enqueue", 1, model, ops)) {
    return appended(s, op.args[0]);
  }
  if (is(op, "dequeue", 0, model, ops)) {
    if (s.empty()) return {s, Value::empty()};
    return {State(s.begin() + 1, s.end()), s.front()};
  }
  unknown(op, model, ops);
}

std::size_t QueueModel::hash(const State& s) const noexcept { return hash_values(s); }
std::string QueueModel::describe(const State& s) const { return list(s, '[', ']'); }

std::pair<StackModel::State, Value> StackModel::step(const State& s, const Operation& op) const {
  constexpr std::string_view model = "StackModel", ops = "push(v), pop()";
  if (is(op, "push", 1, model, ops)) {
    return appended(s, op.args[0]);
  }
  if (is(op, "pop", 0, model, ops)) {
    if (s.empty()) return {s, Value::empty()};
    return {State(s.begin(), s.end() - 1), s.back()};
  }
  unknown(op, model, ops);
}

std::size_t StackModel::hash(const State& s) const noexcept { return hash_values(s); }
std::string StackModel::describe(const State& s) const { return list(s, '[', ']'); }

std::pair<SetModel::State, Value> SetModel::step(const State& s, const Operation& op) const {
  constexpr std::string_view model = "SetModel", ops = "add(x), remove(x), contains(x)";
  const bool add = is(op, "add", 1, model, ops);
  const bool remove = !add && is(op, "remove", 1, model, ops);
  const bool contains = !add && !remove && is(op, "contains", 1, model, ops);
  if (!add && !remove && !contains) unknown(op, model, ops);
  const Value& x = op.args[0];
  const auto at = std::lower_bound(s.begin(), s.end(), x);
  const bool present = at != s.end() && *at == x;
  if (contains || (add && present) || (remove && !present)) return {s, Value{contains ? present : false}};
  State next;
  next.reserve(s.size() + (add ? 1 : 0));
  next.assign(s.begin(), at);
  if (add) next.push_back(x);
  next.insert(next.end(), remove ? at + 1 : at, s.end());
  return {std::move(next), Value{true}};
}

std::size_t SetModel::hash(const State& s) const noexcept { return hash_values(s); }
std::string SetModel::describe(const State& s) const { return list(s, '{', '}'); }

std::optional<Value> SetModel::partition(const Operation& op) const {
  if (op.args.empty()) return std::nullopt;
  return op.args[0];
}

}  // namespace weft::lin
