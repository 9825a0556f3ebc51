// Vector clocks of the POP reference: one entry per thread, entry t counting the events of
// thread t that happen before or at the event (so an event (t, i) is included iff c[t] > i).
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace pop_ref {

using Clock = std::vector<int>;

inline Clock zero_clock(int threads) { return Clock(static_cast<std::size_t>(threads), 0); }

// Pointwise <=.
inline bool leq(const Clock& a, const Clock& b) {
  for (std::size_t t = 0; t < a.size(); ++t)
    if (a[t] > b[t]) return false;
  return true;
}

// Pointwise <= and different: a happens strictly before b.
inline bool lt(const Clock& a, const Clock& b) { return leq(a, b) && a != b; }

// Pointwise max, into a.
inline void join(Clock& a, const Clock& b) {
  for (std::size_t t = 0; t < a.size(); ++t) a[t] = std::max(a[t], b[t]);
}

// Whether event number `index` (0-based) of `thread` is in clock c.
inline bool includes(const Clock& c, int thread, int index) {
  return c[static_cast<std::size_t>(thread)] > index;
}

}  // namespace pop_ref
