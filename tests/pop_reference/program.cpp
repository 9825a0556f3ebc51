// The toy program model of the POP reference; see program.hpp.
#include "program.hpp"

#include <cassert>
#include <sstream>
#include <stdexcept>

namespace pop_ref {

namespace {
constexpr int mutex_address_base = 16;
}  // namespace

int address(Op op) { return is_mutex_op(op) ? mutex_address_base + op.object : op.object; }
bool is_read(Op op) { return op.kind == OpKind::read; }
bool is_write(Op op) { return op.kind == OpKind::write; }
bool is_mutex_op(Op op) { return op.kind == OpKind::lock || op.kind == OpKind::unlock; }

bool ops_conflict(Op a, Op b) {
  if (is_read(a) && is_read(b)) return false;
  return address(a) == address(b);
}

bool dependent(int thread_a, Op a, int thread_b, Op b) {
  return thread_a == thread_b || ops_conflict(a, b);
}

Machine::Machine(const Program& program)
    : program_(&program), pc_(program.threads.size(), 0), holder_(2, -1) {}

bool Machine::finished(int t) const {
  const auto ut = static_cast<std::size_t>(t);
  return pc_[ut] >= static_cast<int>(program_->threads[ut].size());
}

Op Machine::next_op(int t) const {
  const auto ut = static_cast<std::size_t>(t);
  return program_->threads[ut][static_cast<std::size_t>(pc_[ut])];
}

bool Machine::enabled(int t) const {
  if (finished(t)) return false;
  const Op op = next_op(t);
  return !(op.kind == OpKind::lock && holder(op.object) != -1);
}

bool Machine::any_enabled() const {
  for (int t = 0; t < threads(); ++t)
    if (enabled(t)) return true;
  return false;
}

void Machine::step(int t) {
  assert(enabled(t));
  const Op op = next_op(t);
  if (op.kind == OpKind::lock) holder_[static_cast<std::size_t>(op.object)] = t;
  if (op.kind == OpKind::unlock) {
    assert(holder(op.object) == t);
    holder_[static_cast<std::size_t>(op.object)] = -1;
  }
  ++pc_[static_cast<std::size_t>(t)];
}

Program random_program(std::mt19937_64& rng, const GenParams& params) {
  auto uniform = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Program program;
  const int threads = uniform(params.min_threads, params.max_threads);
  for (int t = 0; t < threads; ++t) {
    const int length = uniform(params.min_ops, params.max_ops);
    std::vector<Op> ops;
    std::vector<int> held;  // innermost last
    while (static_cast<int>(ops.size()) < length) {
      const int left = length - static_cast<int>(ops.size());
      const int nheld = static_cast<int>(held.size());
      if (left == nheld) {  // only the unlocks still fit
        ops.push_back({OpKind::unlock, held.back()});
        held.pop_back();
        continue;
      }
      std::vector<int> free_mutexes;
      for (int m = 0; m < params.mutexes; ++m) {
        bool mine = false;
        for (int h : held) mine = mine || h == m;
        if (!mine) free_mutexes.push_back(m);
      }
      const bool can_lock = !free_mutexes.empty() && left >= nheld + 2;
      const bool can_unlock = nheld > 0;
      const int choice = uniform(0, 5);  // 0-1 read, 2-3 write, 4 lock, 5 unlock
      if (choice == 4 && can_lock) {
        const int m = free_mutexes[static_cast<std::size_t>(
            uniform(0, static_cast<int>(free_mutexes.size()) - 1))];
        ops.push_back({OpKind::lock, m});
        held.push_back(m);
      } else if (choice == 5 && can_unlock) {
        ops.push_back({OpKind::unlock, held.back()});
        held.pop_back();
      } else {
        const int var = uniform(0, params.variables - 1);
        ops.push_back({choice % 4 < 2 ? OpKind::read : OpKind::write, var});
      }
    }
    program.threads.push_back(std::move(ops));
  }
  return program;
}

std::string to_string(const Program& program) {
  std::ostringstream out;
  for (std::size_t t = 0; t < program.threads.size(); ++t) {
    if (t > 0) out << " |";
    for (const Op op : program.threads[t]) {
      out << ' ';
      switch (op.kind) {
        case OpKind::read: out << "r(" << char('x' + op.object) << ')'; break;
        case OpKind::write: out << "w(" << char('x' + op.object) << ')'; break;
        case OpKind::lock: out << "lock(" << char('a' + op.object) << ')'; break;
        case OpKind::unlock: out << "unlock(" << char('a' + op.object) << ')'; break;
      }
    }
  }
  return out.str();
}

Program parse_program(const std::string& text) {
  Program program;
  program.threads.emplace_back();
  std::istringstream in(text);
  std::string token;
  while (in >> token) {
    if (token == "|") {
      program.threads.emplace_back();
      continue;
    }
    const auto open = token.find('(');
    if (open == std::string::npos || token.size() != open + 3 || token.back() != ')')
      throw std::invalid_argument("bad operation: " + token);
    const std::string name = token.substr(0, open);
    const char object = token[open + 1];
    Op op{};
    if (name == "r" || name == "w") {
      if (object < 'x' || object > 'z') throw std::invalid_argument("bad variable: " + token);
      op = {name == "r" ? OpKind::read : OpKind::write, object - 'x'};
    } else if (name == "lock" || name == "unlock") {
      if (object < 'a' || object > 'b') throw std::invalid_argument("bad mutex: " + token);
      op = {name == "lock" ? OpKind::lock : OpKind::unlock, object - 'a'};
    } else {
      throw std::invalid_argument("bad operation: " + token);
    }
    program.threads.back().push_back(op);
  }
  return program;
}

}  // namespace pop_ref
