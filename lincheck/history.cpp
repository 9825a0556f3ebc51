// Values, operations and the history recorder (include/weft/linearizable.hpp).
#include <stdexcept>
#include <string>
#include <utility>

#include <weft/linearizable.hpp>

#include "lincheck/mix.hpp"

namespace weft::lin {

std::size_t Value::hash() const noexcept {
  const std::uint64_t kind = v_.index();
  std::uint64_t content = 0;
  if (is_bool()) content = as_bool() ? 1 : 0;
  else if (is_int()) content = static_cast<std::uint64_t>(as_int());
  else if (is_string()) content = detail::hash_bytes(as_string());
  return static_cast<std::size_t>(detail::combine(detail::mix64(kind), content));
}

std::string Value::to_string() const {
  if (is_none()) return "none";
  if (is_empty()) return "empty";
  if (is_bool()) return as_bool() ? "true" : "false";
  if (is_int()) return std::to_string(as_int());
  std::string out = "\"";
  for (char c : as_string()) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + '"';
}

std::string Operation::to_string() const {
  std::string out = name + '(';
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (i > 0) out += ", ";
    out += args[i].to_string();
  }
  return out + ')';
}

std::string OperationRecord::to_string() const {
  std::string out = '#' + std::to_string(id) + " T" + std::to_string(thread) + ' ' + op.to_string();
  if (pending) return out + " (pending)";
  if (!result.is_none()) out += " -> " + result.to_string();
  return out;
}

History::History(const History& other) {
  std::lock_guard<std::mutex> lock(other.mutex_);
  events_ = other.events_;
  ops_ = other.ops_;
  open_ = other.open_;
}

History& History::operator=(const History& other) {
  if (this == &other) return *this;
  std::scoped_lock lock(mutex_, other.mutex_);
  events_ = other.events_;
  ops_ = other.ops_;
  open_ = other.open_;
  return *this;
}

History::History(History&& other) noexcept
    : events_(std::move(other.events_)), ops_(std::move(other.ops_)), open_(std::move(other.open_)) {}

History& History::operator=(History&& other) noexcept {
  events_ = std::move(other.events_);
  ops_ = std::move(other.ops_);
  open_ = std::move(other.open_);
  return *this;
}

OpId History::invoke(ProcessId thread, std::string name, std::vector<Value> args) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto it = open_.find(thread); it != open_.end())
    throw std::logic_error("weft::lin::History::invoke: T" + std::to_string(thread) + " invoked " + name +
                           " while its " + ops_[it->second].to_string() +
                           " had not responded; a thread calls one operation at a time");
  const auto id = static_cast<OpId>(ops_.size());
  OperationRecord r;
  r.id = id;
  r.thread = thread;
  r.op = Operation{std::move(name), std::move(args)};
  r.invoked_at = events_.size();
  ops_.push_back(std::move(r));
  events_.push_back(HistoryEvent{HistoryEvent::Kind::invoke, id, thread});
  open_.emplace(thread, id);
  return id;
}

void History::respond(OpId op, Value result) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (op >= ops_.size())
    throw std::logic_error("weft::lin::History::respond: operation #" + std::to_string(op) +
                           " was never invoked (" + std::to_string(ops_.size()) + " operations so far)");
  OperationRecord& r = ops_[op];
  if (!r.pending)
    throw std::logic_error("weft::lin::History::respond: " + r.to_string() + " has already responded");
  r.pending = false;
  r.result = std::move(result);
  r.responded_at = events_.size();
  events_.push_back(HistoryEvent{HistoryEvent::Kind::respond, op, r.thread});
  open_.erase(r.thread);
}

std::string History::to_string() const {
  std::string out;
  for (const HistoryEvent& e : events_) {
    const OperationRecord& r = ops_[e.op];
    out += 'T' + std::to_string(e.thread);
    if (e.kind == HistoryEvent::Kind::invoke) out += " invoke #" + std::to_string(e.op) + ' ' + r.op.to_string();
    else out += " return #" + std::to_string(e.op) + " -> " + r.result.to_string();
    out += '\n';
  }
  return out;
}

}  // namespace weft::lin
