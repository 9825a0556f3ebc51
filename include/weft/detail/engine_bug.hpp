#pragma once
// The one way weft reports a bug of its own: an internal invariant that does not hold (a
// strategy choosing a thread that cannot run, a fiber resumed after it finished, ...). It
// prints, on stderr, that this is a bug in weft and not in the program under test, with
// weft's source line, then aborts: the engine's state can no longer be trusted to produce a
// Failure. Every layer calls it; none prints or aborts on its own.
//
// The user's mistakes are not engine bugs and never come here: a bad argument or a call in a
// state that forbids it fails the execution as FailureKind::misuse (weft/errors.hpp), bad
// Options throw UsageError.
#include <cstdio>
#include <cstdlib>
#include <source_location>

namespace weft::detail {

[[noreturn, gnu::cold, gnu::noinline]] inline void engine_bug(const char* what,
                                    std::source_location where = std::source_location::current()) noexcept {
  std::fprintf(stderr,
               "weft: engine bug: %s (%s:%u)\n"
               "weft: this is a bug in weft itself, not in the program under test; please report it "
               "with this message and the program (or its schedule string)\n",
               what, where.file_name(), static_cast<unsigned>(where.line()));
  std::fflush(stderr);
  std::abort();
}

}  // namespace weft::detail
