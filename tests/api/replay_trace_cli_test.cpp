// `weft replay NAME --continue --trace FILE` (docs/replay.md): the schedule and the names of a
// failing run read from the document `weft run --json` wrote, and its errors on bad files.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include "tests/api/cli_capture.hpp"

using weft_test::Ran;
using weft_test::weft_cli;

namespace {

// A file of this test process holding `text`; removed when the test case ends.
struct TempFile {
  std::string path;
  TempFile(const std::string& tag, const std::string& text)
      : path((std::filesystem::temp_directory_path() /
              ("weft_replay_trace_" + std::to_string(::getpid()) + "_" + tag + ".json"))
                 .string()) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  }
  ~TempFile() { std::filesystem::remove(path); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
};

// The lost update's failing run as `weft run --json` prints it (the check, without the race).
std::string lost_update_json() {
  const Ran ran = weft_cli({"run", "lost_update", "--json", "--races=0"});
  REQUIRE(ran.status == 1);
  return ran.out;
}

}  // namespace

TEST_CASE("replay --continue --trace FILE follows the document's schedule: the same failure, nothing to note") {
  const std::string doc = lost_update_json();
  const TempFile file("same", doc);
  const Ran r = weft_cli({"replay", "lost_update", "--continue", "--trace", file.path, "--races=0"});
  CHECK(r.status == 1);
  CHECK_THAT(r.out, Catch::Contains("FAILURE: check failed: lost update"));
  CHECK_THAT(r.out, !Catch::Contains("replay --continue:"));

  // The schedule may be given too when it is the document's; another one is refused.
  const std::string schedule = nlohmann::json::parse(doc).at("failure").at("schedule").get<std::string>();
  CHECK(weft_cli({"replay", "lost_update", schedule, "--continue", "--trace", file.path, "--races=0"}).status == 1);
  const Ran other = weft_cli({"replay", "lost_update", "weft1:AO29AQAEFQIABSUCJgJK-LGc", "--continue", "--trace",
                              file.path});
  CHECK(other.status == 2);
  CHECK_THAT(other.err, Catch::Contains("is not the one in --trace"));
}

TEST_CASE("replay --continue --trace matches the recorded threads by the names in the document") {
  // lost_update's workers have automatic names (Thread-1, Thread-2), matched by id. Give the
  // first worker a name in the document: no thread of the program bears it, and the note says so.
  nlohmann::json doc = nlohmann::json::parse(lost_update_json());
  for (nlohmann::json& row : doc.at("failure").at("trace"))
    if (row.at("thread") == 1) row["thread_name"] = "ghost";
  const TempFile file("ghost", doc.dump());
  const Ran r = weft_cli({"replay", "lost_update", "--continue", "--trace", file.path, "--races=0"});
  CHECK_THAT(r.out, Catch::Contains("replay --continue: the program stopped matching the schedule at step"));
  CHECK_THAT(r.out, Catch::Contains("by the thread named 'ghost', but no thread of that name has started"));
}

TEST_CASE("replay --trace: bad files and missing arguments are one clear line and exit 2") {
  const auto refused = [](std::vector<std::string> args, const std::string& says) {
    const Ran r = weft_cli(std::move(args));
    CHECK(r.status == 2);
    CHECK(weft_test::lines(r.err) == 1);
    CHECK_THAT(r.err, Catch::Contains(says));
  };
  const std::string good_doc = lost_update_json();
  const TempFile good("good", good_doc);
  refused({"replay", "lost_update", "--trace", good.path}, "requires --continue");
  refused({"replay", "lost_update"}, "replay needs the schedule string");

  const TempFile not_json("not_json", "{\"format\": 1, \"failure\": ");
  refused({"replay", "lost_update", "--continue", "--trace", not_json.path}, "is not JSON");
  refused({"replay", "lost_update", "--continue", "--trace", not_json.path + ".absent"}, "cannot read it");
  const TempFile other("other", "{\"name\": \"x\"}");
  refused({"replay", "lost_update", "--continue", "--trace", other.path}, "not a weft JSON document of format 1");

  const Ran passing = weft_cli({"run", "locked_counter", "--json"});
  REQUIRE(passing.status == 0);
  const TempFile passed("passed", passing.out);
  refused({"replay", "locked_counter", "--continue", "--trace", passed.path}, "found no failure");

  nlohmann::json doc = nlohmann::json::parse(good_doc);
  doc.at("failure").at("trace").at(0).erase("thread_name");
  const TempFile row("row", doc.dump());
  refused({"replay", "lost_update", "--continue", "--trace", row.path}, "failure.trace[0] has no string 'thread_name'");
}
