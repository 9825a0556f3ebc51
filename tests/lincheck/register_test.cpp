// weft::linearizable on hand-written register histories: verdicts, the order found, backtracking,
// pending operations, and what a failure's explanation names.
#include <catch2/catch.hpp>

#include <weft/linearizable.hpp>

#include "tests/lincheck/lin_checks.hpp"

namespace {

using weft::lin::CheckResult;
using weft::lin::History;
using weft::lin::OpId;
using weft::lin::RegisterModel;
using weft::lin::Value;
using weft::lin::Verdict;

CheckResult check(const History& h) { return weft::linearizable(h, RegisterModel{}); }

}  // namespace

TEST_CASE("register: a sequential history is its own linearization", "[lincheck]") {
  History h;
  const OpId w = h.invoke(1, "write", {7});
  h.respond(w);
  const OpId r = h.invoke(2, "read");
  h.respond(r, 7);
  const CheckResult c = check(h);
  REQUIRE(c.ok());
  CHECK(c.order == std::vector<OpId>{w, r});
  CHECK(c.explanation.empty());
  CHECK(lincheck_test::linearization_error(h, RegisterModel{}, c.order).empty());
}

TEST_CASE("register: a read that misses a completed write is not linearizable", "[lincheck]") {
  History h;
  const OpId w = h.invoke(1, "write", {1});
  h.respond(w);
  const OpId r = h.invoke(2, "read");
  h.respond(r, 0);  // stale: the write had returned before the read began
  const CheckResult c = check(h);
  REQUIRE(c.verdict == Verdict::not_linearizable);
  CHECK(c.order.empty());
  CHECK(c.prefix == std::vector<OpId>{w});
  REQUIRE(c.blocked == r);
  REQUIRE(c.conflicts.size() == 1);
  CHECK(c.conflicts[0].op == r);
  CHECK(c.conflicts[0].model_result == Value{1});
  CHECK_FALSE(c.conflicts[0].fits);
  CHECK(c.state == "1");
  CHECK(c.explanation ==
        "not linearizable: no order of the 2 operations explains every result.\n"
        "longest linearizable prefix (1 operation):\n"
        "  #0 T1 write(1)\n"
        "state after it: 1\n"
        "next must come #1 T2 read() -> 0 (no other remaining operation was invoked before it returned), "
        "but the model returns 1 there.\n");
}

TEST_CASE("register: a read overlapping a write may see either value", "[lincheck]") {
  for (int seen : {0, 1}) {
    History h;
    const OpId w = h.invoke(1, "write", {1});
    const OpId r = h.invoke(2, "read");
    h.respond(w);
    h.respond(r, seen);
    const CheckResult c = check(h);
    REQUIRE(c.ok());
    CHECK(c.order == (seen == 1 ? std::vector<OpId>{w, r} : std::vector<OpId>{r, w}));
  }
  History h;  // but not a value nobody wrote
  const OpId w = h.invoke(1, "write", {1});
  const OpId r = h.invoke(2, "read");
  h.respond(w);
  h.respond(r, 5);
  const CheckResult c = check(h);
  REQUIRE(c.verdict == Verdict::not_linearizable);
  // Both orders were tried: write then read (deepest, prefix [w]) and read first.
  CHECK(c.prefix == std::vector<OpId>{w});
  CHECK(c.blocked == r);
}

TEST_CASE("register: the first order tried fails and a later one succeeds (backtracking)", "[lincheck]") {
  // Three overlapping calls, then a read. The search tries write(1), write(2), read -> 1 first,
  // which fails (the model reads 2); it backs up and places the read between the writes.
  History h;
  const OpId w1 = h.invoke(1, "write", {1});
  const OpId w2 = h.invoke(2, "write", {2});
  const OpId r1 = h.invoke(3, "read");
  h.respond(w1);
  h.respond(w2);
  h.respond(r1, 1);
  const OpId r2 = h.invoke(3, "read");
  h.respond(r2, 2);
  const CheckResult c = check(h);
  REQUIRE(c.ok());
  CHECK(c.order == std::vector<OpId>{w1, r1, w2, r2});
  CHECK(c.stats.backtracks == 1);
  CHECK(lincheck_test::linearization_error(h, RegisterModel{}, c.order).empty());
}

TEST_CASE("register: two levels of backtracking", "[lincheck]") {
  // w1, w2, w3 overlap two reads that see 2 and 1, and a final read sees 3: each read sits
  // right after its write and w3 comes last, so w1, rb, w2, ra, w3 or w2, ra, w1, rb, w3.
  // Trying candidates in invocation order, the search first places w1, w2, w3 and backs up
  // through several levels before it finds the first of the two.
  History h;
  const OpId w1 = h.invoke(1, "write", {1});
  const OpId w2 = h.invoke(2, "write", {2});
  const OpId w3 = h.invoke(3, "write", {3});
  const OpId ra = h.invoke(4, "read");
  const OpId rb = h.invoke(5, "read");
  h.respond(ra, 2);
  h.respond(rb, 1);
  h.respond(w1);
  h.respond(w2);
  h.respond(w3);
  const OpId rc = h.invoke(4, "read");
  h.respond(rc, 3);
  const CheckResult c = check(h);
  REQUIRE(c.ok());
  CHECK(c.order == std::vector<OpId>{w1, rb, w2, ra, w3, rc});
  CHECK(c.stats.backtracks >= 2);
  CHECK(lincheck_test::linearization_error(h, RegisterModel{}, c.order).empty());
  CHECK(lincheck_test::brute_force_linearizable(h, RegisterModel{}));
}

TEST_CASE("register: two compare-and-sets from the same value cannot both succeed", "[lincheck]") {
  History h;
  const OpId a = h.invoke(1, "cas", {0, 1});
  const OpId b = h.invoke(2, "cas", {0, 2});
  h.respond(a, true);
  h.respond(b, true);
  const CheckResult c = check(h);
  REQUIRE(c.verdict == Verdict::not_linearizable);
  CHECK(c.prefix == std::vector<OpId>{a});
  CHECK(c.blocked == b);
  REQUIRE(c.conflicts.size() == 1);
  CHECK(c.conflicts[0].model_result == Value{false});
  CHECK(c.explanation.find("#1 T2 cas(0, 2) -> true") != std::string::npos);

  History ok;  // one fails: fine in either order of invocation
  const OpId x = ok.invoke(1, "cas", {0, 1});
  const OpId y = ok.invoke(2, "cas", {0, 2});
  ok.respond(x, false);
  ok.respond(y, true);
  const CheckResult d = check(ok);
  REQUIRE(d.ok());
  CHECK(d.order == std::vector<OpId>{y, x});
}

TEST_CASE("register: a pending write may take effect or not", "[lincheck]") {
  for (int seen : {0, 1}) {
    History h;
    const OpId w = h.invoke(1, "write", {1});  // never returns
    const OpId r = h.invoke(2, "read");
    h.respond(r, seen);
    const CheckResult c = check(h);
    REQUIRE(c.ok());
    // Seen: the pending write took effect, and the order includes it; not seen: left out.
    CHECK(c.order == (seen == 1 ? std::vector<OpId>{w, r} : std::vector<OpId>{r}));
  }
}

TEST_CASE("register: a pending write cannot take effect before it was invoked, nor twice", "[lincheck]") {
  History before;
  const OpId r = before.invoke(2, "read");
  before.respond(r, 1);  // returned before the write below began
  before.invoke(1, "write", {1});
  const CheckResult c = check(before);
  REQUIRE(c.verdict == Verdict::not_linearizable);
  CHECK(c.prefix.empty());
  CHECK(c.blocked == r);
  REQUIRE(c.conflicts.size() == 1);  // the pending write is not a candidate: invoked too late
  CHECK(c.conflicts[0].op == r);
  CHECK(c.explanation.find("no operation can take effect first.\ninitial state: 0\n") != std::string::npos);

  History flicker;  // once seen, a write stays: 1 then 0 is impossible
  const OpId w = flicker.invoke(1, "write", {1});
  const OpId a = flicker.invoke(2, "read");
  flicker.respond(a, 1);
  const OpId b = flicker.invoke(2, "read");
  flicker.respond(b, 0);
  const CheckResult d = check(flicker);
  REQUIRE(d.verdict == Verdict::not_linearizable);
  CHECK(d.prefix == std::vector<OpId>{w, a});
  CHECK(d.blocked == b);
  REQUIRE(d.conflicts.size() == 1);
  CHECK(d.conflicts[0].model_result == Value{1});
}

TEST_CASE("register: more than 64 operations (the placed set spans several words)", "[lincheck]") {
  // Three threads in overlapping rounds: T1 writes i, T2 and T3 read during the write.
  History h;
  constexpr int rounds = 60;  // 180 operations
  for (int i = 1; i <= rounds; ++i) {
    const OpId w = h.invoke(1, "write", {i});
    const OpId a = h.invoke(2, "read");
    const OpId b = h.invoke(3, "read");
    h.respond(a, i - 1);  // before the write
    h.respond(w);
    h.respond(b, i == 45 ? i - 2 : i);  // after it; round 45 reads a value two writes old
  }
  const CheckResult c = check(h);
  REQUIRE(c.verdict == Verdict::not_linearizable);
  const OpId stale = 3 * 44 + 2;  // round 45's second read
  CHECK(c.blocked == stale);
  CHECK(c.prefix.size() == 3 * 44 + 2);  // rounds 1-44, then round 45's write and first read
  CHECK(c.state == "45");

  History fine;  // the same without the stale read
  for (int i = 1; i <= rounds; ++i) {
    const OpId w = fine.invoke(1, "write", {i});
    const OpId a = fine.invoke(2, "read");
    const OpId b = fine.invoke(3, "read");
    fine.respond(a, i - 1);
    fine.respond(w);
    fine.respond(b, i);
  }
  const CheckResult d = check(fine);
  REQUIRE(d.ok());
  CHECK(d.order.size() == 3 * rounds);
  CHECK(lincheck_test::linearization_error(fine, RegisterModel{}, d.order).empty());
}

TEST_CASE("register: max_configurations gives up instead of answering", "[lincheck]") {
  History h;
  const OpId w = h.invoke(1, "write", {1});
  h.respond(w);
  const OpId r = h.invoke(2, "read");
  h.respond(r, 1);
  weft::lin::CheckOptions o;
  o.max_configurations = 1;
  const CheckResult c = weft::linearizable(h, RegisterModel{}, o);
  CHECK(c.verdict == Verdict::gave_up);
  CHECK_FALSE(c.ok());
  CHECK(c.order.empty());
  CHECK(c.explanation.find("gave up after 1 configuration") == 0);
  o.max_configurations = 3;
  CHECK(weft::linearizable(h, RegisterModel{}, o).ok());
}

TEST_CASE("register: unknown operations are refused by the model", "[lincheck]") {
  History h;
  const OpId p = h.invoke(1, "push", {1});
  h.respond(p);
  CHECK_THROWS_WITH(check(h), Catch::Contains("RegisterModel: unknown operation push(1)"));
  History arity;
  const OpId w = arity.invoke(1, "write");
  arity.respond(w);
  CHECK_THROWS_WITH(check(arity), Catch::Contains("write() takes 1 argument(s)"));
}
