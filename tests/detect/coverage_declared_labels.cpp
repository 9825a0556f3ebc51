// Only a never-called function with a WEFT_REACHABLE (see coverage_declared_labels.hpp). Keep
// anything that runs out of this file: the "declared before main" test depends on it.
#include "tests/detect/coverage_declared_labels.hpp"

#include <string_view>

#include <weft/coverage.hpp>

namespace weft_test {

// The label must be spelled here as a literal; the header's constant repeats it for the
// tests, and the static_assert below keeps the two in step.
static_assert(std::string_view(kNeverCalledLabel) == "coverage test: declared, never called");

void never_called_reachable() {
  // Nothing calls this function.
  WEFT_REACHABLE("coverage test: declared, never called"); static_assert(__LINE__ == kNeverCalledLine);
}

}  // namespace weft_test
