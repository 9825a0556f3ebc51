#pragma once
// For tests whose simulated threads are deliberately left without running their remaining
// frames (docs/abandonment.md): what those frames owned is leaked by design, so
// LeakSanitizer ignores allocations made while a LeakScope lives. Nothing without ASan.
#if defined(__SANITIZE_ADDRESS__)
#include <sanitizer/lsan_interface.h>
struct LeakScope {
  LeakScope() { __lsan_disable(); }
  ~LeakScope() { __lsan_enable(); }
  LeakScope(const LeakScope&) = delete;
  LeakScope& operator=(const LeakScope&) = delete;
};
#else
struct LeakScope {
  LeakScope() {}  // user-provided: declaring one is not an unused variable
  LeakScope(const LeakScope&) = delete;
  LeakScope& operator=(const LeakScope&) = delete;
};
#endif
