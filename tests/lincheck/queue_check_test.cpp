// The distinct-value queue check (CheckOptions::queue_fast_path, lincheck/queue_check.cpp):
// each violation pattern by hand, what qualifies and what is searched, and a randomized
// cross-check of every verdict against the search with the fast path off.
#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
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
using weft::lin::QueueModel;
using weft::lin::Value;
using weft::lin::Verdict;

CheckResult fast(const History& h) { return weft::linearizable(h, QueueModel{}); }

CheckResult searched(const History& h) {
  CheckOptions off;
  off.queue_fast_path = false;
  off.max_configurations = 0;
  return weft::linearizable(h, QueueModel{}, off);
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Checks a violation found by the queue check: the search agrees, and the explanation names
// the pattern and still carries the search's prefix.
void require_violation(const History& h, const std::string& pattern, const std::string& words) {
  const CheckResult c = fast(h);
  INFO(c.explanation);
  REQUIRE(c.verdict == Verdict::not_linearizable);
  CHECK(c.stats.queue_check);
  CHECK(contains(c.explanation, "queue check: "));
  CHECK(contains(c.explanation, pattern));
  CHECK(contains(c.explanation, words));
  CHECK(contains(c.explanation, "not linearizable: no order of the "));
  CHECK(c.blocked.has_value());
  CHECK(searched(h).verdict == Verdict::not_linearizable);
}

void respond_now(History& h, weft::lin::ProcessId t, const char* name, std::vector<Value> args, Value result = {}) {
  h.respond(h.invoke(t, name, std::move(args)), std::move(result));
}

// `h` without its pending dequeues, which make a history fall back to the search.
History without_pending_dequeues(const History& h) {
  History out;
  std::vector<OpId> renamed(h.size());
  for (const weft::lin::HistoryEvent& e : h.events()) {
    const weft::lin::OperationRecord& r = h.operation(e.op);
    if (r.pending && r.op.name == "dequeue") continue;
    if (e.kind == weft::lin::HistoryEvent::Kind::invoke) renamed[e.op] = out.invoke(r.thread, r.op.name, r.op.args);
    else out.respond(renamed[e.op], r.result);
  }
  return out;
}

}  // namespace

TEST_CASE("queue check: VFresh, a value never enqueued or dequeued before its enqueue began", "[lincheck]") {
  History never;
  respond_now(never, 1, "enqueue", {1});
  respond_now(never, 2, "dequeue", {}, 2);
  require_violation(never, "[VFresh]", "dequeue #1 returned 2, which no operation enqueued");

  History early;
  respond_now(early, 2, "dequeue", {}, 9);
  respond_now(early, 1, "enqueue", {9});
  require_violation(early, "[VFresh]", "dequeue #0 returned 9 before enqueue(9) (#1) was invoked");
}

TEST_CASE("queue check: VRepet, one value dequeued twice", "[lincheck]") {
  History h;
  respond_now(h, 1, "enqueue", {7});
  const OpId a = h.invoke(2, "dequeue");
  const OpId b = h.invoke(3, "dequeue");
  h.respond(a, 7);
  h.respond(b, 7);
  require_violation(h, "[VRepet]", "dequeues #1 and #2 both returned 7, enqueued once by #0");
}

TEST_CASE("queue check: VOrd, values dequeued out of enqueue order or skipped", "[lincheck]") {
  History skipped;
  respond_now(skipped, 1, "enqueue", {3});
  respond_now(skipped, 1, "enqueue", {5});
  respond_now(skipped, 2, "dequeue", {}, 5);
  require_violation(skipped, "[VOrd]",
                    "enqueue(3) (#0) returned before enqueue(5) (#1) was invoked, but 5 was dequeued (#2) and 3 never was");

  History swapped;
  respond_now(swapped, 1, "enqueue", {3});
  respond_now(swapped, 1, "enqueue", {5});
  respond_now(swapped, 2, "dequeue", {}, 5);
  respond_now(swapped, 2, "dequeue", {}, 3);
  require_violation(swapped, "[VOrd]", "but 5 was dequeued first: #2 returned before #3 was invoked");

  // Overlapping dequeues may take the values either way round.
  History overlapping;
  respond_now(overlapping, 1, "enqueue", {3});
  respond_now(overlapping, 1, "enqueue", {5});
  const OpId d1 = overlapping.invoke(2, "dequeue");
  const OpId d2 = overlapping.invoke(3, "dequeue");
  overlapping.respond(d1, 5);
  overlapping.respond(d2, 3);
  const CheckResult c = fast(overlapping);
  REQUIRE(c.ok());
  CHECK(c.stats.queue_check);
  CHECK(lincheck_test::linearization_error(overlapping, QueueModel{}, c.order).empty());
}

TEST_CASE("queue check: VWit, empty although one value was queued throughout", "[lincheck]") {
  History h;
  respond_now(h, 1, "enqueue", {5});
  respond_now(h, 2, "dequeue", {}, Value::empty());
  require_violation(h, "[VWit]", "dequeue #1 returned empty, but some value was certainly in the queue");
}

TEST_CASE("queue check: VWit, two values together witness that the queue was not empty", "[lincheck]") {
  // 1 is queued from before the empty dequeue x until deq(1) starts, and 2 from before that
  // until after x: neither covers x alone, both do. With enqueue(2) returning after deq(1)
  // started, x may fall in between and the history is linearizable.
  for (const bool covered : {true, false}) {
    History h;
    respond_now(h, 1, "enqueue", {1});
    const OpId e2 = h.invoke(2, "enqueue", {2});
    const OpId x = h.invoke(3, "dequeue");
    if (covered) h.respond(e2);
    const OpId d1 = h.invoke(4, "dequeue");
    if (!covered) h.respond(e2);
    h.respond(d1, 1);
    h.respond(x, Value::empty());
    respond_now(h, 4, "dequeue", {}, 2);
    INFO(h.to_string());
    if (covered) {
      require_violation(h, "[VWit]", ": 1 (#0, dequeued by #3), then 2 (#1, dequeued by #4)");
    } else {
      const CheckResult c = fast(h);
      REQUIRE(c.ok());
      CHECK(c.stats.queue_check);
      CHECK(lincheck_test::linearization_error(h, QueueModel{}, c.order).empty());
      CHECK(searched(h).ok());
    }
  }
}

TEST_CASE("queue check: the order follows the dequeues' invocations, not their responses", "[lincheck]") {
  // enqueue(x) [0,1], enqueue(y) [0,20], enqueue(z) [2,3]; dequeues of x [4,30], z [5,6] and
  // y [7,8]. The queue order must be x, z, y, although y's dequeue returned before x's.
  History h;
  const OpId ex = h.invoke(1, "enqueue", {1});
  const OpId ey = h.invoke(2, "enqueue", {2});
  h.respond(ex);
  const OpId ez = h.invoke(1, "enqueue", {3});
  h.respond(ez);
  const OpId dx = h.invoke(3, "dequeue");
  const OpId dz = h.invoke(1, "dequeue");
  h.respond(dz, 3);
  const OpId dy = h.invoke(4, "dequeue");
  h.respond(dy, 2);
  h.respond(ey);
  h.respond(dx, 1);
  const CheckResult c = fast(h);
  REQUIRE(c.ok());
  CHECK(c.stats.queue_check);
  CHECK(c.order == std::vector<OpId>{ex, ez, dx, dz, ey, dy});
  CHECK(lincheck_test::linearization_error(h, QueueModel{}, c.order).empty());
}

TEST_CASE("queue check: what qualifies, and what is searched instead", "[lincheck]") {
  History pending_enqueue;  // dequeued, so it took effect: placed in the order
  const OpId e = pending_enqueue.invoke(1, "enqueue", {9});
  respond_now(pending_enqueue, 2, "dequeue", {}, 9);
  pending_enqueue.invoke(3, "enqueue", {10});  // never dequeued: left out
  const CheckResult p = fast(pending_enqueue);
  REQUIRE(p.ok());
  CHECK(p.stats.queue_check);
  CHECK(p.order == std::vector<OpId>{e, 1});

  History repeated;  // a value enqueued twice: searched
  respond_now(repeated, 1, "enqueue", {4});
  respond_now(repeated, 1, "enqueue", {4});
  respond_now(repeated, 2, "dequeue", {}, 4);
  const CheckResult r = fast(repeated);
  CHECK(r.ok());
  CHECK_FALSE(r.stats.queue_check);

  History pending_dequeue;  // a pending dequeue may have taken anything: searched
  respond_now(pending_dequeue, 1, "enqueue", {1});
  pending_dequeue.invoke(2, "dequeue");
  CHECK_FALSE(fast(pending_dequeue).stats.queue_check);

  History unknown;  // the model's own error comes from the search
  respond_now(unknown, 1, "peek", {});
  CHECK_THROWS_AS(fast(unknown), std::invalid_argument);
}

TEST_CASE("queue check: 10,000 operations on 8 threads, decided without a search", "[lincheck]") {
  Rng rng{77};
  std::int64_t counter = 0;
  const History h = lincheck_test::random_history(
      QueueModel{}, rng, 8, 10000,
      [&counter](Rng& r) { return r.below(2) == 0 ? Operation{"enqueue", {Value{counter++}}} : Operation{"dequeue", {}}; },
      [](Rng&) { return Value{}; }, 0);
  const CheckResult c = fast(without_pending_dequeues(h));
  REQUIRE(c.ok());
  CHECK(c.stats.queue_check);
  CHECK(c.stats.configurations == 0);
  CHECK(lincheck_test::linearization_error(without_pending_dequeues(h), QueueModel{}, c.order).empty());
}

TEST_CASE("queue check: agrees with the search on 6,000 random distinct-value histories", "[lincheck]") {
  // 2-5 threads, up to 14 operations, distinct values; a third of the histories with
  // corrupted results (a value, possibly one never enqueued or dequeued elsewhere, or empty);
  // enqueues half or a third of the calls (more empty dequeues); half without their pending
  // dequeues, so that most qualify.
  Rng rng{20131};
  int decided = 0, linearizable = 0, not_linearizable = 0, empties = 0;
  for (int i = 0; i < 6000; ++i) {
    std::int64_t counter = 0;
    const std::uint32_t enqueue_in = 2 + (i & 1);
    const History recorded = lincheck_test::random_history(
        QueueModel{}, rng, 2 + rng.below(4), 1 + rng.below(14),
        [&counter, enqueue_in](Rng& r) {
          return r.below(enqueue_in) == 0 ? Operation{"enqueue", {Value{counter++}}} : Operation{"dequeue", {}};
        },
        [&counter](Rng& r) {
          return r.below(3) == 0 ? Value::empty() : Value{static_cast<std::int64_t>(r.below(static_cast<std::uint32_t>(counter) + 2))};
        },
        i % 3 == 0 ? 30 : 0);
    const History h = (i / 2) % 2 == 0 ? without_pending_dequeues(recorded) : recorded;
    INFO("history " << i << ":\n" << h.to_string());
    const CheckResult f = fast(h);
    const CheckResult s = searched(h);
    REQUIRE(f.verdict == s.verdict);
    if (!f.stats.queue_check) continue;
    ++decided;
    for (const weft::lin::OperationRecord& r : h.operations()) empties += r.result.is_empty() ? 1 : 0;
    if (f.ok()) {
      ++linearizable;
      REQUIRE(lincheck_test::linearization_error(h, QueueModel{}, f.order) == "");
    } else {
      ++not_linearizable;
      REQUIRE(f.blocked.has_value());
      REQUIRE(contains(f.explanation, "queue check: "));
    }
    const CheckResult again = fast(h);  // deterministic
    REQUIRE(again.order == f.order);
    REQUIRE(again.explanation == f.explanation);
  }
  CHECK(decided > 3000);
  CHECK(linearizable > 1500);
  CHECK(not_linearizable > 500);
  CHECK(empties > 1000);
}
