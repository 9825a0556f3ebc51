// The teaching text of every built-in scenario (`weft run NAME --explain`, README.md):
// each lesson tells the reader what to look for in the table a run prints, and the lesson of
// every failing scenario ends with a fix that names the scenario's source file and quotes, in
// backticks, code that really is in that file, so that a student can find the line to change.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "scenarios/scenario.hpp"

using namespace weft;

namespace {

// Every run of whitespace as one space, so that a quoted fragment may span lines of the file.
std::string squeeze(const std::string& s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// The code of a C++ source: string and character literals and comments become one space each,
// so that a quoted fragment is found only in code, never in a lesson's own text or a comment.
std::string code_only(const std::string& src) {
  std::string out;
  std::size_t i = 0;
  const std::size_t n = src.size();
  while (i < n) {
    const char c = src[i];
    if (c == '/' && i + 1 < n && src[i + 1] == '/') {
      while (i < n && src[i] != '\n') ++i;
      out += ' ';
    } else if (c == '/' && i + 1 < n && src[i + 1] == '*') {
      const std::size_t end = src.find("*/", i + 2);
      i = end == std::string::npos ? n : end + 2;
      out += ' ';
    } else if (c == '"' || c == '\'') {
      for (++i; i < n && src[i] != c; ++i)
        if (src[i] == '\\') ++i;
      ++i;
      out += ' ';
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

std::string read_source(const std::string& relative) {
  std::ifstream in(std::filesystem::path(WEFT_SOURCE_DIR) / relative, std::ios::binary);
  if (!in) return {};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The backticked fragments of `text`.
std::vector<std::string> quoted(const std::string& text) {
  std::vector<std::string> out;
  std::size_t at = 0;
  for (;;) {
    const std::size_t open = text.find('`', at);
    if (open == std::string::npos) break;
    const std::size_t close = text.find('`', open + 1);
    if (close == std::string::npos) break;
    out.push_back(text.substr(open + 1, close - open - 1));
    at = close + 1;
  }
  return out;
}

bool mentions_table(const std::string& lesson) {
  static const std::regex word(R"(\b(table|row|rows)\b)", std::regex::icase);
  return std::regex_search(lesson, word);
}

// The fix: from "fix: in scenarios/FILE.cpp" (or "fix, in ...") to the end of the lesson.
struct Fix {
  std::string file;  // scenarios/FILE.cpp
  std::string text;  // the fix sentence(s)
};

std::optional<Fix> find_fix(const std::string& lesson) {
  static const std::regex fix(R"(\b[Ff]ix\b[:,]? in (scenarios/[a-z0-9_]+\.cpp))");
  std::smatch m;
  if (!std::regex_search(lesson, m, fix)) return std::nullopt;
  return Fix{m[1].str(), lesson.substr(static_cast<std::size_t>(m.position(0)))};
}

}  // namespace

TEST_CASE("every scenario's lesson says what to look for in the run's table", "[scenarios][lessons]") {
  REQUIRE(scenarios::all().size() >= 49);
  for (const scenarios::Scenario& s : scenarios::all()) {
    INFO(s.name << ": " << s.lesson);
    CHECK(mentions_table(s.lesson));
  }
}

TEST_CASE("every failing scenario's lesson quotes the code to change, from its own file", "[scenarios][lessons]") {
  int failing = 0;
  for (const scenarios::Scenario& s : scenarios::all()) {
    if (s.expect != scenarios::Expect::fails) continue;
    ++failing;
    INFO(s.name << ": " << s.lesson);
    const std::optional<Fix> fix = find_fix(s.lesson);
    REQUIRE(fix.has_value());
    const std::string source = read_source(fix->file);
    INFO("file " << fix->file);
    REQUIRE_FALSE(source.empty());
    const std::vector<std::string> fragments = quoted(fix->text);
    REQUIRE_FALSE(fragments.empty());
    const std::string flat = squeeze(code_only(source));
    for (const std::string& fragment : fragments) {
      INFO("quoted `" << fragment << "`");
      CHECK(!squeeze(fragment).empty());
      CHECK(flat.find(squeeze(fragment)) != std::string::npos);
    }
  }
  CHECK(failing >= 13);
}

TEST_CASE("the lesson checks reject a lesson without a table or with code its file lacks", "[scenarios][lessons]") {
  CHECK_FALSE(mentions_table("A lesson about locks, with nothing to look for."));
  CHECK(mentions_table("In the table, T1's read of the counter."));
  CHECK_FALSE(find_fix("Take a lock.").has_value());
  const std::optional<Fix> fix =
      find_fix("Look at the rows. The fix: in scenarios/counters.cpp, wrap `int seen = counter.load();` in a lock.");
  REQUIRE(fix.has_value());
  CHECK(fix->file == "scenarios/counters.cpp");
  const std::string flat = squeeze(code_only(read_source(fix->file)));
  REQUIRE(quoted(fix->text) == std::vector<std::string>{"int seen = counter.load();"});
  CHECK(flat.find(squeeze("int seen = counter.load();")) != std::string::npos);
  CHECK(flat.find(squeeze("int seen = counter.load_twice();")) == std::string::npos);
  // Text of a lesson or a comment is not code: quoting it does not count.
  CHECK(flat.find("counter += 1 is not one step") == std::string::npos);
  CHECK(squeeze(code_only("f(); // g();\n\"h();\" /* i(); */ 'j'; k();")) == "f(); ; k();");
  CHECK(read_source("scenarios/no_such_file.cpp").empty());
}
