// Determinism of the whole runtime on generated programs: for programs of up to 4 threads and
// 30 operations, the same seed gives byte-identical event traces; every failing execution
// replays to the same failure from its string; replaying arbitrary strings never crashes.
//
// A generated program is plain data (a list of operations per thread over 2 Locks,
// 2 Shared<int> and 1 Atomic<int>); run_program() interprets it as an explore() body.
// Deadlocks, misuse and failed checks are all legitimate outcomes of such a program.
// Property 3 also edits decoded schedules and re-encodes them (model/schedule_codec.hpp), so
// that strings with a valid checksum but wrong decisions reach the replay engine itself.
#include <catch2/catch.hpp>
#include <rapidcheck.h>
#include <rapidcheck/catch.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <typeinfo>
#include <vector>

#include <weft/weft.hpp>

#include "model/schedule_codec.hpp"

namespace {

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
void showValue(const Op& op, std::ostream& os) { os << name(op.kind) << '(' << op.a << ',' << op.b << ')'; }
void showValue(const Program& p, std::ostream& os) {
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

void run_ops(const std::vector<Op>& ops, World& w) {
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

void run_program(const Program& p) {
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

rc::Gen<Op> gen_op() {
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
rc::Gen<Program> gen_program(int fail_at_end_quarters) {
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

weft::Options options_for(std::uint64_t seed, std::uint64_t executions) {
  weft::Options o;
  o.seed = seed;
  o.max_executions = executions;
  o.use_environment = false;
  return o;
}

std::string outcome(const weft::Result& r) {
  return r.ok() ? std::string("ok") : std::string(to_string(r.failure().kind));
}

/// The generator reaches passing and failing programs alike (each well above 10% of cases;
/// only checked when rapidcheck ran enough cases for that to be certain in practice).
void check_coverage(const std::map<std::string, int>& outcomes) {
  int total = 0, ok = 0;
  for (const auto& [kind, n] : outcomes) {
    total += n;
    if (kind == "ok") ok = n;
  }
  INFO("outcomes of " << total << " generated cases, ok: " << ok);
  if (total < 50) return;
  CHECK(ok > 0);
  CHECK(ok < total);
}

// ---------------------------------------------------------------------------------------
// Exact comparison: the first difference, described, or nullopt
// ---------------------------------------------------------------------------------------

bool same_cstr(const char* x, const char* y) {
  if (x == nullptr || y == nullptr) return x == y;
  return std::strcmp(x, y) == 0;
}

std::optional<std::string> event_difference(const weft::TraceEvent& x, const weft::TraceEvent& y) {
  const auto field = [](const char* f) { return std::optional<std::string>(std::string(f)); };
  if (x.step != y.step) return field("step");
  if (x.thread != y.thread) return field("thread");
  if (x.op != y.op) return field("op");
  if (x.object_kind != y.object_kind) return field("object_kind");
  if (x.object != y.object) return field("object");
  if (x.value != y.value) return field("value");
  if (x.has_value != y.has_value) return field("has_value");
  if (x.ok != y.ok) return field("ok");
  if (x.reason != y.reason) return field("reason");
  if (x.switched_from != y.switched_from) return field("switched_from");
  if (x.blocked_on != y.blocked_on) return field("blocked_on");
  if (x.time_ns != y.time_ns) return field("time_ns");
  if (!same_cstr(x.where.file_name(), y.where.file_name())) return field("where.file_name");
  if (x.where.line() != y.where.line()) return field("where.line");
  if (x.where.column() != y.where.column()) return field("where.column");
  if (!same_cstr(x.where.function_name(), y.where.function_name())) return field("where.function_name");
  return std::nullopt;
}

std::optional<std::string> trace_difference(const weft::Trace& x, const weft::Trace& y) {
  const std::size_t n = std::min(x.events.size(), y.events.size());
  for (std::size_t i = 0; i < n; ++i)
    if (auto d = event_difference(x.events[i], y.events[i]))
      return "event " + std::to_string(i) + " differs in " + *d;
  if (x.events.size() != y.events.size())
    return "the traces have " + std::to_string(x.events.size()) + " and " + std::to_string(y.events.size()) + " events";
  if (x.thread_names != y.thread_names) return std::string("thread_names differ");
  if (x.object_labels != y.object_labels) return std::string("object_labels differ");
  return std::nullopt;
}

/// Every field of two failures, the trace event by event, then the rendered report.
std::optional<std::string> failure_difference(const weft::Failure& x, const weft::Failure& y) {
  const auto differ = [](const std::string& what, const auto& p, const auto& q) {
    std::ostringstream os;
    os << what << " differs: \"" << p << "\" vs \"" << q << "\"";
    return std::optional<std::string>(os.str());
  };
  if (x.kind != y.kind) return differ("kind", to_string(x.kind), to_string(y.kind));
  if (x.message != y.message) return differ("message", x.message, y.message);
  if (x.details != y.details) return differ("details", x.details, y.details);
  if (x.thread != y.thread) return differ("thread", x.thread, y.thread);
  if (x.thread_name != y.thread_name) return differ("thread_name", x.thread_name, y.thread_name);
  if (x.file != y.file) return differ("file", x.file, y.file);
  if (x.line != y.line) return differ("line", x.line, y.line);
  if (x.function != y.function) return differ("function", x.function, y.function);
  if (x.schedule != y.schedule) return differ("schedule", x.schedule, y.schedule);
  if (x.seed != y.seed) return differ("seed", x.seed, y.seed);
  if (x.execution != y.execution) return differ("execution", x.execution, y.execution);
  if (auto d = trace_difference(x.trace, y.trace)) return "trace: " + *d;
  if (x.report() != y.report()) return std::string("the rendered reports differ");
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------
// Replaying hostile strings
// ---------------------------------------------------------------------------------------

enum class ReplayOutcome { result, usage_error };

/// Replays `s` against `p`. A Result (whose report must render) or a UsageError are the only
/// acceptable outcomes; anything else thrown fails the property.
ReplayOutcome replay_any(const std::string& s, const Program& p) {
  const std::function<void()> body = [&p] { run_program(p); };
  std::optional<weft::Result> result;
  std::string thrown;
  try {
    result = weft::replay(s, body, options_for(0, 1));
  } catch (const weft::UsageError&) {
    return ReplayOutcome::usage_error;
  } catch (const std::exception& e) {
    thrown = std::string(typeid(e).name()) + ": " + e.what();
  } catch (...) {
    thrown = "an exception of unknown type";
  }
  if (!thrown.empty()) RC_FAIL("replay threw " + thrown + " (only weft::UsageError is allowed)");
  RC_ASSERT(result->stats().executions == 1u);
  if (!result->ok()) RC_ASSERT(!result->failure().report().empty());
  RC_ASSERT(!result->summary().empty());
  return ReplayOutcome::result;
}

/// A failing schedule string for `p` (which must have fail_at_end set, so the first
/// execution fails unless something fails earlier).
std::string failing_schedule(const Program& p, std::uint64_t seed) {
  const weft::Result r = weft::explore(options_for(seed, 1), [&p] { run_program(p); });
  RC_ASSERT(!r.ok());
  return r.failure().schedule;
}

constexpr std::string_view kBase64url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

rc::Gen<weft::sim::Decision> gen_decision() {
  return rc::gen::apply(
      [](bool is_value, std::uint32_t value, unsigned op, std::uint32_t object) {
        if (is_value) return weft::sim::Decision{value % (object + 2), weft::OpKind::choose, object + 2, true};
        return weft::sim::Decision{value, static_cast<weft::OpKind>(op), object == 8 ? weft::kNoObject : object,
                                   false};
      },
      rc::gen::arbitrary<bool>(), rc::gen::inRange<std::uint32_t>(0, 6),
      rc::gen::inRange<unsigned>(0, weft::kOpKindCount), rc::gen::inRange<std::uint32_t>(0, 9));
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Property 1: same seed, same program => identical results, byte for byte
// ---------------------------------------------------------------------------------------

TEST_CASE("the same seed gives byte-identical results on generated programs", "[property]") {
  std::map<std::string, int> outcomes;
  rc::prop("explore twice with one seed: same stats, failure, trace and report", [&outcomes] {
    const Program p = *gen_program(1);
    const auto seed = *rc::gen::arbitrary<std::uint64_t>();
    const std::function<void()> body = [&p] { run_program(p); };
    const weft::Options o = options_for(seed, 20);
    const weft::Result first = weft::explore(o, body);
    // In between, an unrelated exploration; then the second run on a fresh OS thread: no state
    // left behind by earlier runs, nor thread-local state, may leak into the results.
    (void)weft::explore(options_for(~seed, 3), body);
    std::optional<weft::Result> second_slot;
    std::thread([&] { second_slot = weft::explore(o, body); }).join();
    const weft::Result& second = *second_slot;
    ++outcomes[outcome(first)];

    RC_ASSERT(first.ok() == second.ok());
    RC_ASSERT(first.stats().executions == second.stats().executions);
    RC_ASSERT(first.stats().steps == second.stats().steps);
    RC_ASSERT(first.stats().complete == second.stats().complete);
    RC_ASSERT(first.stats().budget_exhausted == second.stats().budget_exhausted);
    if (first.ok()) return;
    if (auto d = failure_difference(first.failure(), second.failure())) RC_FAIL(*d);
    RC_ASSERT(first.failure().report() == second.failure().report());
  });
  // The generator reaches both passing and failing programs (each well above 10%).
  check_coverage(outcomes);
}

// ---------------------------------------------------------------------------------------
// Property 2: every failure replays to the same failure from its string
// ---------------------------------------------------------------------------------------

TEST_CASE("every failure of a generated program replays identically from its string", "[property]") {
  std::map<std::string, int> outcomes;
  rc::prop("replay(failure.schedule) fails with the same kind, message and trace", [&outcomes] {
    const Program p = *gen_program(0);
    const auto seed = *rc::gen::arbitrary<std::uint64_t>();
    const std::function<void()> body = [&p] { run_program(p); };
    const weft::Result found = weft::explore(options_for(seed, 100), body);
    ++outcomes[outcome(found)];
    if (found.ok()) return;
    const weft::Failure& f = found.failure();
    RC_ASSERT(f.kind != weft::FailureKind::nondeterminism);
    RC_ASSERT(f.kind != weft::FailureKind::replay_diverged);

    const weft::Result again = weft::replay(f.schedule, body, options_for(0, 1));
    RC_ASSERT(!again.ok());
    RC_ASSERT(again.stats().executions == 1u);
    if (auto d = failure_difference(f, again.failure())) RC_FAIL("replay: " + *d);
  });
  check_coverage(outcomes);
}

// ---------------------------------------------------------------------------------------
// Property 3: replaying arbitrary strings returns a Result or throws UsageError
// ---------------------------------------------------------------------------------------

TEST_CASE("replaying arbitrary strings never crashes; only UsageError is thrown", "[property]") {
  rc::prop("random strings", [] {
    const Program p = *gen_program(0);
    replay_any(*rc::gen::arbitrary<std::string>(), p);
  });

  rc::prop("weft1: followed by random base64url characters", [] {
    const Program p = *gen_program(0);
    const std::string body = *rc::gen::container<std::string>(rc::gen::elementOf(kBase64url));
    replay_any("weft1:" + body, p);
  });

  rc::prop("a valid schedule with one character changed is rejected", [] {
    const Program p = *gen_program(4);
    std::string s = failing_schedule(p, *rc::gen::arbitrary<std::uint64_t>());
    const auto at = *rc::gen::inRange<std::size_t>(0, s.size());
    const char c = *rc::gen::distinctFrom(rc::gen::arbitrary<char>(), s[at]);
    s[at] = c;
    // The checksum catches any single changed character (and the prefix check the rest).
    RC_ASSERT(replay_any(s, p) == ReplayOutcome::usage_error);
  });

  rc::prop("a valid schedule truncated or extended", [] {
    const Program p = *gen_program(4);
    std::string s = failing_schedule(p, *rc::gen::arbitrary<std::uint64_t>());
    if (*rc::gen::arbitrary<bool>()) {
      s.resize(*rc::gen::inRange<std::size_t>(0, s.size()));
    } else {
      s += *rc::gen::nonEmpty(rc::gen::container<std::string>(rc::gen::elementOf(kBase64url)));
    }
    replay_any(s, p);
  });

  rc::prop("a valid schedule whose decisions were edited, with a correct checksum", [] {
    const Program p = *gen_program(4);
    const std::string original = failing_schedule(p, *rc::gen::arbitrary<std::uint64_t>());
    weft::model::Schedule s = weft::model::decode_schedule(original);
    const auto edit = *rc::gen::inRange(0, 4);
    if (edit == 0 || s.decisions.empty()) {
      s.decisions.insert(s.decisions.begin() + *rc::gen::inRange<std::ptrdiff_t>(
                                                   0, static_cast<std::ptrdiff_t>(s.decisions.size()) + 1),
                         *gen_decision());
    } else {
      const auto i = *rc::gen::inRange<std::size_t>(0, s.decisions.size());
      if (edit == 1) s.decisions.erase(s.decisions.begin() + static_cast<std::ptrdiff_t>(i));
      if (edit == 2) s.decisions[i] = *gen_decision();
      if (edit == 3) s.decisions.resize(i);
    }
    const std::string edited = weft::model::encode_schedule(s);
    replay_any(edited, p);
  });

  rc::prop("well-formed schedules of arbitrary decisions", [] {
    const Program p = *gen_program(0);
    weft::model::Schedule s;
    s.strategy = *rc::gen::element(weft::Strategy::random, weft::Strategy::pct, weft::Strategy::dfs,
                                   weft::Strategy::dpor, weft::Strategy::replay);
    s.seed = *rc::gen::arbitrary<std::uint64_t>();
    s.execution = *rc::gen::inRange<std::uint64_t>(0, 100);
    s.decisions = *rc::gen::container<std::vector<weft::sim::Decision>>(gen_decision());
    replay_any(weft::model::encode_schedule(s), p);
  });
}

// ---------------------------------------------------------------------------------------
// The properties can fail: programs that break determinism are caught
// ---------------------------------------------------------------------------------------

namespace {
weft::Options quiet(std::uint64_t executions) { return options_for(weft::kDefaultSeed, executions); }

/// Fails on the first call; branches on a counter weft does not control (an extra yield on
/// odd calls), so the second call — the self-check replay — takes a different path.
void counter_dependent_body(int& calls) {
  const bool odd = (++calls % 2) == 1;
  weft::Shared<int> x{0};
  weft::Thread t([&x] { x.store(1); });
  t.start();
  if (odd) weft::yield();
  x.store(2);
  t.join();
  weft::check(!odd, "failed on an odd call");
}
}  // namespace

TEST_CASE("a body branching on an outside counter is reported as nondeterminism", "[property]") {
  int calls = 0;
  const weft::Result r = weft::explore(quiet(10), [&calls] { counter_dependent_body(calls); });
  REQUIRE_FALSE(r.ok());
  CHECK(calls == 2);  // the failing execution, then its self-check replay
  CHECK(r.failure().kind == weft::FailureKind::nondeterminism);
  CHECK_THAT(r.failure().message, Catch::Contains("did not replay identically"));
  CHECK_THAT(r.failure().details, Catch::Contains("original failure: check failed: failed on an odd call"));
}

TEST_CASE("the exact comparison of property 1 sees a changed trace", "[property]") {
  // Two explorations with one seed of a body that reads outside state: each is consistent on
  // its own (so no nondeterminism is reported) but they differ, and the comparison says where.
  int generation = 0;
  const std::function<void()> body = [&generation] {
    weft::Shared<int> x{0};
    weft::Thread t([&x] { x.store(1); });
    t.start();
    for (int i = 0; i < generation; ++i) weft::yield();
    x.store(2);
    t.join();
    weft::check(false, "always");
  };
  const weft::Result first = weft::explore(quiet(5), body);
  generation = 1;
  const weft::Result second = weft::explore(quiet(5), body);
  REQUIRE_FALSE(first.ok());
  REQUIRE_FALSE(second.ok());
  CHECK(first.failure().kind == weft::FailureKind::check_failed);
  CHECK(second.failure().kind == weft::FailureKind::check_failed);
  const std::optional<std::string> d = failure_difference(first.failure(), second.failure());
  REQUIRE(d.has_value());
  CHECK_THAT(*d, Catch::StartsWith("schedule differs") || Catch::StartsWith("trace: event"));
  CHECK_FALSE(failure_difference(first.failure(), first.failure()).has_value());
}

TEST_CASE("a schedule replayed against a changed program diverges (property 2 would see it)", "[property]") {
  // Same shape, but one choose() has 4 options instead of 3: the recorded value decision no
  // longer matches, whatever the interleaving.
  const Program before{{{{OpCode::write, 0, 1}, {OpCode::choose, 1, 1}, {OpCode::write, 0, 2}},
                        {{OpCode::read, 0, 0}, {OpCode::write, 0, 1}}},
                       true};
  Program after = before;
  after.threads[0][1].b = 2;
  const weft::Result found = weft::explore(quiet(5), [&before] { run_program(before); });
  REQUIRE_FALSE(found.ok());
  REQUIRE(found.failure().kind == weft::FailureKind::check_failed);
  const weft::Result again = weft::replay(found.failure().schedule, [&after] { run_program(after); }, quiet(1));
  REQUIRE_FALSE(again.ok());
  CHECK(again.failure().kind == weft::FailureKind::replay_diverged);
  CHECK_THAT(again.failure().message, Catch::Contains("diverged"));
  CHECK(failure_difference(found.failure(), again.failure()).has_value());
  // The unchanged program replays it exactly.
  const weft::Result same = weft::replay(found.failure().schedule, [&before] { run_program(before); }, quiet(1));
  REQUIRE_FALSE(same.ok());
  CHECK_FALSE(failure_difference(found.failure(), same.failure()).has_value());
}
