// Coverage assertions (weft::sometimes, weft::reachable, WEFT_REACHABLE): the per-exploration
// recorder and its report, declared labels, and the scope that installs a recorder.
// Names start with "coverage:" (the TSan job selects real-thread tests by other prefixes).
#include <catch2/catch.hpp>

#include "coverage_checks.hpp"

using namespace weft::test;

TEST_CASE("coverage: a sometimes label true once is satisfied", "[coverage]") {
  CoverageRecorder r;
  for (int i = 0; i < 3; ++i) r.record(CoverageKind::sometimes, false, "once", "/src/a.cpp", 4, "void a()");
  r.record(CoverageKind::sometimes, true, "once", "/src/a.cpp", 4, "void a()");
  CHECK_FALSE(r.unsatisfied(4, false).has_value());
  const auto l = find_label(r.expected(), "once");
  REQUIRE(l);
  CHECK(l->kind == CoverageKind::sometimes);
  CHECK(l->times_seen == 4);
  CHECK(l->times_satisfied == 1);
  CHECK(l->file == "/src/a.cpp");
  CHECK(l->line == 4);
  CHECK(l->function == "a()");
  CHECK_FALSE(l->declared);
}

TEST_CASE("coverage: a sometimes label never true is reported with its label and place", "[coverage]") {
  CoverageRecorder r;
  r.record(CoverageKind::sometimes, false, "saw partial", "/src/x.cpp", 12, "bool Batch::check(int) const");
  r.record(CoverageKind::sometimes, true, "fine", "/src/x.cpp", 20, "void f()");
  r.record(CoverageKind::sometimes, false, "saw partial", "/src/other.cpp", 99, "void g()");  // same label elsewhere

  const auto info = r.unsatisfied(1000, false);
  REQUIRE(info);
  CHECK(info->kind == weft::FailureKind::never_reached);
  CHECK(info->thread == weft::kNoThread);
  CHECK(info->message ==
        "1 coverage label never satisfied in 1,000 executions (search not complete): "
        "\"saw partial\" (sometimes at x.cpp:12)");
  CHECK(info->details.find("\"saw partial\": sometimes at x.cpp:12 in Batch::check() const: evaluated 2 times, never true\n") == 0);
  CHECK(info->details.find("the search was not complete") != std::string::npos);
  CHECK(info->details.find("\"fine\"") == std::string::npos);

  const auto all = r.unsatisfied(24, true);
  REQUIRE(all);
  CHECK(all->message ==
        "1 coverage label never satisfied in all 24 executions of a complete search: "
        "\"saw partial\" (sometimes at x.cpp:12)");
  CHECK(all->details.find("the search was complete: no interleaving satisfies these labels") != std::string::npos);
}

TEST_CASE("coverage: unsatisfied labels are listed by label, the message names five", "[coverage]") {
  CoverageRecorder r;
  for (const char* label : {"g", "c", "a", "f", "b", "e", "d"})
    r.record(CoverageKind::sometimes, false, label, "/src/m.cpp", 1, "");
  r.record(CoverageKind::sometimes, false, "a", "/src/m.cpp", 1, "");
  const auto info = r.unsatisfied(1, false);
  REQUIRE(info);
  CHECK(info->message ==
        "7 coverage labels never satisfied in 1 execution (search not complete): \"a\" (sometimes at m.cpp:1), "
        "\"b\" (sometimes at m.cpp:1), \"c\" (sometimes at m.cpp:1), \"d\" (sometimes at m.cpp:1), "
        "\"e\" (sometimes at m.cpp:1), and 2 more");
  CHECK(info->details.find("\"a\": sometimes at m.cpp:1: evaluated 2 times, never true\n\"b\": ") == 0);
  CHECK(info->details.find("\"g\": sometimes at m.cpp:1: evaluated 1 time, never true\n") != std::string::npos);
}

TEST_CASE("coverage: a reachable label is satisfied by being reached", "[coverage]") {
  CoverageRecorder r;
  CHECK(r.empty());
  r.record(CoverageKind::reachable, true, "drained", "/src/y.cpp", 30, "void Worker::drain()");
  CHECK_FALSE(r.empty());
  CHECK_FALSE(r.unsatisfied(1, false).has_value());
  const auto l = find_label(r.expected(), "drained");
  REQUIRE(l);
  CHECK(l->kind == CoverageKind::reachable);
  CHECK(l->times_seen == 1);
  CHECK(l->times_satisfied == 1);
}

TEST_CASE("coverage: a recorder that saw no label reports nothing", "[coverage]") {
  // Declared labels exist in this process (below), yet an exploration that ran none of
  // their functions must not be failed by them.
  const CoverageRecorder r;
  CHECK(r.expected().empty());
  CHECK_FALSE(r.unsatisfied(1000, true).has_value());
}

TEST_CASE("coverage: WEFT_REACHABLE declares its label before main", "[coverage]") {
  // coverage_declared_labels.cpp holds nothing but a function no one calls, and no static
  // object but the declaration: the label can only have been registered by that file's
  // static initialisation, which g++ runs before main.
  const auto l = find_label(weft::coverage_labels(), weft_test::kNeverCalledLabel);
  REQUIRE(l);
  CHECK(l->declared);
  CHECK(l->kind == CoverageKind::reachable);
  CHECK(ends_with(l->file, "tests/detect/coverage_declared_labels.cpp"));
  CHECK(l->line == weft_test::kNeverCalledLine);
  CHECK(l->function == "weft_test::never_called_reachable()");
  CHECK(l->times_seen == 0);
  CHECK(l->times_satisfied == 0);
}

TEST_CASE("coverage: a declared label never reached is reported with where it is declared", "[coverage]") {
  const auto declared = find_label(weft::coverage_labels(), weft_test::kNeverCalledLabel);
  REQUIRE(declared);
  CoverageRecorder r;  // an exploration that evaluated another label in the same function
  r.record(CoverageKind::sometimes, true, "coverage test: same function", declared->file, 3,
           "void weft_test::never_called_reachable()");
  const auto info = r.unsatisfied(50, false);
  REQUIRE(info);
  const std::string line = std::to_string(weft_test::kNeverCalledLine);
  CHECK(info->message == "1 coverage label never satisfied in 50 executions (search not complete): "
                         "\"coverage test: declared, never called\" (reachable, declared at "
                         "coverage_declared_labels.cpp:" + line + ")");
  CHECK(info->details.find("\"coverage test: declared, never called\": reachable, declared at "
                           "coverage_declared_labels.cpp:" + line +
                           " in weft_test::never_called_reachable(): never reached\n") == 0);
  const auto l = find_label(r.expected(), weft_test::kNeverCalledLabel);
  REQUIRE(l);
  CHECK(l->declared);
  CHECK(l->times_seen == 0);
}

TEST_CASE("coverage: declared labels are expected only by explorations that ran their function", "[coverage]") {
  const auto declared = find_label(weft::coverage_labels(), weft_test::kNeverCalledLabel);
  REQUIRE(declared);
  CoverageRecorder elsewhere;  // the same file, another function: not expected
  elsewhere.record(CoverageKind::sometimes, true, "coverage test: elsewhere", declared->file, 1, "void unrelated()");
  CHECK_FALSE(find_label(elsewhere.expected(), weft_test::kNeverCalledLabel));
  CHECK_FALSE(elsewhere.unsatisfied(10, false).has_value());

  CoverageRecorder namesake;  // the same function name in another file (static functions): not expected
  namesake.record(CoverageKind::sometimes, true, "coverage test: namesake", this_file(), 1,
                  "void weft_test::never_called_reachable()");
  CHECK_FALSE(find_label(namesake.expected(), weft_test::kNeverCalledLabel));
  CHECK_FALSE(namesake.unsatisfied(10, false).has_value());

  CoverageRecorder same;  // the same file and function: expected
  same.record(CoverageKind::sometimes, true, "coverage test: same", declared->file, 1,
              "void weft_test::never_called_reachable()");
  CHECK(find_label(same.expected(), weft_test::kNeverCalledLabel));
}

TEST_CASE("coverage: a declared label in a function whose weft operations ran is expected", "[coverage]") {
  // The reader's branch is never taken (x is never 5), so its label is never evaluated; the
  // reader did read x, so the events of that execution show its function ran. (load(), not
  // the implicit conversion: a read through `operator T` carries no source location.)
  const Run run = run_once(
      [] {
        weft::Shared<int> x{0};
        weft::Thread reader([&] {
          if (x.load() == 5) WEFT_REACHABLE("coverage sim: x was five");
        });
        reader.start();
        reader.join();
      },
      3, 0);
  REQUIRE_FALSE(run.info.has_value());
  CoverageRecorder r;
  CHECK_FALSE(find_label(r.expected(), "coverage sim: x was five"));  // nothing known ran yet
  r.note_ran(run.events);
  const auto l = find_label(r.expected(), "coverage sim: x was five");
  REQUIRE(l);
  CHECK(l->declared);
  CHECK(l->times_seen == 0);
  CHECK(l->function.find("::<lambda>::<lambda>") != std::string::npos);
  const auto info = r.unsatisfied(1, true);
  REQUIRE(info);
  CHECK(info->message.find("\"coverage sim: x was five\" (reachable, declared at coverage_test.cpp:") !=
        std::string::npos);
  CHECK(info->message.find(" never satisfied in the only execution of a complete search: ") != std::string::npos);
  CHECK_FALSE(find_label(r.expected(), weft_test::kNeverCalledLabel));
}

TEST_CASE("coverage: function_key drops return and parameter types and template arguments", "[coverage]") {
  using weft::detect::function_key;
  CHECK(function_key("int main()") == "main()");
  CHECK(function_key("void weft_test::never_called_reachable()") == "weft_test::never_called_reachable()");
  CHECK(function_key("std::vector<U> W<T>::m(U) const [with U = double; T = int [3]]") == "W::m() const");
  CHECK(function_key("std::vector<U> W<T>::m(U) const") == "W::m() const");
  CHECK(function_key("W<int [3]>::m<double>(double) const::<lambda(auto:11)> [with auto:11 = int]") ==
        "W::m() const::<lambda>");
  CHECK(function_key("W<T>::m(U) const::<lambda(auto:11)>") == "W::m() const::<lambda>");
  CHECK(function_key("static void W<T>::s() [with T = char]") == "W::s()");
  CHECK(function_key("void W<T>::operator()(int) [with T = int [3]]") == "W::operator()()");
  CHECK(function_key("bool S::operator<(const S&) const") == "S::operator<() const");
  CHECK(function_key("S& S::operator<<=(int)") == "S::operator<<=()");
  CHECK(function_key("main()::<lambda()>::<lambda()>") == "main()::<lambda>::<lambda>");
  CHECK(function_key("") == "");
}

TEST_CASE("coverage: CoverageScope installs its recorder for this OS thread only, and restores the previous one",
          "[coverage]") {
  REQUIRE(weft::detect::current_recorder() == nullptr);
  {
    CoverageScope outer;
    CHECK(weft::detect::current_recorder() == &outer.recorder());
    {
      CoverageScope inner;
      CHECK(weft::detect::current_recorder() == &inner.recorder());
      CoverageRecorder* seen_elsewhere = &inner.recorder();
      std::thread([&] { seen_elsewhere = weft::detect::current_recorder(); }).join();
      CHECK(seen_elsewhere == nullptr);
    }
    CHECK(weft::detect::current_recorder() == &outer.recorder());
  }
  CHECK(weft::detect::current_recorder() == nullptr);
}
