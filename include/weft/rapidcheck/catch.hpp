#pragma once
// weft properties inside Catch2 test cases, as rapidcheck/catch.h does for rapidcheck's
// (docs/property_testing.md).
#include <iostream>
#include <string>

#include <catch2/catch.hpp>

#include <weft/catch.hpp>
#include <weft/rapidcheck.hpp>

namespace weft::rc {

/// Use where rc::prop would go, inside a TEST_CASE: a SECTION named `name` that runs the
/// property (weft::rc::run). When it does not hold, the whole report — minimal input,
/// interleaving, WEFT_RC_REPRODUCE line — goes to stderr as it is (Catch2 would wrap the
/// interleaving table and the reproduce line at 80 columns), and the test case fails with the
/// failure's first line. With Options::html_report (WEFT_HTML_DIR) and no Options::name, the
/// failure's HTML page is named after the test case and the property.
template <class F>
void prop(const std::string& name, const Options& options, const F& body) {
  SECTION(name) {
    Options named = options;
    if (named.name.empty()) named.name = catch2::current_test_name() + " " + name;
    const auto result = run(name, named, body);
    if (result.ok) {
      SUCCEED();
    } else {
      std::cerr << result.message << std::flush;
      const std::string first_line = result.message.substr(0, result.message.find('\n'));
      FAIL(first_line << "; the report and the " << kReproduceVariable << " line are on stderr");
    }
  }
}

}  // namespace weft::rc
