#pragma once
// weft in Catch2 (v2) test cases: with Options::html_report or WEFT_HTML_DIR set, a failing
// weft::explore() or weft::replay() whose Options::name is empty names its HTML page after the
// running test case ("TEST_CASE(\"transfers keep the total\")" -> transfers_keep_the_total.html;
// docs/html_report.md, "From tests"). Include it in any test file (weft/rapidcheck/catch.hpp
// does); it installs itself once per program.
#include <string>

#include <catch2/catch.hpp>

#include <weft/html_report.hpp>

namespace weft::catch2 {

/// The running Catch2 test case's name; "" outside one.
inline std::string current_test_name() {
  ::Catch::IResultCapture* capture = ::Catch::getCurrentContext().getResultCapture();
  return capture == nullptr ? std::string() : capture->getCurrentTestName();
}

namespace detail {
inline const bool test_name_source_installed = (weft::detail::set_test_name_source(&current_test_name), true);
}  // namespace detail

}  // namespace weft::catch2
