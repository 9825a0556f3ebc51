#include "os_lock.hpp"

#include "os_clock.hpp"

namespace weft::detail {

bool OsLock::acquire(bool blocking, std::optional<double> timeout) {
  std::unique_lock g(m_);
  if (!locked_) return locked_ = true;
  if (!blocking) return false;
  if (!timeout) {
    cv_.wait(g, [&] { return !locked_; });
  } else if (!cv_.wait_until(g, os::deadline_after(*timeout), [&] { return !locked_; })) {
    return false;
  }
  return locked_ = true;
}

bool OsLock::release() {
  {
    std::lock_guard g(m_);
    if (!locked_) return false;
    locked_ = false;
  }
  cv_.notify_one();
  return true;
}

bool OsLock::locked() const {
  std::lock_guard g(m_);
  return locked_;
}

}  // namespace weft::detail
