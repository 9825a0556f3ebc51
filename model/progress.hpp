#pragma once
// The progress line of a long exploration: `\rweft: dfs  123,456 executions  (41,200/s)
// depth 57  pruned 12`, then `source-DPOR from execution N` once dpor has switched
// (Stats::dpor_source_from). Clock-free: the caller passes the elapsed time in.
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
  /// An estimated total of non-pruned executions (weft::estimate_search's size: dfs's
  /// interleavings, dpor's traces). Later lines add `≈ 37% of ~15,400, ETA 12s`: the share
  /// of executions - pruned in it, and the time the rest takes at the rate so far (`past the
  /// estimate of ~T` once the count exceeds it). A total of 0 or less removes it.
  void set_estimate(double total) { estimate_ = total; }

  static constexpr double kFirstAfter = 1.0;  // seconds before the first line
  static constexpr double kEvery = 0.5;       // seconds between two lines

 private:
  void draw(double elapsed, const Stats& stats, std::size_t depth);
  std::string estimate_text(double elapsed, const Stats& stats) const;

  ProgressOutput out_;
  std::string strategy_;
  bool exhaustive_ = false;
  bool enabled_ = false;
  bool drawn_ = false;
  double next_ = kFirstAfter;
  double estimate_ = 0;    // set_estimate's total; 0: none
  std::size_t width_ = 0;  // length of the last line, to blank what a shorter one leaves
  std::string line_;
};

}  // namespace weft::model
