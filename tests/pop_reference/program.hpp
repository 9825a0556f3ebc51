// The toy program model of the POP reference (docs/pop_notes.md, "A prototype against an
// oracle"): 2-4 threads, each a fixed list of reads and writes of at most three variables and
// locks and unlocks of at most two mutexes. Shared by the trace oracle and the POP recursion.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace pop_ref {

enum class OpKind : std::uint8_t { read, write, lock, unlock };

// One operation of a thread. `object` is a variable (0..2, printed x, y, z) for reads and
// writes, a mutex (0..1, printed a, b) for locks and unlocks.
struct Op {
  OpKind kind;
  int object;
};

// A program: each thread is the fixed list of operations it performs in order.
struct Program {
  std::vector<std::vector<Op>> threads;
};

// The object an operation touches, with variables and mutexes in disjoint ranges, so that
// two operations touch the same object iff their addresses are equal.
int address(Op op);
bool is_read(Op op);
bool is_write(Op op);
bool is_mutex_op(Op op);

// Whether two operations of different threads conflict, ignoring threads: same variable with
// at least one write, or same mutex (any mix of lock and unlock).
bool ops_conflict(Op a, Op b);

// The Mazurkiewicz dependency of two events: same thread, or conflicting operations.
bool dependent(int thread_a, Op a, int thread_b, Op b);

// The state of a program part-way through a run: each thread's next operation and each
// mutex's holder. A lock of a held mutex is not enabled (the thread blocks).
class Machine {
 public:
  explicit Machine(const Program& program);
  int threads() const { return static_cast<int>(pc_.size()); }
  bool finished(int t) const;
  // The next operation of unfinished thread t, and its index in t's list.
  Op next_op(int t) const;
  int next_index(int t) const { return pc_[static_cast<std::size_t>(t)]; }
  // Unfinished, and not a lock of a held mutex.
  bool enabled(int t) const;
  bool any_enabled() const;
  // Performs t's next operation; t must be enabled.
  void step(int t);
  int holder(int mutex) const { return holder_[static_cast<std::size_t>(mutex)]; }

 private:
  const Program* program_;
  std::vector<int> pc_;
  std::vector<int> holder_;
};

// Sizes of the random programs: threads and operations per thread are drawn uniformly from
// the closed ranges; variables and mutexes are drawn from the first `variables`/`mutexes`.
struct GenParams {
  int min_threads = 2;
  int max_threads = 4;
  int min_ops = 1;
  int max_ops = 4;
  int variables = 3;
  int mutexes = 2;
};

// A random program: each thread's locks and unlocks are balanced and properly nested, a thread
// never locks a mutex it holds, and every operation counts towards the thread's length.
Program random_program(std::mt19937_64& rng, const GenParams& params);

// Text form, threads separated by " | ", e.g. "w(x) r(y) | lock(a) w(y) unlock(a)".
std::string to_string(const Program& program);
// Parses the text form of to_string (r, w, lock, unlock; variables x, y, z; mutexes a, b).
// Throws std::invalid_argument on malformed input.
Program parse_program(const std::string& text);

}  // namespace pop_ref
