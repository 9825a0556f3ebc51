#include "timeout_rules.hpp"

#include <cmath>

#include <weft/errors.hpp>

namespace weft::detail {

namespace {
void check_not_nan(double t, std::source_location where) {
  if (std::isnan(t)) throw ValueError("Invalid value NaN (not a number)", where);
}
void check_not_too_large(double t, std::source_location where) {
  if (t > TIMEOUT_MAX) throw OverflowError("timeout value is too large", where);
}
}  // namespace

std::optional<double> lock_timeout(bool blocking, double timeout, std::source_location where) {
  if (blocking && timeout == -1) return std::nullopt;  // the default: checked first, it is the hot path
  check_not_nan(timeout, where);
  if (!blocking) {
    if (timeout != -1) throw ValueError("can't specify a timeout for a non-blocking call", where);
    return 0.0;
  }
  if (timeout == -1) return std::nullopt;
  if (timeout < 0) throw ValueError("timeout value must be a non-negative number", where);
  check_not_too_large(timeout, where);
  return timeout;
}

std::optional<double> join_timeout(const OptSeconds& timeout, std::source_location where) {
  if (!timeout) return std::nullopt;
  const double t = timeout->count();
  check_not_nan(t, where);
  check_not_too_large(t, where);
  return t < 0 ? 0.0 : t;
}

double sleep_duration(double seconds, std::source_location where) {
  check_not_nan(seconds, where);
  if (seconds < 0) throw ValueError("sleep length must be non-negative", where);
  if (seconds > TIMEOUT_MAX) throw OverflowError("sleep length is too large", where);
  return seconds;
}

}  // namespace weft::detail
