// weft::html_report (include/weft/html_report.hpp, docs/html_report.md): the page's structure
// read as a string: a lane per thread, one failing step, the marked steps, a deadlock's cycle,
// escaping of the program's names, no network reference, byte-identical output.
#include <catch2/catch.hpp>

#include <functional>
#include <mutex>
#include <regex>
#include <string>

#include <weft/weft.hpp>

using namespace weft;

namespace {

Options dfs() {
  Options o;
  o.strategy = Strategy::dfs;
  o.max_executions = 200;
  o.use_environment = false;
  return o;
}

std::size_t count(const std::string& s, const std::string& pattern) {
  const std::regex re(pattern);
  return static_cast<std::size_t>(std::distance(std::sregex_iterator(s.begin(), s.end(), re), std::sregex_iterator()));
}

// Two threads each add 1 to a Shared named `name` without a lock; checks it is 2 if asked.
std::function<void()> two_increments(const char* name, bool check_two) {
  return [=] {
    Shared<int> counter{Name{name}, 0};
    auto increment = [&] { counter = counter + 1; };
    Thread a(increment), b(increment);
    a.start();
    b.start();
    a.join();
    b.join();
    if (check_two) check(counter == 2, "lost update");
  };
}

Result lost_update() { return explore(dfs(), two_increments("counter", true)); }

// Two named threads take two named Locks in opposite orders; the names are hostile markup.
Result deadlock(const char* thread_name, const char* lock_name) {
  Options o = dfs();
  o.detect_lock_order = false;  // the deadlock itself
  return explore(o, [=] {
    Lock a{lock_name}, b{"second"};
    Thread left(ThreadOptions{thread_name, {}}, [&] {
      std::lock_guard<Lock> first(a);
      std::lock_guard<Lock> second(b);
    });
    Thread right(ThreadOptions{"right", {}}, [&] {
      std::lock_guard<Lock> first(b);
      std::lock_guard<Lock> second(a);
    });
    left.start();
    right.start();
    left.join();
    right.join();
  });
}

}  // namespace

TEST_CASE("html_report: a data race has a lane per thread, one failing step and its two marked steps") {
  const Result r = lost_update();
  REQUIRE_FALSE(r.ok());
  REQUIRE(r.failure().kind == FailureKind::data_race);
  REQUIRE(r.failure().marked_steps.size() == 2);
  const std::string html = html_report(r.failure());
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(count(html, "<th class=\"lane\"") == 3);  // MainThread, Thread-1, Thread-2
  CHECK(count(html, "<tr class=\"step failing") == 1);
  CHECK(count(html, "<tr class=\"step[^\"]*marked") == 2);
  CHECK(count(html, "<a class=\"marked-link\"") == 2);
  CHECK(html.find("counter (Shared#") != std::string::npos);  // the object's given name
  CHECK(html.find(r.failure().schedule) != std::string::npos);
  CHECK(count(html, "<tr class=\"step") == r.failure().trace.events.size());
  CHECK(count(html, "<tr class=\"switch\"") >= 1);
}

TEST_CASE("html_report: the same failure gives byte-identical pages") {
  const Result a = lost_update(), b = lost_update();
  REQUIRE_FALSE(a.ok());
  REQUIRE_FALSE(b.ok());
  CHECK(html_report(a.failure()) == html_report(b.failure()));
}

TEST_CASE("html_report: a deadlock draws its wait-for cycle") {
  const Result r = deadlock("left", "first");
  REQUIRE_FALSE(r.ok());
  REQUIRE(r.failure().kind == FailureKind::deadlock);
  const std::string html = html_report(r.failure());
  CHECK(html.find("<svg id=\"cycle-svg\"") != std::string::npos);
  CHECK(count(html, "<ol class=\"cycle\">") == 1);
  CHECK(count(html, "<li data-thread=") == 3);  // the two in the cycle, then MainThread's join
  CHECK(count(html, "held by <b>") == 2);
  CHECK(count(html, "<tr class=\"blocked\"") == 3);
  CHECK(count(html, "<tr class=\"step failing") == 1);
  CHECK(html.find("first (Lock#") != std::string::npos);
}

TEST_CASE("html_report: the program's names are escaped, and the page references nothing outside it") {
  const Result r = deadlock("<script>alert(1)</script>", "a\"b'<&>");
  REQUIRE_FALSE(r.ok());
  const std::string html = html_report(r.failure());
  CHECK(html.find("alert(1)</script>") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("a&quot;b&#39;&lt;&amp;&gt;") != std::string::npos);
  CHECK(count(html, "<script") == 1);  // the page's own inline script, without src
  CHECK(count(html, "<script>") == 1);
  CHECK(count(html, "https?://") == 0);
  CHECK(count(html, "<link|<img|<iframe|@import") == 0);
}

TEST_CASE("html_report: a failure without events is the legend alone") {
  Failure f;
  f.kind = FailureKind::never_reached;
  f.message = "label <x> never reached";
  const std::string html = html_report(f);
  CHECK(html.find("<table") == std::string::npos);
  CHECK(html.find("label &lt;x&gt; never reached") != std::string::npos);
  CHECK(html.find("</html>") != std::string::npos);
}

TEST_CASE("html_outcomes: a row per outcome with its count, share and schedule, escaped and self-contained") {
  Options o = dfs();
  o.strategy = Strategy::dpor;
  o.detect_races = false;
  const Outcomes h = outcomes(o, two_increments("<counter>", false));
  // Two threads each read then write: 2 when one's write comes before the other's read, else 1.
  REQUIRE(h.outcomes.size() == 2);
  CHECK(h.outcomes[0].values.at(0).value + h.outcomes[1].values.at(0).value == 3);
  const std::string page = html_outcomes(h, "lost & found");
  CHECK(count(page, "<tr class=\"outcome") == h.outcomes.size());
  for (const Outcome& out : h.outcomes) {
    CHECK(page.find("<code>" + out.schedule + "</code>") != std::string::npos);
    // Outcome::text() of the row, escaped: "ok: <counter> (Shared#1) == 2".
    const std::string text = out.text();
    CHECK(text.find("<counter>") != std::string::npos);
    std::string escaped;
    for (const char c : text) escaped += c == '<' ? std::string("&lt;") : c == '>' ? std::string("&gt;") : std::string(1, c);
    CHECK(page.find("<td class=\"text\">" + escaped) != std::string::npos);
  }
  CHECK(page.find("<counter>") == std::string::npos);
  CHECK(page.find("lost &amp; found") != std::string::npos);
  CHECK(page.find("per Mazurkiewicz trace") != std::string::npos);
  CHECK(count(page, "https?://|<link|<img|<iframe|<script") == 0);
  CHECK(page == html_outcomes(h, "lost & found"));
}
