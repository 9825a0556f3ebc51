// weft::estimate_search: options from the environment and the watchdog, as weft::explore,
// then the model's estimator; and the one-line summary of an estimate.
#include <weft/estimate.hpp>

#include <cmath>
#include <cstdio>
#include <string>

#include "api/watchdog.hpp"
#include "model/search_estimator.hpp"
#include "report/number_text.hpp"

namespace weft {

namespace {
// x rounded to three significant digits, grouped: 15,362.4 -> "15,400".
std::string about(double x) {
  if (!(x >= 0) || !std::isfinite(x)) return std::to_string(x);
  if (x >= 1e18) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2e", x);
    return buf;
  }
  if (x < 1000) return report::grouped(static_cast<std::uint64_t>(std::llround(x)));
  const double unit = std::pow(10.0, std::floor(std::log10(x)) - 2);
  return report::grouped(static_cast<std::uint64_t>(std::llround(std::round(x / unit) * unit)));
}
}  // namespace

std::string SearchEstimate::summary() const {
  const bool traces = strategy == Strategy::dpor;
  std::string s = std::string(to_string(strategy)) + ": about " + about(size) + (traces ? " traces" : " executions");
  const double pct = relative_error() * 100;
  s += " (";
  if (size > 0) s += pct < 1 ? "±<1%, " : "±" + std::to_string(static_cast<long long>(std::llround(pct))) + "%, ";
  s += report::grouped(probes) + (probes == 1 ? " probe" : " probes");
  if (traces && dead_probes > 0) s += ", " + report::grouped(dead_probes) + " sleep-set blocked";
  return s + ")";
}

SearchEstimate estimate_search(const Options& options, const std::function<void()>& body, std::uint64_t probes) {
  const Options o = options.use_environment ? apply_environment(options) : options;
  const detail::Watchdog watchdog(o.watchdog_seconds);
  return model::estimate_search_size(o, body, probes);
}

}  // namespace weft
