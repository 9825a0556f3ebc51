#include "model/progress.hpp"

#include <algorithm>
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

namespace {
// 3 significant digits: 15,362 -> "15,400".
std::string rounded(double x) {
  if (x < 1000) return grouped(static_cast<std::uint64_t>(std::llround(x)));
  const double unit = std::pow(10.0, std::floor(std::log10(x)) - 2);
  return grouped(static_cast<std::uint64_t>(std::llround(std::round(x / unit) * unit)));
}
// 42 -> "42s", 200 -> "3m20s", 7500 -> "2h05m".
std::string duration(double seconds) {
  const auto s = static_cast<std::uint64_t>(std::llround(seconds));
  const auto two = [](std::uint64_t v) { return (v < 10 ? "0" : "") + std::to_string(v); };
  if (s < 60) return std::to_string(s) + "s";
  if (s < 3600) return std::to_string(s / 60) + "m" + two(s % 60) + "s";
  return std::to_string(s / 3600) + "h" + two((s / 60) % 60) + "m";
}
}  // namespace

std::string ProgressLine::estimate_text(double elapsed, const Stats& stats) const {
  const double done = static_cast<double>(stats.executions - stats.pruned);
  const std::string total = "~" + rounded(estimate_);
  if (done >= estimate_) return "past the estimate of " + total;
  const auto pct = static_cast<std::uint64_t>(std::floor(100 * done / estimate_));
  std::string text = "\u2248 " + std::to_string(pct) + "% of " + total;
  if (done > 0 && elapsed > 0) text += ", ETA " + duration((estimate_ - done) * elapsed / done);
  return text;
}

void ProgressLine::draw(double elapsed, const Stats& stats, std::size_t depth) {
  const double rate = elapsed > 0 ? static_cast<double>(stats.executions) / elapsed : 0.0;
  line_ = "\rweft: " + strategy_ + "  " + grouped(stats.executions) + " executions  (" +
          grouped(static_cast<std::uint64_t>(std::llround(rate))) + "/s)";
  if (exhaustive_) line_ += "  depth " + std::to_string(depth) + "  pruned " + grouped(stats.pruned);
  if (stats.dpor_source_from > 0) line_ += "  source-DPOR from execution " + grouped(stats.dpor_source_from);
  if (estimate_ > 0) line_ += "  " + estimate_text(elapsed, stats);
  // Columns, not bytes: a UTF-8 continuation byte (the "≈") takes none.
  const auto width = static_cast<std::size_t>(
      std::count_if(line_.begin(), line_.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
  if (width < width_) line_.append(width_ - width, ' ');
  width_ = width;
  drawn_ = true;
  out_.write(line_);
}

}  // namespace weft::model
