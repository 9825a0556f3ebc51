// Determinism of the whole runtime on generated programs: for programs of up to 4 threads and
// 30 operations, the same seed gives byte-identical event traces; every failing execution
// replays to the same failure from its string; replaying arbitrary strings never crashes.
//
// Generated programs: tests/model/generated_program.hpp. The exact comparison of results:
// tests/model/failure_comparison.hpp.
// Property 3 also edits decoded schedules and re-encodes them (model/schedule_codec.hpp), so
// that strings with a valid checksum but wrong decisions reach the replay engine itself.
#include <catch2/catch.hpp>
#include <rapidcheck.h>
#include <rapidcheck/catch.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <functional>
#include <map>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <typeinfo>
#include <vector>

#include <weft/weft.hpp>

#include "model/schedule_codec.hpp"
#include "tests/model/failure_comparison.hpp"
#include "tests/model/generated_program.hpp"

using namespace weft::testing;


namespace {

std::string outcome(const weft::Result& r) {
  return r.ok() ? std::string("ok") : std::string(to_string(r.failure().kind));
}

/// The generator reaches passing and failing programs alike (each well above 10% of cases;
/// only checked when rapidcheck ran enough cases for that to be certain in practice).
void check_coverage(const std::map<std::string, int>& outcomes) {
  int total = 0, ok = 0;
  for (const auto& [kind, n] : outcomes) {
    total += n;
    if (kind == "ok") ok = n;
  }
  INFO("outcomes of " << total << " generated cases, ok: " << ok);
  if (total < 50) return;
  CHECK(ok > 0);
  CHECK(ok < total);
}

// ---------------------------------------------------------------------------------------
// Replaying hostile strings
// ---------------------------------------------------------------------------------------

enum class ReplayOutcome { result, usage_error };

/// Replays `s` against `p`. A Result (whose report must render) or a UsageError are the only
/// acceptable outcomes; anything else thrown fails the property.
ReplayOutcome replay_any(const std::string& s, const Program& p) {
  const std::function<void()> body = [&p] { run_program(p); };
  std::optional<weft::Result> result;
  std::string thrown;
  try {
    result = weft::replay(s, body, options_for(0, 1));
  } catch (const weft::UsageError&) {
    return ReplayOutcome::usage_error;
  } catch (const std::exception& e) {
    thrown = std::string(typeid(e).name()) + ": " + e.what();
  } catch (...) {
    thrown = "an exception of unknown type";
  }
  if (!thrown.empty()) RC_FAIL("replay threw " + thrown + " (only weft::UsageError is allowed)");
  RC_ASSERT(result->stats().executions == 1u);
  if (!result->ok()) RC_ASSERT(!result->failure().report().empty());
  RC_ASSERT(!result->summary().empty());
  return ReplayOutcome::result;
}

/// A failing schedule string for `p` (which must have fail_at_end set, so the first
/// execution fails unless something fails earlier).
std::string failing_schedule(const Program& p, std::uint64_t seed) {
  const weft::Result r = weft::explore(options_for(seed, 1), [&p] { run_program(p); });
  RC_ASSERT(!r.ok());
  return r.failure().schedule;
}

constexpr std::string_view kBase64url = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

rc::Gen<weft::sim::Decision> gen_decision() {
  return rc::gen::apply(
      [](bool is_value, std::uint32_t value, unsigned op, std::uint32_t object) {
        if (is_value) return weft::sim::Decision{value % (object + 2), weft::OpKind::choose, object + 2, true};
        return weft::sim::Decision{value, static_cast<weft::OpKind>(op), object == 8 ? weft::kNoObject : object,
                                   false};
      },
      rc::gen::arbitrary<bool>(), rc::gen::inRange<std::uint32_t>(0, 6),
      rc::gen::inRange<unsigned>(0, weft::kOpKindCount), rc::gen::inRange<std::uint32_t>(0, 9));
}
}  // namespace

// ---------------------------------------------------------------------------------------
// Property 1: same seed, same program => identical results, byte for byte
// ---------------------------------------------------------------------------------------

TEST_CASE("the same seed gives byte-identical results on generated programs", "[property]") {
  std::map<std::string, int> outcomes;
  rc::prop("explore twice with one seed: same stats, failure, trace and report", [&outcomes] {
    const Program p = *gen_program(1);
    const auto seed = *rc::gen::arbitrary<std::uint64_t>();
    const std::function<void()> body = [&p] { run_program(p); };
    const weft::Options o = options_for(seed, 20);
    const weft::Result first = weft::explore(o, body);
    // In between, an unrelated exploration; then the second run on a fresh OS thread: no state
    // left behind by earlier runs, nor thread-local state, may leak into the results.
    (void)weft::explore(options_for(~seed, 3), body);
    std::optional<weft::Result> second_slot;
    std::thread([&] { second_slot = weft::explore(o, body); }).join();
    const weft::Result& second = *second_slot;
    ++outcomes[outcome(first)];

    RC_ASSERT(first.ok() == second.ok());
    RC_ASSERT(first.stats().executions == second.stats().executions);
    RC_ASSERT(first.stats().steps == second.stats().steps);
    RC_ASSERT(first.stats().complete == second.stats().complete);
    RC_ASSERT(first.stats().budget_exhausted == second.stats().budget_exhausted);
    if (first.ok()) return;
    if (auto d = failure_difference(first.failure(), second.failure())) RC_FAIL(*d);
    RC_ASSERT(first.failure().report() == second.failure().report());
  });
  // The generator reaches both passing and failing programs (each well above 10%).
  check_coverage(outcomes);
}

// ---------------------------------------------------------------------------------------
// Property 2: every failure replays to the same failure from its string
// ---------------------------------------------------------------------------------------

TEST_CASE("every failure of a generated program replays identically from its string", "[property]") {
  std::map<std::string, int> outcomes;
  rc::prop("replay(failure.schedule) fails with the same kind, message and trace", [&outcomes] {
    const Program p = *gen_program(0);
    const auto seed = *rc::gen::arbitrary<std::uint64_t>();
    const std::function<void()> body = [&p] { run_program(p); };
    const weft::Result found = weft::explore(options_for(seed, 100), body);
    ++outcomes[outcome(found)];
    if (found.ok()) return;
    const weft::Failure& f = found.failure();
    RC_ASSERT(f.kind != weft::FailureKind::nondeterminism);
    RC_ASSERT(f.kind != weft::FailureKind::replay_diverged);

    const weft::Result again = weft::replay(f.schedule, body, options_for(0, 1));
    RC_ASSERT(!again.ok());
    RC_ASSERT(again.stats().executions == 1u);
    if (auto d = failure_difference(f, again.failure())) RC_FAIL("replay: " + *d);
  });
  check_coverage(outcomes);
}

// ---------------------------------------------------------------------------------------
// Property 3: replaying arbitrary strings returns a Result or throws UsageError
// ---------------------------------------------------------------------------------------

namespace {

// Inside a property: one random edit of `decisions`: a decision inserted, removed or replaced,
// or the list cut short.
void edit_decisions(std::vector<weft::sim::Decision>& decisions) {
  const auto edit = *rc::gen::inRange(0, 4);
  if (edit == 0 || decisions.empty()) {
    decisions.insert(decisions.begin() + *rc::gen::inRange<std::ptrdiff_t>(
                                             0, static_cast<std::ptrdiff_t>(decisions.size()) + 1),
                     *gen_decision());
    return;
  }
  const auto i = *rc::gen::inRange<std::size_t>(0, decisions.size());
  if (edit == 1) decisions.erase(decisions.begin() + static_cast<std::ptrdiff_t>(i));
  if (edit == 2) decisions[i] = *gen_decision();
  if (edit == 3) decisions.resize(i);
}

}  // namespace

TEST_CASE("replaying arbitrary strings never crashes; only UsageError is thrown", "[property]") {
  rc::prop("random strings", [] {
    const Program p = *gen_program(0);
    replay_any(*rc::gen::arbitrary<std::string>(), p);
  });

  rc::prop("weft1: followed by random base64url characters", [] {
    const Program p = *gen_program(0);
    const std::string body = *rc::gen::container<std::string>(rc::gen::elementOf(kBase64url));
    replay_any("weft1:" + body, p);
  });

  rc::prop("a valid schedule with one character changed is rejected", [] {
    const Program p = *gen_program(4);
    std::string s = failing_schedule(p, *rc::gen::arbitrary<std::uint64_t>());
    const auto at = *rc::gen::inRange<std::size_t>(0, s.size());
    const char c = *rc::gen::distinctFrom(rc::gen::arbitrary<char>(), s[at]);
    s[at] = c;
    // The checksum catches any single changed character (and the prefix check the rest).
    RC_ASSERT(replay_any(s, p) == ReplayOutcome::usage_error);
  });

  rc::prop("a valid schedule truncated or extended", [] {
    const Program p = *gen_program(4);
    std::string s = failing_schedule(p, *rc::gen::arbitrary<std::uint64_t>());
    if (*rc::gen::arbitrary<bool>()) {
      s.resize(*rc::gen::inRange<std::size_t>(0, s.size()));
    } else {
      s += *rc::gen::nonEmpty(rc::gen::container<std::string>(rc::gen::elementOf(kBase64url)));
    }
    replay_any(s, p);
  });

  rc::prop("a valid schedule whose decisions were edited, with a correct checksum", [] {
    const Program p = *gen_program(4);
    const std::string original = failing_schedule(p, *rc::gen::arbitrary<std::uint64_t>());
    weft::model::Schedule s = weft::model::decode_schedule(original);
    edit_decisions(s.decisions);
    const std::string edited = weft::model::encode_schedule(s);
    replay_any(edited, p);
  });

  rc::prop("well-formed schedules of arbitrary decisions", [] {
    const Program p = *gen_program(0);
    weft::model::Schedule s;
    s.strategy = *rc::gen::element(weft::Strategy::random, weft::Strategy::pct, weft::Strategy::dfs,
                                   weft::Strategy::dpor, weft::Strategy::replay);
    s.seed = *rc::gen::arbitrary<std::uint64_t>();
    s.execution = *rc::gen::inRange<std::uint64_t>(0, 100);
    s.decisions = *rc::gen::container<std::vector<weft::sim::Decision>>(gen_decision());
    replay_any(weft::model::encode_schedule(s), p);
  });
}
