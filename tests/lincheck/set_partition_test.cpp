// weft::linearizable on set histories, P-compositional splitting by key (Horn & Kroening,
// FORTE 2015) against the unsplit search, and models written by a user.
#include <catch2/catch.hpp>

#include <map>
#include <optional>
#include <string>

#include <weft/linearizable.hpp>

#include "tests/lincheck/lin_checks.hpp"

namespace {

using weft::lin::CheckOptions;
using weft::lin::CheckResult;
using weft::lin::History;
using weft::lin::OpId;
using weft::lin::Operation;
using weft::lin::SetModel;
using weft::lin::Value;
using weft::lin::Verdict;

CheckResult check(const History& h, bool partition = true) {
  CheckOptions o;
  o.partition = partition;
  return weft::linearizable(h, SetModel{}, o);
}

// A map from keys to values, written as a user would: put(k, v) -> none, get(k) -> v or
// empty, and size(), which sees every key and so turns splitting off for its history.
struct MapModel {
  using State = std::map<std::int64_t, std::int64_t>;
  State initial() const { return {}; }
  std::pair<State, Value> step(const State& s, const Operation& op) const {
    if (op.name == "size") return {s, Value{s.size()}};
    const std::int64_t k = op.args.at(0).as_int();
    if (op.name == "put") {
      State next = s;
      next[k] = op.args.at(1).as_int();
      return {next, Value{}};
    }
    const auto it = s.find(k);
    return {s, it == s.end() ? Value::empty() : Value{it->second}};
  }
  std::size_t hash(const State& s) const {
    std::size_t h = s.size();
    for (const auto& [k, v] : s) h = h * 1000003u ^ static_cast<std::size_t>(k * 31 + v);
    return h;
  }
  std::optional<Value> partition(const Operation& op) const {
    if (op.name == "size") return std::nullopt;
    return op.args.at(0);
  }
};

// A counter with no hash member (std::hash<std::int64_t> serves) and no describe():
// increment() -> the new value, get() -> the value.
struct CounterModel {
  using State = std::int64_t;
  State initial() const { return 0; }
  std::pair<State, Value> step(State s, const Operation& op) const {
    if (op.name == "increment") return {s + 1, Value{s + 1}};
    return {s, Value{s}};
  }
};

static_assert(weft::lin::SequentialModel<MapModel> && weft::lin::PartitionedModel<MapModel>);
static_assert(weft::lin::SequentialModel<CounterModel> && !weft::lin::PartitionedModel<CounterModel>);
static_assert(weft::lin::PartitionedModel<SetModel> && !weft::lin::PartitionedModel<weft::lin::QueueModel>);

}  // namespace

TEST_CASE("set: add, remove and contains return what the set held", "[lincheck]") {
  History h;
  const OpId a = h.invoke(1, "add", {3});
  h.respond(a, true);
  const OpId again = h.invoke(2, "add", {3});
  h.respond(again, false);
  const OpId c = h.invoke(2, "contains", {3});
  h.respond(c, true);
  const OpId r = h.invoke(1, "remove", {3});
  h.respond(r, true);
  const OpId r2 = h.invoke(1, "remove", {3});
  h.respond(r2, false);
  const OpId c2 = h.invoke(2, "contains", {3});
  h.respond(c2, false);
  const CheckResult res = check(h);
  REQUIRE(res.ok());
  CHECK(res.order == std::vector<OpId>{a, again, c, r, r2, c2});
}

TEST_CASE("set: two overlapping adds of one element cannot both add it", "[lincheck]") {
  History h;
  const OpId a = h.invoke(1, "add", {4});
  const OpId b = h.invoke(2, "add", {4});
  h.respond(a, true);
  h.respond(b, true);
  const CheckResult c = check(h);
  REQUIRE(c.verdict == Verdict::not_linearizable);
  CHECK(c.prefix == std::vector<OpId>{a});
  CHECK(c.blocked == b);
  REQUIRE(c.conflicts.size() == 1);
  CHECK(c.conflicts[0].model_result == Value{false});
  CHECK(c.state == "{4}");

  History fine;  // one of them finds it there: either order of invocation
  const OpId x = fine.invoke(1, "add", {4});
  const OpId y = fine.invoke(2, "add", {4});
  fine.respond(x, false);
  fine.respond(y, true);
  const CheckResult d = check(fine);
  REQUIRE(d.ok());
  CHECK(d.order == std::vector<OpId>{y, x});
}

TEST_CASE("set: contains cannot see an add that had not started", "[lincheck]") {
  History h;
  const OpId c = h.invoke(2, "contains", {1});
  h.respond(c, true);
  const OpId a = h.invoke(1, "add", {1});
  h.respond(a, true);
  const CheckResult r = check(h);
  REQUIRE(r.verdict == Verdict::not_linearizable);
  CHECK(r.prefix.empty());
  CHECK(r.blocked == c);
  CHECK(r.state == "{}");
}

// Three elements, each with its own story, interleaved: linearizable by key.
History three_keys(bool break_key_2) {
  History h;
  const OpId a1 = h.invoke(1, "add", {1});
  const OpId a2 = h.invoke(2, "add", {2});
  const OpId c3 = h.invoke(3, "contains", {3});
  h.respond(a2, true);
  h.respond(c3, false);
  const OpId a3 = h.invoke(3, "add", {3});
  const OpId r2 = h.invoke(2, "remove", {2});
  h.respond(a1, true);
  const OpId c1 = h.invoke(1, "contains", {1});
  h.respond(r2, true);
  h.respond(c1, true);
  const OpId c2 = h.invoke(1, "contains", {2});
  h.respond(a3, true);
  h.respond(c2, break_key_2);  // 2 was removed: true is impossible
  const OpId r3 = h.invoke(2, "remove", {3});
  const OpId r1 = h.invoke(3, "remove", {1});
  h.respond(r1, true);
  h.respond(r3, true);
  return h;
}

TEST_CASE("set: splitting by element agrees with the whole-history search", "[lincheck]") {
  const History h = three_keys(false);
  const CheckResult split = check(h, true);
  const CheckResult whole = check(h, false);
  REQUIRE(split.ok());
  REQUIRE(whole.ok());
  CHECK(split.stats.parts == 3);
  CHECK(whole.stats.parts == 1);
  // The merged per-key orders form one linearization of the whole history.
  CHECK(split.order.size() == h.size());
  CHECK(lincheck_test::linearization_error(h, SetModel{}, split.order) == "");
  CHECK(lincheck_test::linearization_error(h, SetModel{}, whole.order) == "");
}

TEST_CASE("set: a split failure names its key and only that key's operations", "[lincheck]") {
  const History h = three_keys(true);
  const CheckResult split = check(h, true);
  const CheckResult whole = check(h, false);
  REQUIRE(split.verdict == Verdict::not_linearizable);
  REQUIRE(whole.verdict == Verdict::not_linearizable);
  REQUIRE(split.key == Value{2});
  CHECK_FALSE(whole.key.has_value());
  // Key 2: add(2) #1, remove(2) #4, contains(2) -> true #6.
  CHECK(split.prefix == std::vector<OpId>{1, 4});
  CHECK(split.blocked == 6);
  CHECK(whole.blocked == 6);
  CHECK(split.state == "{}");
  CHECK(split.explanation.find("no order of the 3 operations on key 2 (of 9) explains every result") !=
        std::string::npos);
  CHECK(split.explanation.find("#6 T1 contains(2) -> true") != std::string::npos);
}

TEST_CASE("user model: a partitioned map; size() turns splitting off", "[lincheck]") {
  History h;
  const OpId p1 = h.invoke(1, "put", {1, 10});
  const OpId p2 = h.invoke(2, "put", {2, 20});
  h.respond(p1);
  const OpId g2 = h.invoke(1, "get", {2});
  h.respond(g2, Value::empty());  // p2 has not taken effect yet
  h.respond(p2);
  const OpId g1 = h.invoke(2, "get", {1});
  h.respond(g1, 10);
  const CheckResult c = weft::linearizable(h, MapModel{});
  REQUIRE(c.ok());
  CHECK(c.stats.parts == 2);
  CHECK(lincheck_test::linearization_error(h, MapModel{}, c.order) == "");

  const OpId s = h.invoke(3, "size");
  h.respond(s, 2);
  const CheckResult d = weft::linearizable(h, MapModel{});
  REQUIRE(d.ok());
  CHECK(d.stats.parts == 1);
  CHECK(d.order.back() == s);

  History wrong;  // a get of a value that was never put; no describe(): no state line
  const OpId w = wrong.invoke(1, "put", {1, 10});
  wrong.respond(w);
  const OpId other = wrong.invoke(1, "put", {2, 5});
  wrong.respond(other);
  const OpId g = wrong.invoke(2, "get", {1});
  wrong.respond(g, 11);
  const CheckResult e = weft::linearizable(wrong, MapModel{});
  REQUIRE(e.verdict == Verdict::not_linearizable);
  CHECK(e.key == Value{1});
  CHECK(e.stats.parts == 2);
  CHECK(e.state.empty());
  CHECK(e.explanation.find("state after it") == std::string::npos);
  CHECK(e.conflicts.at(0).model_result == Value{10});
}

TEST_CASE("user model: a counter whose increments must return distinct values", "[lincheck]") {
  History h;
  const OpId a = h.invoke(1, "increment");
  const OpId b = h.invoke(2, "increment");
  h.respond(b, 1);
  h.respond(a, 2);
  const CheckResult c = weft::linearizable(h, CounterModel{});
  REQUIRE(c.ok());
  CHECK(c.order == std::vector<OpId>{b, a});

  History lost;  // a lost update: both saw 0 and wrote 1
  const OpId x = lost.invoke(1, "increment");
  const OpId y = lost.invoke(2, "increment");
  lost.respond(x, 1);
  lost.respond(y, 1);
  const OpId g = lost.invoke(1, "get");
  lost.respond(g, 1);
  const CheckResult d = weft::linearizable(lost, CounterModel{});
  REQUIRE(d.verdict == Verdict::not_linearizable);
  CHECK(d.prefix == std::vector<OpId>{x});
  CHECK(d.blocked == y);
  CHECK(d.conflicts.at(0).model_result == Value{2});
}
