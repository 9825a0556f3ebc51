// `weft explain` (scenarios/cli_explain.cpp) driven in-process through weft::cli::main: the
// JSON document parses with nlohmann-json and has docs/outcomes.md's fields; the table names
// what a count is; bad input exits 2 with one line naming what was wrong.
#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "cli_capture.hpp"

namespace {
using weft_test::lines;
using weft_test::Ran;
using weft_test::weft_cli;
}  // namespace

TEST_CASE("weft explain --json: one document with the documented fields") {
  const Ran r = weft_cli({"explain", "lost_update", "--strategy", "dpor", "--json"});
  CHECK(r.status == 1);  // some outcome failed (and every one has a data race)
  const nlohmann::json doc = nlohmann::json::parse(r.out);  // throws if it is not JSON
  CHECK(doc.at("format") == 1);
  CHECK(doc.at("scenario") == "lost_update");
  CHECK(doc.at("strategy") == "dpor");
  CHECK(doc.at("seed").is_null());
  CHECK(doc.at("what_ran").is_string());
  CHECK(doc.at("complete") == true);
  CHECK(doc.at("unit") == "trace");
  CHECK(doc.at("exhaustive_counts") == true);
  CHECK(doc.at("counting").get<std::string>().find("per Mazurkiewicz trace") != std::string::npos);
  CHECK(doc.at("executions").get<std::uint64_t>() >= 4);
  CHECK(doc.at("pruned").is_number_unsigned());
  CHECK(doc.at("counted") == 4);
  const nlohmann::json& outs = doc.at("outcomes");
  REQUIRE(outs.is_array());
  REQUIRE(outs.size() == 2);
  std::uint64_t sum = 0;
  double shares = 0;
  for (const nlohmann::json& o : outs) {
    CHECK(o.at("text").is_string());
    CHECK(o.at("ok").is_boolean());
    CHECK((o.at("ok") == true) == o.at("failure").is_null());
    CHECK(o.at("message").is_string());
    REQUIRE(o.at("values").size() == 1);
    CHECK(o.at("values")[0].at("object").is_number_unsigned());
    CHECK(o.at("values")[0].at("label").get<std::string>().rfind("Shared#", 0) == 0);
    CHECK(o.at("values")[0].at("value").is_number_integer());
    CHECK(o.at("count") == 2);
    sum += o.at("count").get<std::uint64_t>();
    shares += o.at("share").get<double>();
    CHECK(o.at("schedule").get<std::string>().rfind("weft1:", 0) == 0);
    CHECK(o.at("first_execution").is_number_unsigned());
    REQUIRE(o.at("findings").size() == 1);
    CHECK(o.at("findings")[0].at("kind") == "data race");
    CHECK(o.at("findings")[0].at("count") == 2);
    CHECK(o.at("findings")[0].at("message").is_string());
  }
  CHECK(sum == 4);
  CHECK(shares == Approx(1.0));
  CHECK(outs[0].at("text") == "ok: " + outs[0].at("values")[0].at("label").get<std::string>() + " == 2");
}

TEST_CASE("weft explain: the table, and the exit status of a scenario that always passes") {
  const Ran lu = weft_cli({"explain", "lost_update", "--strategy", "dpor"});
  CHECK(lu.status == 1);
  CHECK(lu.out.find("lost_update: 2 distinct outcomes") != std::string::npos);
  CHECK(lu.out.find("counts are per Mazurkiewicz trace") != std::string::npos);
  CHECK(lu.out.find("weft1:") != std::string::npos);
  const Ran locked = weft_cli({"explain", "locked_counter", "--strategy", "dfs"});
  CHECK(locked.status == 0);
  CHECK(locked.out.find("locked_counter: 1 distinct outcome\n") != std::string::npos);
  CHECK(locked.out.find("== 2") != std::string::npos);
  CHECK(locked.out.find("counts are per interleaving") != std::string::npos);
}

TEST_CASE("weft explain: bad input exits 2 with one line naming what was wrong") {
  const Ran unknown = weft_cli({"explain", "no_such_scenario"});
  CHECK(unknown.status == 2);
  CHECK(lines(unknown.err) == 1);
  CHECK(unknown.err.find("unknown scenario 'no_such_scenario'") != std::string::npos);
  const Ran strategy = weft_cli({"explain", "lost_update", "--strategy", "bogus"});
  CHECK(strategy.status == 2);
  CHECK(strategy.err.find("--strategy 'bogus'") != std::string::npos);
  const Ran zero = weft_cli({"explain", "lost_update", "--max-executions", "0"});
  CHECK(zero.status == 2);
  CHECK(lines(zero.err) == 1);
  CHECK(zero.err.find("--max-executions") != std::string::npos);
  const Ran seed = weft_cli({"explain", "lost_update", "--strategy", "dpor", "--seed", "3"});
  CHECK(seed.status == 2);
  CHECK(seed.err.find("--seed") != std::string::npos);
  const Ran flag = weft_cli({"explain", "lost_update", "--frobnicate"});
  CHECK(flag.status == 2);
  CHECK(flag.err.find("--frobnicate") != std::string::npos);
  CHECK(unknown.out.empty());
}

TEST_CASE("weft --help lists the explain command") {
  const Ran help = weft_cli({"--help"});
  CHECK(help.status == 0);
  CHECK(help.out.find("explain") != std::string::npos);
}
