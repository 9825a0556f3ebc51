#pragma once
// Counts heap allocations in this process (the benchmark binaries replace operator new), so
// "no allocation per scheduling step" is measured, not assumed.
#include <cstdint>

namespace weft::bench {
/// Allocations made so far by this process.
std::uint64_t allocations();
}  // namespace weft::bench
