#pragma once
// weft properties inside Catch2 test cases, as rapidcheck/catch.h does for rapidcheck's
// (docs/property_testing.md).
#include <string>

#include <catch2/catch.hpp>

#include <weft/rapidcheck.hpp>

namespace weft::rc {

/// Use where rc::prop would go, inside a TEST_CASE: a SECTION named `name` that runs the
/// property (weft::rc::run) and fails the test case with the whole report — minimal input,
/// interleaving, WEFT_RC_REPRODUCE line — when it does not hold.
template <class F>
void prop(const std::string& name, const Options& options, const F& body) {
  SECTION(name) {
    const auto result = run(name, options, body);
    if (result.ok) {
      SUCCEED();
    } else {
      INFO(result.message);
      FAIL();
    }
  }
}

}  // namespace weft::rc
