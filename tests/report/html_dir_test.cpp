// Options::html_report / WEFT_HTML_DIR (docs/html_report.md, "From tests"): a failing
// explore() or replay() leaves its HTML page in the directory, named after Options::name, else
// the running Catch2 test case (<weft/catch.hpp>), else the first free weft-failure-<n>.html;
// a file that cannot be written is said in the failure's details and hides nothing.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>

#include <weft/catch.hpp>
#include <weft/weft.hpp>

#include "api/html_file.hpp"
#include "tests/scoped_env.hpp"

using namespace weft;
namespace fs = std::filesystem;

namespace {

// A fresh empty directory, removed at the end of the scope.
struct TempDir {
  fs::path path;
  TempDir() {
    static int counter = 0;
    path = fs::temp_directory_path() /
           ("weft-html-dir-test-" + std::to_string(::getpid()) + "-" + std::to_string(++counter));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

Options into(const fs::path& dir) {
  Options o;
  o.strategy = Strategy::dfs;
  o.max_executions = 50;
  o.use_environment = false;
  o.html_report = dir.string();
  return o;
}

// Fails in every execution: T1's check.
void failing_body() {
  Thread t(ThreadOptions{"checker", {}}, [] { check(false, "the html dir test's failing check"); });
  t.start();
  t.join();
}

}  // namespace

TEST_CASE("html_report dir: a failing explore writes <test name>.html, its failing step, and says where",
          "[report][html]") {
  const TempDir dir;
  const Result r = explore(into(dir.path), failing_body);
  REQUIRE_FALSE(r.ok());
  const fs::path expected =
      dir.path / "html_report_dir_a_failing_explore_writes_test_name_.html_its_failing_step_and_says_where.html";
  REQUIRE(fs::exists(expected));
  CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 1);
  const std::string page = read(expected);
  CHECK(page == html_report([&] {  // the page of the failure as reported, without the note
          Failure f = r.failure();
          f.details.erase(f.details.rfind("HTML report: "));
          if (!f.details.empty() && f.details.back() == '\n') f.details.pop_back();
          return f;
        }()));
  CHECK(page.find("<tr class=\"step failing") != std::string::npos);
  CHECK(page.find("the html dir test&#39;s failing check") != std::string::npos);
  CHECK(r.failure().kind == FailureKind::check_failed);
  CHECK(r.failure().details == "HTML report: " + expected.string());
  CHECK(r.failure().report().find("HTML report: " + expected.string()) != std::string::npos);
}

TEST_CASE("html_report dir: Options::name names the file, sanitized; a second failure of the name replaces it",
          "[report][html]") {
  const TempDir dir;
  Options o = into(dir.path);
  o.name = "suite/../queue: get() <blocks> forever";
  REQUIRE_FALSE(explore(o, failing_body).ok());
  const fs::path expected = dir.path / "suite_.._queue_get_blocks_forever.html";
  CHECK(fs::exists(expected));
  REQUIRE_FALSE(explore(o, failing_body).ok());
  CHECK(std::distance(fs::directory_iterator(dir.path), fs::directory_iterator()) == 1);
}

TEST_CASE("html_report dir: WEFT_HTML_DIR sets it; replay() writes the page too; a passing run writes nothing",
          "[report][html]") {
  const TempDir dir;
  const test::ScopedEnv env("WEFT_HTML_DIR", dir.path.string());
  Options o;
  o.strategy = Strategy::dfs;
  o.name = "from env";
  const Result r = explore(o, failing_body);
  REQUIRE_FALSE(r.ok());
  CHECK(fs::exists(dir.path / "from_env.html"));
  o.name = "replayed";
  const Result again = replay(r.failure().schedule, failing_body, o);
  REQUIRE_FALSE(again.ok());
  CHECK(fs::exists(dir.path / "replayed.html"));
  o.name = "passing";
  CHECK(explore(o, [] {}).ok());
  CHECK_FALSE(fs::exists(dir.path / "passing.html"));
}

TEST_CASE("html_report dir: without a name, weft-failure-<n>.html, never overwriting a file", "[report][html]") {
  const TempDir dir;
  { std::ofstream(dir.path / "weft-failure-1.html") << "someone else's"; }
  detail::set_test_name_source(nullptr);  // as in a program without <weft/catch.hpp>
  const Result first = explore(into(dir.path), failing_body);
  const Result second = explore(into(dir.path), failing_body);
  detail::set_test_name_source(&catch2::current_test_name);
  CHECK(read(dir.path / "weft-failure-1.html") == "someone else's");
  CHECK(first.failure().details == "HTML report: " + (dir.path / "weft-failure-2.html").string());
  CHECK(second.failure().details == "HTML report: " + (dir.path / "weft-failure-3.html").string());
  CHECK(read(dir.path / "weft-failure-3.html").find("<tr class=\"step failing") != std::string::npos);
}

TEST_CASE("html_report dir: a directory that cannot be written is said in the details; the failure stays",
          "[report][html]") {
  const TempDir dir;
  const Result plain = explore(into(dir.path), failing_body);
  for (const fs::path& bad : {dir.path / "missing", dir.path / "a-file"}) {
    { std::ofstream(dir.path / "a-file") << "not a directory"; }
    Options o = into(bad);
    o.name = "unwritable";
    Result r;
    REQUIRE_NOTHROW(r = explore(o, failing_body));
    REQUIRE_FALSE(r.ok());
    INFO(r.failure().details);
    CHECK(r.failure().kind == plain.failure().kind);
    CHECK(r.failure().message == plain.failure().message);
    CHECK(r.failure().schedule == plain.failure().schedule);
    CHECK(r.failure().details.rfind("HTML report not written: cannot create " + (bad / "unwritable.html").string() +
                                        ": ",
                                    0) == 0);
    CHECK(r.failure().details.find("must name an existing, writable directory") != std::string::npos);
    CHECK(r.failure().report().find("HTML report not written") != std::string::npos);
  }
}

TEST_CASE("html_report dir: file name stems", "[report][html]") {
  CHECK(detail::html_file_stem("lost update: T1 & T2") == "lost_update_T1_T2");
  CHECK(detail::html_file_stem("../../etc/passwd") == "etc_passwd");
  CHECK(detail::html_file_stem("a.b-c_d") == "a.b-c_d");
  CHECK(detail::html_file_stem("  ") == "");
  CHECK(detail::html_file_stem("\xc3\xa9t\xc3\xa9") == "t");
  CHECK(detail::html_file_stem(std::string(300, 'x')).size() == 120);
}
