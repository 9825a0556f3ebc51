#pragma once
// The progress line of a long exploration: `\rweft: dfs  123,456 executions  (41,200/s)
// depth 57  pruned 12`. Clock-free: the caller passes the elapsed time in.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <weft/options.hpp>
#include <weft/result.hpp>

namespace weft::model {

/// Where the progress line goes. The API layer wires stderr; tests capture it.
struct ProgressOutput {
  std::function<void(std::string_view)> write;  // empty: the line is never shown
  bool terminal = false;                        // `write` reaches a terminal (Progress::auto_)
};

class ProgressLine {
 public:
  /// Shown when `mode` is always, or auto_ and the output is a terminal; never without a writer.
  ProgressLine(Progress mode, ProgressOutput out, std::string_view strategy, bool exhaustive);
  /// Whether update() may print, so the caller can skip reading the clock otherwise.
  bool enabled() const { return enabled_; }
  /// After an execution: draws the line once 1 s has elapsed, then at most every 0.5 s.
  void update(double elapsed, const Stats& stats, std::size_t depth);
  /// When the search stops: redraws the line with the final counts and ends it with a
  /// newline, if it was ever drawn.
  void finish(double elapsed, const Stats& stats, std::size_t depth);

  static constexpr double kFirstAfter = 1.0;  // seconds before the first line
  static constexpr double kEvery = 0.5;       // seconds between two lines

 private:
  void draw(double elapsed, const Stats& stats, std::size_t depth);

  ProgressOutput out_;
  std::string strategy_;
  bool exhaustive_ = false;
  bool enabled_ = false;
  bool drawn_ = false;
  double next_ = kFirstAfter;
  std::size_t width_ = 0;  // length of the last line, to blank what a shorter one leaves
  std::string line_;
};

}  // namespace weft::model
