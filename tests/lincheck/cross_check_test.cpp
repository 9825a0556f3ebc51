// weft::linearizable against a brute-force search on many small random histories, for every
// ready model: same verdict, a valid order when linearizable, split and unsplit agreeing; and
// the History recorder's own contract.
#include <catch2/catch.hpp>

#include <algorithm>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include <weft/linearizable.hpp>

#include "tests/lincheck/lin_checks.hpp"

namespace {

using lincheck_test::Rng;
using weft::lin::CheckOptions;
using weft::lin::CheckResult;
using weft::lin::History;
using weft::lin::OpId;
using weft::lin::Operation;
using weft::lin::Value;
using weft::lin::Verdict;

struct Tally {
  int linearizable = 0, not_linearizable = 0;
};

// Checks `n` random histories of up to 7 operations on 2-3 threads, a third of them with
// corrupted results, and returns how many came out each way.
template <class M>
Tally cross_check(const M& model, std::uint64_t seed, int n, const std::function<Operation(Rng&)>& op,
                  const std::function<Value(Rng&)>& result) {
  Rng rng{seed};
  Tally tally;
  for (int i = 0; i < n; ++i) {
    const History h = lincheck_test::random_history(model, rng, 2 + rng.below(2), 1 + rng.below(7), op, result,
                                                    i % 3 == 0 ? 40 : 0);
    INFO("history " << i << ":\n" << h.to_string());
    const bool expected = lincheck_test::brute_force_linearizable(h, model);
    const CheckResult c = weft::linearizable(h, model);
    REQUIRE(c.verdict == (expected ? Verdict::linearizable : Verdict::not_linearizable));
    if (i % 3 != 0) REQUIRE(c.ok());  // uncorrupted: linearizable by construction
    if (c.ok()) {
      REQUIRE(lincheck_test::linearization_error(h, model, c.order) == "");
      ++tally.linearizable;
    } else {
      REQUIRE(c.blocked.has_value());
      REQUIRE_FALSE(c.conflicts.empty());
      for (const weft::lin::Conflict& k : c.conflicts) REQUIRE_FALSE(k.fits);  // the deepest point: none fits
      REQUIRE(std::find(c.prefix.begin(), c.prefix.end(), *c.blocked) == c.prefix.end());
      // Split: the prefix, the blocked operation and the alternatives all have the failing key.
      if (c.key) {
        if constexpr (weft::lin::PartitionedModel<M>) {
          for (OpId id : c.prefix) REQUIRE(model.partition(h.operation(id).op) == c.key);
          for (const weft::lin::Conflict& k : c.conflicts) REQUIRE(model.partition(h.operation(k.op).op) == c.key);
          REQUIRE(model.partition(h.operation(*c.blocked).op) == c.key);
        }
      }
      ++tally.not_linearizable;
    }
    const CheckResult again = weft::linearizable(h, model);  // deterministic
    REQUIRE(again.order == c.order);
    REQUIRE(again.explanation == c.explanation);
    CheckOptions whole;
    whole.partition = false;
    const CheckResult w = weft::linearizable(h, model, whole);
    REQUIRE(w.verdict == c.verdict);
    REQUIRE_FALSE(w.key.has_value());
    // Unsplit, the prefix is a valid start of an order of the whole history.
    if (!w.ok()) REQUIRE(lincheck_test::linearization_error(h, model, w.prefix, true) == "");
  }
  return tally;
}

}  // namespace

TEST_CASE("cross-check: register histories against brute force", "[lincheck]") {
  const Tally t = cross_check(
      weft::lin::RegisterModel{}, 1, 600,
      [](Rng& r) {
        switch (r.below(3)) {
          case 0: return Operation{"read", {}};
          case 1: return Operation{"write", {Value{r.below(3)}}};
          default: return Operation{"cas", {Value{r.below(3)}, Value{r.below(3)}}};
        }
      },
      [](Rng& r) { return r.below(2) == 0 ? Value{r.below(3)} : Value{r.below(2) == 0}; });
  // Both verdicts occur often enough for the comparison to mean something.
  CHECK(t.linearizable > 300);
  CHECK(t.not_linearizable > 40);
}

TEST_CASE("cross-check: queue histories against brute force", "[lincheck]") {
  const Tally t = cross_check(
      weft::lin::QueueModel{}, 2, 600,
      [](Rng& r) { return r.below(2) == 0 ? Operation{"enqueue", {Value{r.below(3)}}} : Operation{"dequeue", {}}; },
      [](Rng& r) { return r.below(4) == 0 ? Value::empty() : Value{r.below(3)}; });
  CHECK(t.linearizable > 300);
  CHECK(t.not_linearizable > 40);
}

TEST_CASE("cross-check: stack histories against brute force", "[lincheck]") {
  const Tally t = cross_check(
      weft::lin::StackModel{}, 3, 600,
      [](Rng& r) { return r.below(2) == 0 ? Operation{"push", {Value{r.below(3)}}} : Operation{"pop", {}}; },
      [](Rng& r) { return r.below(4) == 0 ? Value::empty() : Value{r.below(3)}; });
  CHECK(t.linearizable > 300);
  CHECK(t.not_linearizable > 40);
}

TEST_CASE("cross-check: set histories against brute force, split and whole", "[lincheck]") {
  const Tally t = cross_check(
      weft::lin::SetModel{}, 4, 600,
      [](Rng& r) {
        const char* names[] = {"add", "remove", "contains"};
        return Operation{names[r.below(3)], {Value{r.below(3)}}};
      },
      [](Rng& r) { return Value{r.below(2) == 0}; });
  CHECK(t.linearizable > 300);
  CHECK(t.not_linearizable > 40);
}

TEST_CASE("history: each thread calls one operation at a time", "[lincheck]") {
  History h;
  const OpId a = h.invoke(1, "enqueue", {1});
  CHECK_THROWS_AS(h.invoke(1, "dequeue"), std::logic_error);
  CHECK_THROWS_WITH(h.invoke(1, "dequeue"),
                    Catch::Contains("T1 invoked dequeue while its #0 T1 enqueue(1) (pending) had not responded"));
  h.respond(a);
  CHECK_THROWS_WITH(h.respond(a), Catch::Contains("#0 T1 enqueue(1) has already responded"));
  CHECK_THROWS_WITH(h.respond(5), Catch::Contains("operation #5 was never invoked"));
  const OpId b = h.invoke(1, "dequeue");
  CHECK(b == 1);
  h.respond(b, 1);
  CHECK(h.size() == 2);
  CHECK(h.events().size() == 4);
  CHECK(h.operation(b).to_string() == "#1 T1 dequeue() -> 1");
  CHECK(h.to_string() ==
        "T1 invoke #0 enqueue(1)\n"
        "T1 return #0 -> none\n"
        "T1 invoke #1 dequeue()\n"
        "T1 return #1 -> 1\n");
}

TEST_CASE("history: recorded from several OS threads at once", "[lincheck]") {
  // A correct queue under a mutex; each thread records around its calls.
  History h;
  std::mutex m;
  std::vector<int> q;
  auto worker = [&](weft::lin::ProcessId t) {
    for (int i = 0; i < 200; ++i) {
      if (i % 2 == 0) {
        const OpId id = h.invoke(t, "enqueue", {static_cast<int>(t) * 1000 + i});
        {
          std::lock_guard<std::mutex> lock(m);
          q.push_back(static_cast<int>(t) * 1000 + i);
        }
        h.respond(id);
      } else {
        const OpId id = h.invoke(t, "dequeue");
        Value got = Value::empty();
        {
          std::lock_guard<std::mutex> lock(m);
          if (!q.empty()) {
            got = q.front();
            q.erase(q.begin());
          }
        }
        h.respond(id, got);
      }
    }
  };
  std::thread t1(worker, 1), t2(worker, 2), t3(worker, 3);
  t1.join();
  t2.join();
  t3.join();
  CHECK(h.size() == 600);
  const CheckResult c = weft::linearizable(h, weft::lin::QueueModel{});
  REQUIRE(c.ok());
  CHECK(lincheck_test::linearization_error(h, weft::lin::QueueModel{}, c.order) == "");
}

TEST_CASE("value: kinds compare, order and hash apart", "[lincheck]") {
  CHECK(Value{1} != Value{true});
  CHECK(Value{} != Value::empty());
  CHECK(Value{0} != Value{});
  CHECK(Value{std::uint64_t{3}} == Value{3});
  CHECK(Value{"a"} == Value{std::string("a")});
  CHECK(Value{1} < Value{2});
  CHECK(Value{1}.hash() == Value{1}.hash());
  CHECK(Value{1}.hash() != Value{true}.hash());
  CHECK(Value{}.to_string() == "none");
  CHECK(Value::empty().to_string() == "empty");
  CHECK(Value{false}.to_string() == "false");
  CHECK(Value{-4}.to_string() == "-4");
  CHECK(Value{"say \"hi\""}.to_string() == "\"say \\\"hi\\\"\"");
  CHECK((Operation{"cas", {1, 2}}.to_string()) == "cas(1, 2)");
  CHECK(std::hash<Value>{}(Value{7}) == Value{7}.hash());
}
