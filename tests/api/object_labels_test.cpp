// Object labels (docs/labels.md): a named object is "name (Kind#id)" in every report (the lane
// table, deadlock descriptions, detector findings); an unnamed one keeps "Kind#id". Expected
// labels are built from the ids the failure itself reports, never pasted from output.
#include <catch2/catch.hpp>

#include <algorithm>
#include <mutex>
#include <string>
#include <type_traits>

#include <weft/weft.hpp>

using namespace weft;

namespace {
Options dfs_options() {
  Options o;
  o.strategy = Strategy::dfs;
  o.max_executions = 200;
  o.use_environment = false;
  return o;
}

std::string named(const std::string& name, const char* kind, ObjectId id) {
  return name + " (" + kind + "#" + std::to_string(id) + ")";
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// Two threads take "accounts" and "audit" in opposite orders through std::lock_guard.
Result named_lock_deadlock() {
  Options o = dfs_options();
  o.detect_lock_order = false;  // the deadlock itself, not its prediction
  return explore(o, [] {
    Lock accounts{"accounts"};
    Lock audit{"audit"};
    Thread left(ThreadOptions{"left", {}}, [&] {
      std::lock_guard<Lock> first(accounts);
      std::lock_guard<Lock> second(audit);
    });
    Thread right(ThreadOptions{"right", {}}, [&] {
      std::lock_guard<Lock> first(audit);
      std::lock_guard<Lock> second(accounts);
    });
    left.start();
    right.start();
    left.join();
    right.join();
  });
}
}  // namespace

TEST_CASE("labels: a named Lock in a deadlock is named in the description and the lane table") {
  const Result r = named_lock_deadlock();
  REQUIRE_FALSE(r.ok());
  const Failure& f = r.failure();
  REQUIRE(f.kind == FailureKind::deadlock);
  REQUIRE(f.deadlock.has_value());
  const DeadlockGraph::Waiter* left = f.deadlock->waiter(1);
  const DeadlockGraph::Waiter* right = f.deadlock->waiter(2);
  REQUIRE(left != nullptr);
  REQUIRE(right != nullptr);
  // left holds accounts and waits for audit; right the other way round.
  const std::string audit = named("audit", "Lock", left->object);
  const std::string accounts = named("accounts", "Lock", right->object);
  CHECK(left->object_label == audit);
  CHECK(right->object_label == accounts);
  CHECK(f.message == "T1 (left) and T2 (right) wait for each other: T1 -> " + audit + " -> T2 -> " + accounts +
                         " -> T1");
  CHECK_THAT(f.details, Catch::Contains("T1 (left) waits in lock.acquire for " + audit) &&
                            Catch::Contains(accounts + " is held by T1 (left)"));
  // The lane table names both locks in its rows, and never by their bare Kind#id.
  const std::string report = f.report();
  CHECK_THAT(report, Catch::Contains("lock.acquire " + accounts) && Catch::Contains("lock.acquire " + audit));
  REQUIRE(f.trace.object_labels.size() > std::max(left->object, right->object));
  CHECK(f.trace.object_labels[left->object] == audit);
  CHECK(f.trace.object_labels[right->object] == accounts);
  for (const ObjectId id : {left->object, right->object}) {
    const std::string bare = "Lock#" + std::to_string(id);
    CHECK(count_of(report, bare) == count_of(report, "(" + bare + ")"));
  }
}

TEST_CASE("labels: unnamed objects keep Kind#id beside named ones") {
  Options o = dfs_options();
  o.detect_lock_order = false;
  const Result r = explore(o, [] {
    Lock named_lock{"named"};
    Lock plain;
    Lock empty_name{""};  // an empty name is no name
    Thread t([&] {
      std::lock_guard<Lock> first(plain);
      std::lock_guard<Lock> second(empty_name);
      std::lock_guard<Lock> third(named_lock);
    });
    t.start();
    {
      std::lock_guard<Lock> first(named_lock);
      std::lock_guard<Lock> second(plain);
    }
    t.join();
  });
  REQUIRE_FALSE(r.ok());
  const Failure& f = r.failure();
  REQUIRE(f.kind == FailureKind::deadlock);
  std::size_t locks_seen = 0;
  for (const TraceEvent& e : f.trace.events) {
    if (e.op != OpKind::lock_acquire) continue;
    ++locks_seen;
    const std::string& label = f.trace.object_labels.at(e.object);
    const std::string bare = "Lock#" + std::to_string(e.object);
    CHECK((label == bare || label == named("named", "Lock", e.object)));
  }
  CHECK(locks_seen >= 3);
  // Which lock is which: the main thread's first acquire is the named one.
  const TraceEvent* first = nullptr;
  for (const TraceEvent& e : f.trace.events)
    if (e.op == OpKind::lock_acquire && e.thread == 0 && first == nullptr) first = &e;
  REQUIRE(first != nullptr);
  CHECK(f.trace.object_labels.at(first->object) == named("named", "Lock", first->object));
  for (const DeadlockGraph::Waiter& w : f.deadlock->waiters)
    if (w.object_kind == ObjectKind::lock && w.object != first->object)
      CHECK(w.object_label == "Lock#" + std::to_string(w.object));
}

TEST_CASE("labels: a named Shared in a lost update is named in the lane table") {
  Options o = dfs_options();
  o.detect_races = false;  // the lost update's failed check, not the race report
  const Result r = explore(o, [] {
    Shared<int> counter{Name{"counter"}, 0};
    auto increment = [&] { counter.store(counter.load() + 1); };
    Thread a(increment), b(increment);
    a.start();
    b.start();
    a.join();
    b.join();
    check(counter.load() == 2, "lost update");
  });
  REQUIRE_FALSE(r.ok());
  const Failure& f = r.failure();
  REQUIRE(f.kind == FailureKind::check_failed);
  const TraceEvent* write = nullptr;
  for (const TraceEvent& e : f.trace.events)
    if (e.op == OpKind::shared_write && write == nullptr) write = &e;
  REQUIRE(write != nullptr);
  const std::string counter = named("counter", "Shared", write->object);
  CHECK(f.trace.object_labels.at(write->object) == counter);
  const std::string report = f.report();
  const std::string read(to_string(OpKind::shared_read)), written(to_string(OpKind::shared_write));
  CHECK_THAT(report, Catch::Contains(read + " " + counter + " -> 0") && Catch::Contains(written + " " + counter + " <- 1"));
  const std::string bare = "Shared#" + std::to_string(write->object);
  CHECK(count_of(report, bare) == count_of(report, "(" + bare + ")"));
}

TEST_CASE("labels: the race and lock-order detectors name named objects") {
  SECTION("a data race on a named Shared") {
    const Result r = explore(dfs_options(), [] {
      Shared<int> balance{Name{"balance"}, 0};
      Thread a([&] { balance.store(1); });
      a.start();
      balance.store(2);
      a.join();
    });
    REQUIRE_FALSE(r.ok());
    const Failure& f = r.failure();
    REQUIRE(f.kind == FailureKind::data_race);
    REQUIRE_FALSE(f.marked_steps.empty());
    const ObjectId id = f.trace.events.at(f.marked_steps.front()).object;
    CHECK_THAT(f.message + f.details, Catch::Contains(named("balance", "Shared", id)));
  }
  SECTION("a lock-order inversion between named Locks") {
    const Result racy = explore(dfs_options(), [] {
      Lock first{"first"}, second{"second"};
      Thread a([&] {
        std::lock_guard<Lock> g1(first);
        std::lock_guard<Lock> g2(second);
      });
      a.start();
      {
        std::lock_guard<Lock> g2(second);
        std::lock_guard<Lock> g1(first);
      }
      a.join();
    });
    REQUIRE_FALSE(racy.ok());
    const Failure& f = racy.failure();
    REQUIRE(f.kind == FailureKind::lock_order_inversion);
    REQUIRE_FALSE(f.marked_steps.empty());
    for (const std::uint32_t step : f.marked_steps) {
      const TraceEvent& e = f.trace.events.at(step);
      const std::string& label = f.trace.object_labels.at(e.object);
      CHECK((label == named("first", "Lock", e.object) || label == named("second", "Lock", e.object)));
      CHECK_THAT(f.details, Catch::Contains(label));
    }
  }
}

TEST_CASE("labels: naming never makes a string a name or a name a value") {
  // Existing forms keep their meaning: a string is Shared<std::string>'s value.
  static_assert(!std::is_convertible_v<const char*, Name>);
  static_assert(!std::is_convertible_v<std::string, Name>);
  static_assert(!std::is_constructible_v<Shared<int>, const char*>);
  static_assert(!std::is_convertible_v<const char*, Lock>);  // explicit: no temporary Lock from "x"
  Shared<std::string> s{"abc"};
  CHECK(s.load() == "abc");
  Shared<std::string> n{Name{"label"}, "value"};
  CHECK(n.load() == "value");
  Shared<std::string> empty{Name{"label"}};
  CHECK(empty.load().empty());
  Shared<int> x{0};
  CHECK(x.load() == 0);
  Semaphore sem{2};
  CHECK(sem.value() == 2);
  Semaphore zero{0};
  CHECK(zero.value() == 0);
}
