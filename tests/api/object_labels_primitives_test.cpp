// Object labels on every named constructor (docs/labels.md): each primitive's parts carry its
// name in simulated traces; the same constructors work on real threads; an object made outside
// explore() keeps its name; and naming changes nothing that is explored.
#include <catch2/catch.hpp>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include <weft/weft.hpp>

using namespace weft;

namespace {
Options quiet(Strategy s = Strategy::dfs, std::uint64_t executions = 50) {
  Options o;
  o.strategy = s;
  o.max_executions = executions;
  o.use_environment = false;
  return o;
}

const char* kind_word(ObjectKind k) {
  switch (k) {
    case ObjectKind::lock: return "Lock";
    case ObjectKind::rlock: return "RLock";
    case ObjectKind::shared: return "Shared";
    case ObjectKind::atomic: return "Atomic";
    case ObjectKind::condition: return "Condition";
    case ObjectKind::semaphore: return "Semaphore";
    case ObjectKind::event: return "Event";
    case ObjectKind::barrier: return "Barrier";
    case ObjectKind::queue: return "Queue";
    case ObjectKind::executor: return "Executor";
    case ObjectKind::future: return "Future";
    default: return "?";
  }
}

// Uses one object of every named constructor once, then fails so that the trace is reported.
void every_primitive() {
  Lock l{"l"};
  RLock rl{"rl"};
  Condition c{"c"};
  Condition c2{"c2", l};
  Event ev{"ev"};
  Semaphore sem{Name{"sem"}, 1};
  BoundedSemaphore bs{Name{"bs"}, 1};
  Barrier b{Name{"b"}, 1};
  Queue<int> q{Name{"q"}};
  LifoQueue<int> lq{Name{"lq"}, 2};
  PriorityQueue<int> pq{Name{"pq"}};
  SimpleQueue<int> sq{Name{"sq"}};
  Atomic<int> a{Name{"a"}, 0};
  Atomic<int> a2{Name{"a2"}};
  Shared<int> sh{Name{"sh"}};
  Shared<bool> br{Name{"br"}, false, benign_race};
  ThreadPoolExecutor pool{Name{"pool"}, 1};
  l.acquire();
  c2.notify();
  l.release();
  rl.acquire();
  rl.release();
  c.acquire();
  c.notify();
  c.release();
  ev.set();
  ev.wait();
  sem.acquire();
  sem.release();
  bs.acquire();
  bs.release();
  b.wait();
  q.put(1);
  lq.put(2);
  pq.put(3);
  sq.put(4);
  check(q.get() + lq.get() + pq.get() + sq.get() == 10, "items");
  a.store(a2.load() + 1);
  sh.store(1);
  br.store(true);
  check(pool.submit([] { return 7; }).result() == 7, "pool");
  check(false, "stop here: the trace is the point");
}
}  // namespace

TEST_CASE("labels: every primitive's parts carry its name in the trace") {
  // Which names each kind of object may carry: a primitive's lock carries the primitive's name.
  const std::map<ObjectKind, std::set<std::string>> names = {
      {ObjectKind::lock, {"l", "ev", "sem", "bs", "b", "q", "lq", "pq", "sq", "pool"}},
      {ObjectKind::rlock, {"rl", "c"}},
      {ObjectKind::condition, {"c", "c2"}},
      {ObjectKind::event, {"ev"}},
      {ObjectKind::semaphore, {"sem", "bs", "pool"}},
      {ObjectKind::barrier, {"b"}},
      {ObjectKind::queue, {"q", "lq", "pq", "sq"}},
      {ObjectKind::executor, {"pool"}},
      {ObjectKind::atomic, {"a", "a2"}},
      {ObjectKind::shared, {"sh", "br"}},
  };
  const Result r = explore(quiet(Strategy::random, 1), every_primitive);
  REQUIRE_FALSE(r.ok());
  const Failure& f = r.failure();
  INFO(f.report());
  REQUIRE(f.message == "stop here: the trace is the point");
  std::set<std::string> seen;
  std::set<ObjectId> unnamed;
  for (const TraceEvent& e : f.trace.events) {
    if (e.object == kNoObject || e.object_kind == ObjectKind::thread) continue;
    const std::string& label = f.trace.object_labels.at(e.object);
    const std::string suffix = std::string(kind_word(e.object_kind)) + "#" + std::to_string(e.object);
    if (label == suffix) {  // the Future submit() made, and its RLock: no name to give
      CHECK((e.object_kind == ObjectKind::future || e.object_kind == ObjectKind::rlock));
      unnamed.insert(e.object);
      continue;
    }
    const auto open = label.rfind(" (");
    REQUIRE(open != std::string::npos);
    CHECK(label.substr(open) == " (" + suffix + ")");
    const std::string name = label.substr(0, open);
    CHECK(names.at(e.object_kind).count(name) == 1);
    seen.insert(name);
  }
  const std::set<std::string> all = {"l",  "rl", "c",  "c2", "ev", "sem", "bs", "b",  "q",
                                     "lq", "pq", "sq", "a",  "a2", "sh",  "br", "pool"};
  CHECK(seen == all);
  CHECK(unnamed.size() <= 2);
}

TEST_CASE("labels: the named constructors work on real threads") {
  Lock l{"l"};
  RLock rl{"rl"};
  Condition c{"c"};
  Condition c2{"c2", l};
  Condition c3{"c3", rl};
  Event ev{"ev"};
  Semaphore sem{Name{"sem"}, 2};
  BoundedSemaphore bs{Name{"bs"}};
  Barrier b{Name{"b"}, 2};
  Queue<int> q{Name{"q"}, 1};
  SimpleQueue<int> sq{Name{"sq"}};
  Atomic<int> a{Name{"a"}, 5};
  Shared<int> sh{Name{"sh"}, 6};
  ThreadPoolExecutor pool{Name{"pool"}, 2, "worker"};
  Thread t([&] {
    b.wait();
    q.put(1);
    ev.set();
  });
  t.start();
  b.wait();
  CHECK(q.get() == 1);
  CHECK(ev.wait(5.0));
  t.join();
  CHECK(l.acquire());
  l.release();
  {
    std::unique_lock<Condition> held(c2);  // takes l
    CHECK(l.locked());
    c2.notify();
  }
  std::lock_guard<RLock> g1(rl);
  std::lock_guard<Condition> g2(c3);  // the same RLock, reentrant
  std::lock_guard<Condition> g3(c);
  CHECK(sem.value() == 2);
  CHECK(sem.acquire());
  sem.release();
  CHECK_THROWS_AS(bs.release(), ValueError);  // bounded at its initial 1
  sq.put(3);
  CHECK(sq.get() == 3);
  CHECK(a.load() + sh.load() == 11);
  CHECK(pool.submit([] { return current_thread().name(); }).result().rfind("worker", 0) == 0);
}

TEST_CASE("labels: an object made outside explore() keeps its name in every execution") {
  Lock outside{"outside"};
  Shared<int> total{Name{"total"}, 0};
  const Result r = explore(quiet(Strategy::random, 3), [&] {
    outside.acquire();
    total.store(total.load() + 1);
    outside.release();
    check(false, "stop");
  });
  REQUIRE_FALSE(r.ok());
  const Failure& f = r.failure();
  std::size_t named_rows = 0;
  for (const TraceEvent& e : f.trace.events) {
    if (e.object == kNoObject || e.object_kind == ObjectKind::thread) continue;
    const std::string suffix = std::string(kind_word(e.object_kind)) + "#" + std::to_string(e.object) + ")";
    const std::string expected = (e.object_kind == ObjectKind::lock ? "outside (" : "total (") + suffix;
    CHECK(f.trace.object_labels.at(e.object) == expected);
    ++named_rows;
  }
  CHECK(named_rows == 4);
}

namespace {
// One program, with or without names: a lost update under a lock that does not cover the read.
void maybe_named(bool named) {
  std::optional<Lock> lock;
  std::optional<Shared<int>> x;
  std::optional<Semaphore> sem;
  if (named) {
    lock.emplace("lock");
    x.emplace(Name{"x"}, 0);
    sem.emplace(Name{"sem"}, 2);
  } else {
    lock.emplace();
    x.emplace(0);
    sem.emplace(2);
  }
  auto work = [&] {
    sem->acquire();
    const int v = x->load();
    lock->acquire();
    x->store(v + 1);
    lock->release();
    sem->release();
  };
  Thread t1(work), t2(work);
  t1.start();
  t2.start();
  t1.join();
  t2.join();
  check(x->load() == 2, "lost update");
}
}  // namespace

TEST_CASE("labels: names change no schedule, id, count or strategy decision") {
  for (const Strategy s : {Strategy::dfs, Strategy::dpor, Strategy::random, Strategy::surw, Strategy::pct}) {
    Options o = quiet(s, 2000);
    o.detect_races = false;
    o.shrink = false;
    const Result plain = explore(o, [] { maybe_named(false); });
    const Result named = explore(o, [] { maybe_named(true); });
    INFO("strategy " << static_cast<int>(s));
    REQUIRE_FALSE(plain.ok());
    REQUIRE_FALSE(named.ok());
    CHECK(plain.stats().executions == named.stats().executions);
    CHECK(plain.failure().schedule == named.failure().schedule);
    CHECK(plain.failure().execution == named.failure().execution);
    const Trace& a = plain.failure().trace;
    const Trace& b = named.failure().trace;
    REQUIRE(a.events.size() == b.events.size());
    for (std::size_t i = 0; i < a.events.size(); ++i) {
      CHECK(a.events[i].op == b.events[i].op);
      CHECK(a.events[i].object == b.events[i].object);
      CHECK(a.events[i].thread == b.events[i].thread);
    }
    // Same ids, and each named label is the unnamed one with the name in front.
    REQUIRE(a.object_labels.size() == b.object_labels.size());
    std::size_t differ = 0;
    for (std::size_t i = 0; i < a.object_labels.size(); ++i) {
      if (a.object_labels[i] == b.object_labels[i]) continue;
      ++differ;
      const std::string& l = b.object_labels[i];
      CHECK_THAT(l, Catch::EndsWith(" (" + a.object_labels[i] + ")"));
    }
    CHECK(differ == 4);  // the lock, x, and the semaphore's lock and Condition
  }
}

TEST_CASE("labels: a named object made in a simulation and used on real threads is named in the error") {
  std::unique_ptr<Lock> named;
  std::unique_ptr<Lock> plain;
  const Result r = explore(quiet(Strategy::random, 1), [&] {
    named = std::make_unique<Lock>("kept");
    plain = std::make_unique<Lock>();
  });
  REQUIRE(r.ok());
  REQUIRE(named);
  REQUIRE(plain);
  CHECK_THROWS_WITH(named->acquire(), Catch::Contains("this Lock (kept) was created inside a simulated execution"));
  CHECK_THROWS_WITH(plain->acquire(), Catch::Contains("this Lock was created inside a simulated execution"));
}
