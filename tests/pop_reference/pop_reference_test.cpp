// Checks the POP reference (docs/pop_notes.md) against its brute-force oracle: the fixed
// figures of "Figures a port must reproduce", the small programs that broke variants, and
// random programs from fixed seeds, each of which must be explored exactly (every trace once).
#include <catch2/catch.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>

#include "pop_explore.hpp"
#include "program.hpp"
#include "trace_oracle.hpp"

namespace {

using namespace pop_ref;

// How POP's executions of a program compare with the oracle's traces.
struct Comparison {
  std::size_t traces = 0;
  std::size_t executions = 0;
  std::size_t duplicates = 0;  // executions of a trace explored already
  std::size_t missed = 0;      // traces never explored
  std::size_t foreign = 0;     // executions whose trace the oracle lacks (must never happen)
  std::uint64_t rejected = 0;
  bool capped = false;
  bool exact() const { return duplicates == 0 && missed == 0 && foreign == 0 && !capped; }
};

Comparison compare(const Program& program, const PopOptions& options = {}) {
  const std::set<TraceKey> traces = traces_by_normal_forms(program);
  const PopResult pop = explore_pop(program, options);
  Comparison c;
  c.traces = traces.size();
  c.executions = pop.executions.size();
  c.rejected = pop.rejected;
  c.capped = pop.capped;
  std::set<TraceKey> seen;
  for (const TraceKey& key : pop.executions) {
    if (traces.count(key) == 0) ++c.foreign;
    if (!seen.insert(key).second) ++c.duplicates;
  }
  for (const TraceKey& key : traces)
    if (seen.count(key) == 0) ++c.missed;
  return c;
}

std::string describe(const Program& program, const Comparison& c) {
  std::ostringstream out;
  out << to_string(program) << ": " << c.traces << " traces, " << c.executions
      << " executions, " << c.duplicates << " duplicates, " << c.missed << " missed, "
      << c.foreign << " foreign, " << c.rejected << " rejected" << (c.capped ? ", capped" : "");
  return out.str();
}

}  // namespace

TEST_CASE("pop reference: the oracle's two enumerations agree", "[pop_reference]") {
  std::mt19937_64 rng(3);
  GenParams params;
  params.max_ops = 3;
  int compared = 0;
  for (int n = 0; n < 200; ++n) {
    const Program program = random_program(rng, params);
    bool truncated = false;
    const auto brute = traces_by_interleavings(program, 10'000, &truncated);
    if (truncated) continue;  // too many interleavings to run them all here
    ++compared;
    INFO(to_string(program));
    CHECK(brute == traces_by_normal_forms(program));
  }
  CHECK(compared > 150);
  // Deadlocked runs are traces too: two threads locking a and b in opposite orders give
  // a run of each thread first and one deadlock.
  const Program deadlock = parse_program("lock(a) lock(b) unlock(b) unlock(a) | "
                                         "lock(b) lock(a) unlock(a) unlock(b)");
  CHECK(traces_by_interleavings(deadlock, 1'000'000).size() == 3);
  CHECK(traces_by_normal_forms(deadlock).size() == 3);
}

TEST_CASE("pop reference: figures a port must reproduce", "[pop_reference]") {
  struct Figure {
    const char* program;
    std::optional<std::size_t> traces;  // checked when given
    std::size_t executions;
    std::uint64_t rejected;
  };
  const Figure figures[] = {
      {"w(x) | r(x) | r(x)", 4, 4, 1},                                        // one writer, two readers
      {"w(x) | r(x) | r(x) | r(x)", 8, 8, 5},                                 // one writer, three readers
      {"lock(a) w(y) unlock(a) | lock(a) w(y) unlock(a)", std::nullopt, 2, 0},  // two locked writers
      {"w(x) | w(y) | r(y) | r(x)", std::nullopt, 4, 0},                      // writers and readers of x, y
  };
  for (const Figure& f : figures) {
    const Program p = parse_program(f.program);
    const Comparison c = compare(p);
    INFO(describe(p, c));
    if (f.traces) CHECK(c.traces == *f.traces);
    CHECK(c.executions == f.executions);
    CHECK(c.rejected == f.rejected);
    CHECK(c.exact());
  }
}

// A program that is explored exactly with every change on and not without `change`.
void check_needed(const std::string& text, const PopOptions& without, const std::string& change) {
  const Program p = parse_program(text);
  const Comparison with_all = compare(p);
  INFO(describe(p, with_all));
  CHECK(with_all.exact());
  const Comparison old = compare(p, without);
  INFO("without change " << change << ": " << describe(p, old));
  CHECK_FALSE(old.exact());
}

TEST_CASE("pop reference: programs that broke variants", "[pop_reference]") {
  SECTION("change J: a linked record is fed the events it missed") {
    const Program p = parse_program("w(y) | w(z) r(y) | r(z) r(y) | r(z)");
    const Comparison c = compare(p);
    INFO(describe(p, c));
    CHECK(c.traces == 16);
    CHECK(c.executions == 16);
    CHECK(c.exact());
    PopOptions without_j;
    without_j.records.feed_missed = false;
    const Comparison old = compare(p, without_j);
    INFO("without J: " << describe(p, old));
    CHECK(old.executions == 15);
    CHECK(old.missed == 1);
  }
  SECTION("locks still blocked when a run ends") {
    const Program p = parse_program("lock(a) | lock(a) w(y) unlock(a)");
    const Comparison c = compare(p);
    INFO(describe(p, c));
    CHECK(c.traces == 2);
    CHECK(c.executions == 2);
    CHECK(c.exact());
    PopOptions without_fix;
    without_fix.reverse_final_blocked_locks = false;
    const Comparison old = compare(p, without_fix);
    INFO("without the fix: " << describe(p, old));
    CHECK(old.executions == 1);
    // The same defect in a deadlock: two threads taking a and b in opposite orders.
    check_needed("lock(a) lock(b) unlock(b) unlock(a) | lock(b) lock(a) unlock(a) unlock(b)",
                 without_fix, "end-of-run fix");
  }
  // The smallest programs found (random seed 7 unless noted, then minimised) that each
  // change fixes.
  SECTION("change D: records steer the free run") {
    PopOptions without;
    without.records_steer_free_run = false;
    check_needed("lock(a) r(z) unlock(a) | w(z) | lock(a) unlock(a) r(z)", without, "D");
  }
  SECTION("change G: a blocked lock attempt is judged by its own clock") {
    PopOptions without;
    without.blocked_lock_own_clock = false;
    check_needed("lock(b) lock(a) unlock(a) unlock(b) | lock(b) unlock(b) | lock(a) unlock(a)",
                 without, "G");
  }
  SECTION("change H: F4 applies to locks still blocked at the end") {
    PopOptions without;
    without.f4_for_final_blocked_locks = false;
    check_needed("lock(b) lock(a) unlock(a) unlock(b) | lock(a) lock(b) unlock(b) unlock(a) | "
                 "lock(b) unlock(b)",
                 without, "H");
  }
  SECTION("change I: one reversal per lock pair and execution") {
    PopOptions without;
    without.one_reversal_per_lock_pair = false;
    // Random seed 17, minimised.
    check_needed("w(y) | lock(b) lock(a) unlock(a) unlock(b) | lock(b) unlock(b) | "
                 "lock(a) r(y) unlock(a)",
                 without, "I");
  }
  SECTION("change K: a cleared chained record keeps its sleeper hits") {
    PopOptions without;
    without.records.keep_sleeper_hits = false;
    check_needed("w(y) | w(z) r(x) | r(z) r(y) | r(z) r(y) w(x) r(y)", without, "K");
  }
  SECTION("change L: a lock race's schedule ignores the lock edge") {
    PopOptions without;
    // Random seed 1, minimised.
    without.lock_schedule_without_lock_edge = false;
    check_needed("lock(b) unlock(b) | lock(a) lock(b) unlock(b) unlock(a) | lock(b) unlock(b) | "
                 "lock(a) unlock(a)",
                 without, "L");
  }
}

namespace {

// Explores `count` random programs of seed `seed` and checks each is exact.
void check_random(std::uint64_t seed, int count, const GenParams& params) {
  std::mt19937_64 rng(seed);
  std::size_t traces = 0, executions = 0, duplicates = 0, missed = 0, inexact = 0;
  for (int n = 0; n < count; ++n) {
    const Program program = random_program(rng, params);
    const Comparison c = compare(program);
    traces += c.traces;
    executions += c.executions;
    duplicates += c.duplicates;
    missed += c.missed;
    if (!c.exact() && ++inexact <= 5) FAIL_CHECK("seed " << seed << " #" << n << ": " << describe(program, c));
  }
  INFO("seed " << seed << ": " << count << " programs, " << traces << " traces, " << executions
               << " executions, " << duplicates << " duplicates, " << missed << " missed");
  CHECK(inexact == 0);
  CHECK(executions == traces);
}

}  // namespace

TEST_CASE("pop reference: random programs are explored exactly", "[pop_reference]") {
  // 2-4 threads of 1-4 operations over three variables and two mutexes.
  const GenParams params;
  // 3,000 programs: about 1 s in a RelWithDebInfo build, 15 s under ASan+UBSan.
  for (const std::uint64_t seed : {1, 7, 11, 13}) check_random(seed, 750, params);
}

// The long sweep (122,000 programs, about 50 s of CPU in a RelWithDebInfo build): run it by hand with
//   weft_pop_reference_tests "[pop_reference_sweep]"
TEST_CASE("pop reference: the long random sweep", "[.][pop_reference_sweep]") {
  const GenParams params;
  for (const std::uint64_t seed : {1, 7, 11, 13, 17, 23}) check_random(seed, 20000, params);
  GenParams longer;
  longer.max_ops = 5;
  check_random(43, 2000, longer);
}
