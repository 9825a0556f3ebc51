// `weft run --json` and `weft replay --json` (scenarios/result_json.cpp) driven in-process
// through weft::cli::main: every scenario's document validates against docs/json.md's schema
// (tests/api/result_json_schema.hpp); documents round-trip through nlohmann-json; a failure's
// schedule replays to the same failure, and `replay --json` agrees with the run's document;
// bad input still prints one line on stderr and no JSON.
#include <catch2/catch.hpp>

#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <weft/weft.hpp>

#include "cli_capture.hpp"
#include "result_json_schema.hpp"
#include "scenarios/json_common.hpp"
#include "scenarios/scenario.hpp"

namespace {
using nlohmann::json;
using weft_test::lines;
using weft_test::Ran;
using weft_test::weft_cli;

// The scenario names `weft list` prints, the first word of each line.
std::vector<std::string> listed_scenarios() {
  const Ran list = weft_cli({"list"});
  REQUIRE(list.status == 0);
  std::vector<std::string> names;
  std::istringstream in(list.out);
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) names.push_back(line.substr(0, line.find(' ')));
  return names;
}

// `weft run NAME --json` with a small budget on one worker; the parsed document.
json run_json(const std::string& name, Ran& ran) {
  ran = weft_cli({"run", name, "--json", "--max-executions", "200", "--jobs", "1"});
  INFO(name << ": " << ran.err);
  REQUIRE((ran.status == 0 || ran.status == 1));
  return json::parse(ran.out);  // throws if it is not one JSON document
}

void require_conforms(const json& doc, const std::string& name) {
  const std::vector<std::string> errors = weft_test::schema_errors(doc);
  for (const std::string& e : errors) UNSCOPED_INFO(name << ": " << e);
  CHECK(errors.empty());
}
}  // namespace

TEST_CASE("weft run --json: every scenario of weft list prints one document that docs/json.md describes") {
  const std::vector<std::string> names = listed_scenarios();
  REQUIRE(names.size() > 10);
  std::size_t failed = 0, deadlocks = 0, marked = 0;
  for (const std::string& name : names) {
    Ran ran;
    const json doc = run_json(name, ran);
    require_conforms(doc, name);
    CHECK(doc.at("scenario") == name);
    CHECK(doc.at("command") == "run");
    CHECK(doc.at("passed") == (ran.status == 0));
    if (doc.at("failure").is_null()) continue;
    ++failed;
    const json& f = doc.at("failure");
    CHECK((f.at("kind") == "deadlock") == f.at("deadlock").is_object());
    deadlocks += f.at("deadlock").is_object();
    marked += !f.at("marked_steps").empty();
    for (const json& step : f.at("marked_steps")) CHECK(step.get<std::size_t>() < f.at("trace").size());
  }
  CHECK(failed > 0);
  CHECK(deadlocks > 0);  // the deadlock graph was exercised
  CHECK(marked > 0);     // and a data race's or inversion's marked steps
}

TEST_CASE("weft run --json: a passing and a failing document round-trip, and print the same twice") {
  for (const std::string name : {"locked_counter", "lost_update"}) {
    Ran ran;
    const json doc = run_json(name, ran);
    const json again = json::parse(doc.dump());
    CHECK(again == doc);
    CHECK(weft::cli::print_document(again) == ran.out);  // the printed form is the canonical one
    Ran second;
    run_json(name, second);
    CHECK(second.out == ran.out);  // deterministic: no wall time
  }
  Ran locked;
  CHECK(run_json("locked_counter", locked).at("passed") == true);
  CHECK(locked.status == 0);
}

TEST_CASE("weft run --json: a failure's schedule replays to the same failure, in code and with replay --json") {
  Ran ran;
  const json doc = run_json("lost_update", ran);
  CHECK(ran.status == 1);
  REQUIRE(doc.at("passed") == false);
  const json& f = doc.at("failure");
  const std::string schedule = f.at("schedule").get<std::string>();
  REQUIRE(schedule.rfind("weft1:", 0) == 0);
  CHECK(f.at("kind") == "data_race");
  CHECK(f.at("kind_text") == "data race");
  CHECK(!f.at("trace").empty());

  const weft::Result r = weft::replay(schedule, weft::scenarios::find("lost_update")->body, weft::Options{});
  REQUIRE(!r.ok());
  CHECK(std::string(weft::cli::kind_name(r.failure().kind)) == f.at("kind").get<std::string>());

  const Ran rp = weft_cli({"replay", "lost_update", schedule, "--json"});
  CHECK(rp.status == 1);
  const json replayed = json::parse(rp.out);
  require_conforms(replayed, "replay");
  CHECK(replayed.at("command") == "replay");
  CHECK(replayed.at("schedule") == schedule);
  CHECK(replayed.at("stats").at("strategy") == "replay");
  const json& g = replayed.at("failure");
  CHECK(g.at("kind") == f.at("kind"));
  CHECK(g.at("message") == f.at("message"));
  CHECK(g.at("trace").size() == f.at("trace").size());
  CHECK(g.at("marked_steps") == f.at("marked_steps"));
}

TEST_CASE("weft replay --json of a passing schedule, and --continue's note") {
  Ran ran;
  const json doc = run_json("lost_update", ran);
  const std::string schedule = doc.at("failure").at("schedule").get<std::string>();
  // lost_update's schedule on the fixed program diverges; --continue finishes it and says where.
  const Ran cont = weft_cli({"replay", "locked_counter", schedule, "--continue", "--json"});
  CHECK(cont.status == 0);
  const json c = json::parse(cont.out);
  require_conforms(c, "replay --continue");
  CHECK(c.at("passed") == true);
  CHECK(c.at("failure").is_null());
  CHECK(c.at("stats").at("replay_note").is_string());
}

TEST_CASE("weft run/replay --json: bad input prints one line on stderr and no JSON") {
  const Ran unknown = weft_cli({"run", "no_such_scenario", "--json"});
  CHECK(unknown.status == 2);
  CHECK(lines(unknown.err) == 1);
  CHECK(unknown.out.empty());
  const Ran os = weft_cli({"run", "lost_update", "--json", "--backend", "os"});
  CHECK(os.status == 2);
  CHECK(lines(os.err) == 1);
  CHECK(os.err.find("--json") != std::string::npos);
  CHECK(os.out.empty());
  const Ran replay = weft_cli({"replay", "no_such_scenario", "weft1:AAAA", "--json"});
  CHECK(replay.status == 2);
  CHECK(lines(replay.err) == 1);
  CHECK(replay.out.empty());
}

TEST_CASE("the schema validator notices a missing, a mistyped and an undocumented field") {
  Ran ran;
  const json doc = run_json("lost_update", ran);
  CHECK(weft_test::schema_errors(doc).empty());
  json missing = doc;
  missing["failure"].erase("kind");
  CHECK(!weft_test::schema_errors(missing).empty());
  json mistyped = doc;
  mistyped["stats"]["executions"] = "200";
  CHECK(!weft_test::schema_errors(mistyped).empty());
  json optional = doc;
  optional["failure"]["trace"][0]["value"] = "one";
  CHECK(!weft_test::schema_errors(optional).empty());
  json extra = doc;
  extra["failure"]["trace"][0]["colour"] = 1;
  CHECK(!weft_test::schema_errors(extra).empty());
}
