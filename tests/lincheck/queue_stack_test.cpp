// weft::linearizable on hand-written FIFO queue and LIFO stack histories.
#include <catch2/catch.hpp>

#include <weft/linearizable.hpp>

#include "tests/lincheck/lin_checks.hpp"

namespace {

using weft::lin::CheckResult;
using weft::lin::History;
using weft::lin::OpId;
using weft::lin::QueueModel;
using weft::lin::StackModel;
using weft::lin::Value;
using weft::lin::Verdict;

CheckResult check(const History& h) { return weft::linearizable(h, QueueModel{}); }

// The general search, without the distinct-value queue check (tests/lincheck/queue_check_test.cpp).
CheckResult search(const History& h) {
  weft::lin::CheckOptions options;
  options.queue_fast_path = false;
  return weft::linearizable(h, QueueModel{}, options);
}

}  // namespace

TEST_CASE("queue: sequential enqueues come out in order", "[lincheck]") {
  History h;
  const OpId e1 = h.invoke(1, "enqueue", {1});
  h.respond(e1);
  const OpId e2 = h.invoke(1, "enqueue", {2});
  h.respond(e2);
  const OpId d1 = h.invoke(2, "dequeue");
  h.respond(d1, 1);
  const OpId d2 = h.invoke(2, "dequeue");
  h.respond(d2, 2);
  const OpId d3 = h.invoke(2, "dequeue");
  h.respond(d3, Value::empty());
  const CheckResult c = check(h);
  REQUIRE(c.ok());
  CHECK(c.order == std::vector<OpId>{e1, e2, d1, d2, d3});
}

TEST_CASE("queue: out of FIFO order is not linearizable, and the explanation says why", "[lincheck]") {
  History h;
  const OpId e1 = h.invoke(1, "enqueue", {1});
  h.respond(e1);
  const OpId e2 = h.invoke(1, "enqueue", {2});
  h.respond(e2);
  const OpId d = h.invoke(2, "dequeue");
  h.respond(d, 2);
  const CheckResult c = check(h);
  REQUIRE(c.verdict == Verdict::not_linearizable);
  CHECK(c.prefix == std::vector<OpId>{e1, e2});
  CHECK(c.blocked == d);
  REQUIRE(c.conflicts.size() == 1);
  CHECK(c.conflicts[0].model_result == Value{1});
  CHECK(c.state == "[1, 2]");
  CHECK(c.stats.queue_check);  // distinct values: the queue check finds the violation, the search explains it
  CHECK(c.explanation ==
        "queue check: enqueue(1) (#0) returned before enqueue(2) (#1) was invoked, but 2 was dequeued (#2) and 1 "
        "never was [VOrd].\n"
        "not linearizable: no order of the 3 operations explains every result.\n"
        "longest linearizable prefix (2 operations):\n"
        "  #0 T1 enqueue(1)\n"
        "  #1 T1 enqueue(2)\n"
        "state after it: [1, 2]\n"
        "next must come #2 T2 dequeue() -> 2 (no other remaining operation was invoked before it returned), "
        "but the model returns 1 there.\n");
}

TEST_CASE("queue: concurrent enqueues may take effect in either order (backtracking)", "[lincheck]") {
  // enqueue(1) and enqueue(2) overlap; the dequeues then see 2 first. The search places
  // enqueue(1) first (it was invoked first), fails at the first dequeue, and backs up.
  History h;
  const OpId e1 = h.invoke(1, "enqueue", {1});
  const OpId e2 = h.invoke(2, "enqueue", {2});
  h.respond(e1);
  h.respond(e2);
  const OpId d1 = h.invoke(3, "dequeue");
  h.respond(d1, 2);
  const OpId d2 = h.invoke(3, "dequeue");
  h.respond(d2, 1);
  const CheckResult c = search(h);
  REQUIRE(c.ok());
  CHECK(c.order == std::vector<OpId>{e2, e1, d1, d2});
  CHECK(c.stats.backtracks >= 1);
  CHECK(check(h).order == c.order);  // the queue check's greedy order: 2's dequeue returned first
  CHECK(lincheck_test::linearization_error(h, QueueModel{}, c.order).empty());
}

TEST_CASE("queue: the overlapping alternatives are listed when none fits", "[lincheck]") {
  // 1 and 2 enqueued in turn; two overlapping dequeues both return 2.
  History h;
  const OpId e1 = h.invoke(1, "enqueue", {1});
  h.respond(e1);
  const OpId e2 = h.invoke(1, "enqueue", {2});
  h.respond(e2);
  const OpId a = h.invoke(2, "dequeue");
  const OpId b = h.invoke(3, "dequeue");
  h.respond(a, 2);
  h.respond(b, 2);
  const CheckResult c = check(h);
  REQUIRE(c.verdict == Verdict::not_linearizable);
  CHECK(c.prefix == std::vector<OpId>{e1, e2});
  CHECK(c.blocked == a);
  REQUIRE(c.conflicts.size() == 2);
  CHECK(c.conflicts[0].op == a);
  CHECK(c.conflicts[1].op == b);
  CHECK(c.conflicts[0].model_result == Value{1});
  CHECK(c.conflicts[1].model_result == Value{1});
  CHECK(c.explanation.find("next must come #2 T2 dequeue() -> 2, the first remaining operation to return, or "
                           "one invoked before it returned; none fits:\n"
                           "  #2 T2 dequeue() -> 2: the model returns 1\n"
                           "  #3 T3 dequeue() -> 2: the model returns 1\n") != std::string::npos);
}

TEST_CASE("queue: empty is a result like any other", "[lincheck]") {
  History during;  // a dequeue overlapping the only enqueue may find the queue empty
  const OpId e = during.invoke(1, "enqueue", {5});
  const OpId d = during.invoke(2, "dequeue");
  during.respond(e);
  during.respond(d, Value::empty());
  const CheckResult c = check(during);
  REQUIRE(c.ok());
  CHECK(c.order == std::vector<OpId>{d, e});

  History after;  // not once the enqueue returned
  const OpId e2 = after.invoke(1, "enqueue", {5});
  after.respond(e2);
  const OpId d2 = after.invoke(2, "dequeue");
  after.respond(d2, Value::empty());
  const CheckResult f = check(after);
  REQUIRE(f.verdict == Verdict::not_linearizable);
  CHECK(f.blocked == d2);
  CHECK(f.conflicts.at(0).model_result == Value{5});
  CHECK(f.explanation.find("#1 T2 dequeue() -> empty") != std::string::npos);
}

TEST_CASE("queue: an element dequeued twice is not linearizable", "[lincheck]") {
  History h;
  const OpId e = h.invoke(1, "enqueue", {7});
  h.respond(e);
  const OpId a = h.invoke(2, "dequeue");
  const OpId b = h.invoke(3, "dequeue");
  h.respond(a, 7);
  h.respond(b, 7);
  const CheckResult c = check(h);
  REQUIRE(c.verdict == Verdict::not_linearizable);
  CHECK(c.prefix == std::vector<OpId>{e, a});
  CHECK(c.blocked == b);
  REQUIRE(c.conflicts.size() == 1);
  CHECK(c.conflicts[0].model_result == Value::empty());
}

TEST_CASE("queue: a pending enqueue can be what a dequeue returns", "[lincheck]") {
  History h;
  const OpId e = h.invoke(1, "enqueue", {9});  // never returns
  const OpId d = h.invoke(2, "dequeue");
  h.respond(d, 9);
  const CheckResult c = check(h);
  REQUIRE(c.ok());
  CHECK(c.order == std::vector<OpId>{e, d});

  History later;  // but not one invoked after the dequeue returned
  const OpId d2 = later.invoke(2, "dequeue");
  later.respond(d2, 9);
  later.invoke(1, "enqueue", {9});
  CHECK(check(later).verdict == Verdict::not_linearizable);
}

TEST_CASE("queue: a pending dequeue may have removed an element", "[lincheck]") {
  // T2's dequeue never returned; T3 then finds the queue [1, 2] already missing 1.
  History h;
  const OpId e1 = h.invoke(1, "enqueue", {1});
  h.respond(e1);
  const OpId e2 = h.invoke(1, "enqueue", {2});
  h.respond(e2);
  const OpId lost = h.invoke(2, "dequeue");
  const OpId d = h.invoke(3, "dequeue");
  h.respond(d, 2);
  const CheckResult c = check(h);
  REQUIRE(c.ok());
  CHECK(c.order == std::vector<OpId>{e1, e2, lost, d});
}

TEST_CASE("stack: last in, first out", "[lincheck]") {
  History h;
  const OpId p1 = h.invoke(1, "push", {1});
  h.respond(p1);
  const OpId p2 = h.invoke(1, "push", {2});
  h.respond(p2);
  const OpId a = h.invoke(2, "pop");
  h.respond(a, 2);
  const OpId b = h.invoke(2, "pop");
  h.respond(b, 1);
  const OpId c0 = h.invoke(2, "pop");
  h.respond(c0, Value::empty());
  const CheckResult c = weft::linearizable(h, StackModel{});
  REQUIRE(c.ok());
  CHECK(c.order == std::vector<OpId>{p1, p2, a, b, c0});

  History fifo;  // the queue's order is wrong for a stack
  const OpId q1 = fifo.invoke(1, "push", {1});
  fifo.respond(q1);
  const OpId q2 = fifo.invoke(1, "push", {2});
  fifo.respond(q2);
  const OpId x = fifo.invoke(2, "pop");
  fifo.respond(x, 1);
  const CheckResult d = weft::linearizable(fifo, StackModel{});
  REQUIRE(d.verdict == Verdict::not_linearizable);
  CHECK(d.blocked == x);
  CHECK(d.conflicts.at(0).model_result == Value{2});
  CHECK(d.state == "[1, 2]");
}

TEST_CASE("stack: concurrent pushes, then pops in the order they took effect", "[lincheck]") {
  History h;
  const OpId p1 = h.invoke(1, "push", {1});
  const OpId p2 = h.invoke(2, "push", {2});
  h.respond(p1);
  h.respond(p2);
  const OpId a = h.invoke(3, "pop");
  h.respond(a, 1);  // 1 on top: push(2) took effect first
  const OpId b = h.invoke(3, "pop");
  h.respond(b, 2);
  const CheckResult c = weft::linearizable(h, StackModel{});
  REQUIRE(c.ok());
  CHECK(c.order == std::vector<OpId>{p2, p1, a, b});
}
