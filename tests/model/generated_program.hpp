#pragma once
// Generated concurrent programs as plain data, for property tests: a list of operations per
// thread over 2 Locks, 2 Shared<int> and 1 Atomic<int>, the interpreter that runs one as an
// explore() body, and rapidcheck generators. Deadlocks, misuse and failed checks are all
// legitimate outcomes of such a program.
#include <rapidcheck.h>

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <weft/weft.hpp>

namespace weft::testing {

// ---------------------------------------------------------------------------------------
// Programs as data
// ---------------------------------------------------------------------------------------

enum class OpCode : std::uint8_t {
  acquire,          // blocking acquire of lock a (skipped while this thread holds it)
  acquire_timeout,  // acquire of lock a with timeout 0.001 * b s
  try_acquire,      // non-blocking acquire of lock a
  release,          // release lock a if this thread holds it
  release_any,      // release lock a regardless: misuse when it is unlocked (rare on purpose)
  read,             // r := shared[a]
  write,            // shared[a] := r + b (r: the last value this thread read)
  fetch_add,        // atomic += b
  yield,
  sleep,            // 0.001 * b s of virtual time
  choose,           // shared[a] := choose(b + 2)
  check,            // check(shared[a] != b)
};

constexpr std::string_view name(OpCode k) {
  switch (k) {
    case OpCode::acquire: return "acquire";
    case OpCode::acquire_timeout: return "acquire_timeout";
    case OpCode::try_acquire: return "try_acquire";
    case OpCode::release: return "release";
    case OpCode::release_any: return "release_any";
    case OpCode::read: return "read";
    case OpCode::write: return "write";
    case OpCode::fetch_add: return "fetch_add";
    case OpCode::yield: return "yield";
    case OpCode::sleep: return "sleep";
    case OpCode::choose: return "choose";
    case OpCode::check: return "check";
  }
  return "?";
}

struct Op {
  OpCode kind = OpCode::yield;
  int a = 0;  // which lock / shared (0 or 1)
  int b = 0;  // an amount, 0..3
};

struct Program {
  std::vector<std::vector<Op>> threads;  // 1..4 threads, at most 30 operations in total
  bool fail_at_end = false;              // main body ends with check(false): every run fails
};

constexpr std::size_t kLocks = 2;
constexpr std::size_t kShared = 2;
constexpr std::size_t kMaxThreads = 4;
constexpr std::size_t kMaxOps = 30;

// Counterexamples print as readable programs (found by rapidcheck through ADL).
inline void showValue(const Op& op, std::ostream& os) { os << name(op.kind) << '(' << op.a << ',' << op.b << ')'; }
inline void showValue(const Program& p, std::ostream& os) {
  os << "Program{" << p.threads.size() << " threads" << (p.fail_at_end ? ", fail_at_end" : "") << '\n';
  for (std::size_t t = 0; t < p.threads.size(); ++t) {
    os << "  w" << t << ":";
    for (const Op& op : p.threads[t]) {
      os << ' ';
      showValue(op, os);
    }
    os << '\n';
  }
  os << '}';
}

// ---------------------------------------------------------------------------------------
// The interpreter (an explore() body)
// ---------------------------------------------------------------------------------------

struct World {
  weft::Lock locks[kLocks];
  weft::Shared<int> shared[kShared];
  weft::Atomic<int> counter{0};
};

inline void run_ops(const std::vector<Op>& ops, World& w) {
  bool held[kLocks] = {false, false};
  int r = 0;
  for (const Op& op : ops) {
    const auto a = static_cast<std::size_t>(op.a);
    switch (op.kind) {
      case OpCode::acquire:
        if (!held[a]) held[a] = w.locks[a].acquire();
        break;
      case OpCode::acquire_timeout:
        if (!held[a]) held[a] = w.locks[a].acquire(true, 0.001 * op.b);
        break;
      case OpCode::try_acquire:
        if (!held[a]) held[a] = w.locks[a].acquire(false);
        break;
      case OpCode::release:
        if (held[a]) {
          held[a] = false;
          w.locks[a].release();
        }
        break;
      case OpCode::release_any:
        held[a] = false;
        w.locks[a].release();
        break;
      case OpCode::read:
        r = w.shared[a].load();
        break;
      case OpCode::write:
        w.shared[a].store(r + op.b);
        break;
      case OpCode::fetch_add:
        w.counter.fetch_add(op.b);
        break;
      case OpCode::yield:
        weft::yield();
        break;
      case OpCode::sleep:
        weft::sleep(0.001 * op.b);
        break;
      case OpCode::choose:
        w.shared[a].store(static_cast<int>(weft::choose(static_cast<std::uint32_t>(op.b + 2))));
        break;
      case OpCode::check:
        weft::check(w.shared[a].load() != op.b,
                    "shared[" + std::to_string(op.a) + "] == " + std::to_string(op.b));
        break;
    }
  }
  // Thread end: release what this thread still believes it holds (another thread's
  // release_any may have released it already: then this is misuse, reported as such).
  for (std::size_t a = 0; a < kLocks; ++a)
    if (held[a]) w.locks[a].release();
}

inline void run_program(const Program& p) {
  World w;
  std::vector<weft::Thread> threads;
  threads.reserve(p.threads.size());
  for (std::size_t i = 0; i < p.threads.size(); ++i)
    threads.emplace_back(weft::ThreadOptions{"w" + std::to_string(i), {}},
                         [&w, &ops = p.threads[i]] { run_ops(ops, w); });
  for (weft::Thread& t : threads) t.start();
  for (weft::Thread& t : threads) t.join();
  if (p.fail_at_end) weft::check(false, "end of program");
}

// ---------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------

inline rc::Gen<Op> gen_op() {
  // release_any is rare on purpose: misuse is a legitimate outcome, but should not dominate.
  const auto kind = rc::gen::weightedElement<OpCode>({
      {24, OpCode::acquire},
      {8, OpCode::acquire_timeout},
      {8, OpCode::try_acquire},
      {10, OpCode::release},
      {1, OpCode::release_any},
      {16, OpCode::read},
      {16, OpCode::write},
      {8, OpCode::fetch_add},
      {12, OpCode::yield},
      {8, OpCode::sleep},
      {8, OpCode::choose},
      {8, OpCode::check},
  });
  return rc::gen::mapcat(kind, [](OpCode k) {
    // check(shared[a] != 0) would fail before any write in most programs: compare with 1..3.
    const int low_b = k == OpCode::check ? 1 : 0;
    return rc::gen::apply([k](int a, int b) { return Op{k, a, b}; },
                          rc::gen::inRange(0, static_cast<int>(kLocks)), rc::gen::inRange(low_b, 4));
  });
}

/// 1..4 threads, at most 30 operations in total; the main body ends with check(false) in
/// fail_at_end_quarters out of 4 programs.
inline rc::Gen<Program> gen_program(int fail_at_end_quarters) {
  return rc::gen::mapcat(rc::gen::inRange<std::size_t>(1, kMaxThreads + 1), [=](std::size_t n) {
    const std::size_t per_thread = kMaxOps / n;
    auto thread_ops = rc::gen::map(rc::gen::container<std::vector<Op>>(gen_op()), [per_thread](std::vector<Op> ops) {
      if (ops.size() > per_thread) ops.resize(per_thread);
      return ops;
    });
    return rc::gen::apply(
        [=](std::vector<std::vector<Op>> threads, int roll) {
          return Program{std::move(threads), roll < fail_at_end_quarters};
        },
        rc::gen::container<std::vector<std::vector<Op>>>(n, std::move(thread_ops)), rc::gen::inRange(0, 4));
  });
}

inline weft::Options options_for(std::uint64_t seed, std::uint64_t executions) {
  weft::Options o;
  o.seed = seed;
  o.max_executions = executions;
  o.use_environment = false;
  return o;
}

}  // namespace weft::testing
