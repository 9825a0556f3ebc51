#pragma once
// Python's argument rules for timeouts (docs/python_semantics.md), shared by both backends so they cannot
// drift apart. Each returns the timeout to wait for, nullopt meaning "forever".
#include <optional>
#include <source_location>

#include <weft/timeout.hpp>

namespace weft::detail {

/// Lock/RLock.acquire(blocking, timeout): -1 = forever; with blocking=false only -1 is
/// allowed (ValueError); other negatives ValueError; above TIMEOUT_MAX OverflowError.
std::optional<double> lock_timeout(bool blocking, double timeout, std::source_location where);
/// Thread.join(timeout): None = forever; negative counts as 0; above TIMEOUT_MAX OverflowError.
std::optional<double> join_timeout(const OptSeconds& timeout, std::source_location where);
/// time.sleep(seconds): negative or NaN ValueError; above TIMEOUT_MAX OverflowError.
double sleep_duration(double seconds, std::source_location where);

}  // namespace weft::detail
