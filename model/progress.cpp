#include "model/progress.hpp"

#include <cmath>
#include <utility>

#include "report/number_text.hpp"

namespace weft::model {

using report::grouped;

ProgressLine::ProgressLine(Progress mode, ProgressOutput out, std::string_view strategy, bool exhaustive)
    : out_(std::move(out)), strategy_(strategy), exhaustive_(exhaustive) {
  enabled_ = out_.write && (mode == Progress::always || (mode == Progress::auto_ && out_.terminal));
}

void ProgressLine::update(double elapsed, const Stats& stats, std::size_t depth) {
  if (!enabled_ || elapsed < next_) return;
  draw(elapsed, stats, depth);
  next_ = elapsed + kEvery;
}

void ProgressLine::finish(double elapsed, const Stats& stats, std::size_t depth) {
  if (!drawn_) return;
  draw(elapsed, stats, depth);
  out_.write("\n");
}

void ProgressLine::draw(double elapsed, const Stats& stats, std::size_t depth) {
  const double rate = elapsed > 0 ? static_cast<double>(stats.executions) / elapsed : 0.0;
  line_ = "\rweft: " + strategy_ + "  " + grouped(stats.executions) + " executions  (" +
          grouped(static_cast<std::uint64_t>(std::llround(rate))) + "/s)";
  if (exhaustive_) line_ += "  depth " + std::to_string(depth) + "  pruned " + grouped(stats.pruned);
  const std::size_t width = line_.size();
  if (width < width_) line_.append(width_ - width, ' ');
  width_ = width;
  drawn_ = true;
  out_.write(line_);
}

}  // namespace weft::model
