#pragma once
// What a search started from the public API reports to: the wall clock (statistics and time
// budgets; kept out of model/, which must stay deterministic) and the progress line on stderr.
#include <chrono>
#include <cstdio>
#include <string_view>

#include <unistd.h>

#include "model/progress.hpp"
#include "model/search_host.hpp"

namespace weft::detail {

/// Seconds of wall time since this call, each time the returned function is called.
inline model::ElapsedFn stopwatch() {
  const auto start = std::chrono::steady_clock::now();
  return [start] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
}

/// The progress line goes to stderr; Options::progress = auto_ shows it only on a terminal.
inline model::ProgressOutput progress_to_stderr() {
  return {[](std::string_view text) {
            std::fwrite(text.data(), 1, text.size(), stderr);
            std::fflush(stderr);
          },
          ::isatty(2) == 1};
}

}  // namespace weft::detail
