#pragma once
// A WEFT_REACHABLE in a function nothing calls (coverage_declared_labels.cpp), for
// coverage_test.cpp. That translation unit has no other code, so nothing in it ever runs
// except its static initialisers: if the label is known, it was declared before main.
#include <cstdint>

namespace weft_test {
inline constexpr const char* kNeverCalledLabel = "coverage test: declared, never called";
inline constexpr std::uint32_t kNeverCalledLine = 17;  // the WEFT_REACHABLE line in the .cpp
void never_called_reachable();
}  // namespace weft_test
