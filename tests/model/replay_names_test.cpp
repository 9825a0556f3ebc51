// Replay across code changes by thread name and object label (<weft/replay_names.hpp>,
// docs/replay.md): an edit that starts one more thread before the others shifts every later
// thread id; the continuing replay follows the recorded threads by their names.
#include <catch2/catch.hpp>

#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include <weft/replay_names.hpp>
#include <weft/weft.hpp>

using namespace weft;

namespace {

struct Edit {
  bool named = true;         // the two workers are "alpha" and "beta" (else Thread-N)
  bool audit_first = false;  // a thread "audit" is started before them (ids shift by one)
  bool peek = false;         // alpha first reads a Shared named "config", made before the counter
};

ThreadOptions named(std::string name) {
  ThreadOptions o;
  o.name = std::move(name);
  return o;
}

// alpha and beta each read the counter and write it back plus one; the check wants 2.
// With audit_first, main holds the Lock "gate" while it starts "audit", whose first operation
// is to take that lock: audit cannot run before the check, so at every scheduling point the
// edited program offers what the original did, under thread ids one higher.
std::function<void()> lost_update(Edit e) {
  return [e] {
    Lock gate{"gate"};
    std::optional<Thread> audit;
    if (e.audit_first) {
      gate.acquire();
      audit.emplace(named("audit"), [&gate] { std::lock_guard<Lock> g(gate); });
      audit->start();
    }
    std::optional<Shared<int>> config;
    if (e.peek) config.emplace(Name{"config"}, 7);
    Shared<int> counter{Name{"counter"}, 0};
    const auto increment = [&](bool first) {
      if (first && config) (void)config->load();
      const int v = counter.load();
      counter.store(v + 1);
    };
    Thread alpha(named(e.named ? "alpha" : ""), increment, true);
    Thread beta(named(e.named ? "beta" : ""), increment, false);
    alpha.start();
    beta.start();
    alpha.join();
    beta.join();
    check(counter.load() == 2, "lost update: the counter is not 2");
    if (audit) {
      gate.release();
      audit->join();
    }
  };
}

Options quiet(ReplayMode mode = ReplayMode::strict) {
  Options o;
  o.use_environment = false;
  o.detect_races = false;  // the lost update itself, not the race that causes it
  o.progress = Progress::never;
  o.replay_mode = mode;
  return o;
}

// The failure of the unedited program: its schedule and the names its trace recorded.
struct Recorded {
  std::string schedule;
  RecordedNames names;
};

Recorded record(Edit e) {
  const Result r = explore(quiet(), lost_update(e));
  REQUIRE_FALSE(r.ok());
  REQUIRE(r.failure().kind == FailureKind::check_failed);
  const Trace& t = r.failure().trace;
  return {r.failure().schedule, recorded_names(t.thread_names, t.object_labels)};
}

}  // namespace

TEST_CASE("recorded names keep given names only: automatic Thread-N and unnamed labels shift with ids") {
  CHECK(is_given_thread_name("alpha"));
  CHECK(is_given_thread_name("MainThread"));
  CHECK(is_given_thread_name("Thread-"));
  CHECK(is_given_thread_name("Thread-2b"));
  CHECK_FALSE(is_given_thread_name("Thread-12"));
  CHECK_FALSE(is_given_thread_name(""));
  CHECK(given_object_name("counter (Shared#4)") == "counter");
  CHECK(given_object_name("a (b) (Lock#0)") == "a (b)");
  CHECK(given_object_name("Shared#4").empty());
  CHECK(given_object_name("T2").empty());
  CHECK(given_object_name("-").empty());
  CHECK(given_object_name("f(x)").empty());
  const RecordedNames n = recorded_names({"MainThread", "Thread-1", "beta"}, {"Lock#0", "gate (Lock#1)", "T1"});
  CHECK(n == RecordedNames{{"MainThread", "", "beta"}, {"", "gate", ""}});
}

TEST_CASE("replay --continue with names: a thread started before the others still reaches the failure") {
  const Recorded rec = record({});
  CHECK(rec.names.threads == std::vector<std::string>{"MainThread", "alpha", "beta"});
  const Edit edited{.audit_first = true};

  const Result cont = replay(rec.schedule, rec.names, lost_update(edited), quiet(ReplayMode::continue_after_divergence));
  REQUIRE_FALSE(cont.ok());
  CHECK(cont.failure().kind == FailureKind::check_failed);
  const std::string& note = cont.stats().replay_note;
  CHECK_THAT(note, !Catch::Contains("stopped matching"));  // every recorded choice applied
  CHECK_THAT(note, Catch::Contains("matched by thread name to another thread id"));
  CHECK_THAT(note, Catch::Contains("'alpha' recorded as T1, now T2"));
  CHECK_THAT(note, Catch::Contains("'beta' recorded as T2, now T3"));

  // The failure's schedule is the execution that ran: it replays strictly on the edited program.
  const Result again = replay(cont.failure().schedule, lost_update(edited), quiet());
  REQUIRE_FALSE(again.ok());
  CHECK(again.failure().kind == FailureKind::check_failed);
}

TEST_CASE("replay of the shifted threads without names, or strict, diverges as before") {
  const Recorded rec = record({});
  const Edit edited{.audit_first = true};
  // By index the recorded T1 is now "audit", which waits for the gate: it cannot run.
  const Result by_index = replay(rec.schedule, lost_update(edited), quiet(ReplayMode::continue_after_divergence));
  CHECK_THAT(by_index.stats().replay_note, Catch::Contains("stopped matching the schedule at step"));
  CHECK_THAT(by_index.stats().replay_note, Catch::Contains("T1 cannot run"));
  CHECK_THAT(by_index.stats().replay_note, !Catch::Contains("by thread name"));

  for (const bool with_names : {false, true}) {
    const Result strict = with_names ? replay(rec.schedule, rec.names, lost_update(edited), quiet())
                                     : replay(rec.schedule, lost_update(edited), quiet());
    REQUIRE_FALSE(strict.ok());
    CHECK(strict.failure().kind == FailureKind::replay_diverged);
    CHECK_THAT(strict.failure().message, Catch::Contains("diverged at step"));
  }
}

TEST_CASE("replay --continue with automatic thread names matches by index, as without names") {
  const Recorded rec = record({.named = false});
  CHECK(rec.names.threads == std::vector<std::string>{"MainThread", "", ""});
  const Result cont = replay(rec.schedule, rec.names, lost_update({.named = false, .audit_first = true}),
                             quiet(ReplayMode::continue_after_divergence));
  CHECK_THAT(cont.stats().replay_note, Catch::Contains("stopped matching the schedule at step"));
  CHECK_THAT(cont.stats().replay_note, Catch::Contains("T1 cannot run"));
}

TEST_CASE("replay --continue with names: an operation on another named object is a step the schedule did not record") {
  const Recorded rec = record({});
  const Result cont = replay(rec.schedule, rec.names, lost_update({.peek = true}),
                             quiet(ReplayMode::continue_after_divergence));
  REQUIRE_FALSE(cont.ok());
  CHECK(cont.failure().kind == FailureKind::check_failed);
  const std::string& note = cont.stats().replay_note;
  CHECK_THAT(note, !Catch::Contains("stopped matching"));
  CHECK_THAT(note, Catch::Contains("1 step(s) the schedule did not record"));  // alpha's read of config
  CHECK_THAT(note, !Catch::Contains("by thread name"));                        // no id moved
}

TEST_CASE("replay --continue with names: a named thread that no longer exists is a divergence naming it") {
  const Recorded rec = record({});
  RecordedNames renamed = rec.names;
  renamed.threads[1] = "gamma";  // as if the edit had renamed alpha
  const Result cont = replay(rec.schedule, renamed, lost_update({}), quiet(ReplayMode::continue_after_divergence));
  CHECK_THAT(cont.stats().replay_note, Catch::Contains("by the thread named 'gamma', but no thread of that name"));
}
