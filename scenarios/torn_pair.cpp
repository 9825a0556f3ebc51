// Schedule search power: a bug that needs one short thread to act at a precise point among
// many (SCTBench's reorder_N; docs/strategies.md says how surw samples).
#include <string>
#include <vector>

#include <weft/weft.hpp>

#include "scenarios/scenario.hpp"

namespace weft::scenarios {
namespace {

constexpr int kWriters = 9;

// Every writer moves the pair (a, b) from its old value (0, 0) to its new one (1, -1) in two
// steps; one checker, started last, reads a then b and wants the pair whole. The pair is
// unlocked on purpose: both halves are tagged weft::benign_race so that the race detector
// does not report the unordered accesses in the first execution, and the search itself has
// to find the interleaving in which the checker sees half an update.
void torn_pair() {
  Shared<int> a{0, benign_race}, b{0, benign_race};
  std::vector<Thread> threads;
  for (int i = 0; i < kWriters; ++i)
    threads.emplace_back(ThreadOptions{"writer-" + std::to_string(i + 1), {}}, [&] {
      a.store(1);
      b.store(-1);
    });
  threads.emplace_back(ThreadOptions{"checker", {}}, [&] {
    const int seen_a = a.load();
    const int seen_b = b.load();
    const bool whole = (seen_a == 0 && seen_b == 0) || (seen_a == 1 && seen_b == -1);
    check(whole, "torn pair: the checker read (a, b) = (" + std::to_string(seen_a) + ", " + std::to_string(seen_b) +
                     "), half of an update: neither (0, 0) nor (1, -1)");
  });
  for (Thread& t : threads) t.start();
  for (Thread& t : threads) t.join();
}

// The scenario names surw as its own strategy, whatever the default: its lesson is what surw
// finds and random misses. The numbers below come from `weft run torn_pair --strategy S --seed
// K` for K = 1..20 at the default budget of 1,000 executions; re-measure them when a strategy
// changes.
const Registrar torn_pair_reg{{
    "torn_pair",
    "9 writers move (a, b) from (0, 0) to (1, -1) in two steps; a checker wants it whole -> fails "
    "(under surw; --strategy random misses it)",
    "Nine writers each set a = 1, then b = -1; a checker, started last, reads a, then b, and "
    "wants (0, 0) or (1, -1). Every writer writes the same new values, so the pair is torn only "
    "from the first a = 1 to the first b = -1, near the start of the execution, and whole for "
    "good after that: the checker must read a inside that window and b before it closes (or a "
    "before it opens and b after it closes): one thread at one precise point among ten. A "
    "plain random walk (--strategy random) picks a runnable thread uniformly at every step: "
    "main starts the writers one by one and the checker last, each start competing with the "
    "writers already running, so by the time the checker reads, the first writers have long "
    "finished both steps and it sees (1, -1). surw, the strategy a plain `weft run torn_pair` uses, "
    "takes one of the pair's variables per execution and weighs each thread by the accesses "
    "to it the thread still has to make (counting those of the threads it has yet to start), "
    "so the orders of those accesses come out equally likely whatever the start order, and "
    "the checker's read falls early as often as late. "
    "Measured with `weft run torn_pair --strategy S --seed K` for K = 1..20 (1,000 executions "
    "each): surw found it in 20 of 20 runs, after 11.2 executions on average (with "
    "--surw-selective=0: 20 of 20, 7.5); pct in 14 of 20 (342.6); pos in 5 of 20 (449.6); "
    "random in none (with --max-executions 10000: 1 of 20). The unlocked pair is tagged "
    "weft::benign_race so that the search, not the race detector, has to find the bug: "
    "without the tag a data race between two writers is reported in the first execution under "
    "every strategy. This is SCTBench's reorder_10 (README, Strategies). The table is wide "
    "(one lane per writer): follow the checker's lane, the last one, to its two reads, of a "
    "(Shared#1) and of b (Shared#2), which return half an update (in a plain run, 1 and 0); "
    "then look left for the writers' writes of a before them, with no write of b yet, each "
    "writer cut off after its first step by a switch that says 'preempted'. The fix: in scenarios/torn_pair.cpp, hold one Lock around each "
    "writer's `a.store(1); b.store(-1);` and around the checker's `const int seen_a = a.load(); "
    "const int seen_b = b.load();`, which keeps the pair whole in every interleaving.",
    Expect::fails, true, torn_pair, FailureKind::check_failed, Strategy::surw}};

}  // namespace
}  // namespace weft::scenarios
