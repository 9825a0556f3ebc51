#pragma once
// Positional arguments of the table-printing bench programs: a count that is not a whole
// number in range ends the program with a message naming the argument and the usage line
// (exit status 2), instead of a zero that Options refuses with an uncaught UsageError.
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace weft::bench {

/// argv[i] as a whole number in [min, max], or `fallback` when there are not that many
/// arguments. `name` and `usage` go into the message when argv[i] is anything else.
inline std::uint64_t count_arg(int argc, char** argv, int i, std::uint64_t fallback, const char* name,
                               const char* usage, std::uint64_t min = 1, std::uint64_t max = UINT64_MAX / 2) {
  if (argc <= i) return fallback;
  const char* text = argv[i];
  char* end = nullptr;
  errno = 0;
  const unsigned long long v = std::strtoull(text, &end, 10);
  if (*text < '0' || *text > '9' || end == text || *end != '\0' || errno == ERANGE || v < min || v > max) {
    std::fprintf(stderr, "%s: %s must be a whole number from %llu to %llu, not \"%s\"\nusage: %s\n", argv[0], name,
                 static_cast<unsigned long long>(min), static_cast<unsigned long long>(max), text, usage);
    std::exit(2);
  }
  return v;
}

}  // namespace weft::bench
