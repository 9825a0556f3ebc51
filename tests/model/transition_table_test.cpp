// model/transition_table.hpp: a wake-up tree node names its step by an index into a table of
// distinct transitions. Equal transitions must share an index and different ones must not,
// including transitions that fall into the same slot of the table's small cache; and dpor
// must stay exact on programs whose trees are large (readers(10): one node per trace still to
// explore) now that the nodes hold indices.
#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <vector>

#include <weft/weft.hpp>

#include "model/transition_table.hpp"

using weft::ObjectId;
using weft::OpKind;
using weft::ThreadId;
using weft::model::Access;
using weft::model::Transition;
using weft::model::TransitionTable;

namespace {

Transition make(ThreadId thread, std::initializer_list<Access> accesses) {
  Transition t;
  t.thread = thread;
  for (const Access& a : accesses) t.add(a);
  return t;
}

}  // namespace

TEST_CASE("TransitionTable: one index per distinct transition, in the order first seen", "[dpor]") {
  TransitionTable table;
  REQUIRE(table.size() == 1);
  CHECK(table.get(0) == Transition{});
  CHECK(table.intern(Transition{}) == 0);

  const Transition read = make(1, {Access(OpKind::shared_read, 7, false, true)});
  const Transition write = make(1, {Access(OpKind::shared_write, 7, false, true)});
  const Transition other_thread = make(2, {Access(OpKind::shared_read, 7, false, true)});
  const Transition failed_try = make(1, {Access(OpKind::lock_acquire, 3, false, false)});
  const Transition took = make(1, {Access(OpKind::lock_acquire, 3, false, true)});
  const Transition two = make(1, {Access(OpKind::shared_read, 7, false, true), Access(OpKind::shared_write, 9, false, true)});
  const std::vector<Transition> all{read, write, other_thread, failed_try, took, two};
  for (std::uint32_t i = 0; i < all.size(); ++i) CHECK(table.intern(all[i]) == i + 1);
  for (std::uint32_t i = 0; i < all.size(); ++i) {
    CHECK(table.intern(all[i]) == i + 1);
    CHECK(table.get(i + 1) == all[i]);
  }
  CHECK(table.size() == all.size() + 1);
}

TEST_CASE("TransitionTable: many transitions, against a linear search", "[dpor]") {
  // More distinct transitions than the cache has slots, drawn again and again in random
  // order, so slots are shared and overwritten: every answer is checked against a plain list.
  std::mt19937 rng(32);
  std::vector<Transition> distinct;
  for (ThreadId t = 0; t < 12; ++t)
    for (ObjectId o = 0; o < 40; ++o) {
      distinct.push_back(make(t, {Access(OpKind::shared_write, o, false, true)}));
      distinct.push_back(make(t, {Access(OpKind::shared_read, o, false, true), Access(OpKind::shared_read, o + 1, false, true)}));
    }
  TransitionTable table;
  std::vector<Transition> seen{Transition{}};
  for (int i = 0; i < 20000; ++i) {
    const Transition& t = distinct[rng() % distinct.size()];
    std::uint32_t expected = 0;
    while (expected < seen.size() && !(seen[expected] == t)) ++expected;
    if (expected == seen.size()) seen.push_back(t);
    REQUIRE(table.intern(t) == expected);
    REQUIRE(table.get(expected) == t);
  }
  CHECK(table.size() == seen.size());
}

TEST_CASE("dpor with index-named tree nodes: readers(10) runs its 1,024 traces once each", "[dpor]") {
  weft::Options o;
  o.strategy = weft::Strategy::dpor;
  o.max_executions = 100000;
  o.use_environment = false;
  o.detect_races = false;
  const weft::Result r = weft::explore(o, [] {
    weft::Shared<int> x{0};
    std::vector<weft::Thread> ts;
    ts.reserve(11);
    ts.emplace_back([&] { x.store(1); });
    for (int j = 0; j < 10; ++j) ts.emplace_back([&] { (void)x.load(); });
    for (auto& t : ts) t.start();
    for (auto& t : ts) t.join();
  });
  REQUIRE(r.ok());
  CHECK(r.stats().complete);
  CHECK(r.stats().executions == 1024);
  CHECK(r.stats().pruned == 0);
}
