#include "os_rlock.hpp"

#include "os_clock.hpp"

namespace weft::detail {

bool OsRLock::acquire(std::uint64_t me, bool blocking, std::optional<double> timeout, std::uint32_t restore) {
  std::unique_lock g(m_);
  auto free_or_mine = [&] { return count_ == 0 || owner_ == me; };
  if (!free_or_mine()) {
    if (!blocking) return false;
    if (!timeout) {
      cv_.wait(g, free_or_mine);
    } else if (!cv_.wait_until(g, os::deadline_after(*timeout), free_or_mine)) {
      return false;
    }
  }
  owner_ = me;
  count_ = restore > 0 ? restore : count_ + 1;
  return true;
}

std::uint32_t OsRLock::release(std::uint64_t me, bool all) {
  std::uint32_t released;
  {
    std::lock_guard g(m_);
    if (count_ == 0 || owner_ != me) return 0;
    released = all ? count_ : 1;
    count_ -= released;
    if (count_ != 0) return released;
    owner_ = 0;
  }
  cv_.notify_one();
  return released;
}

bool OsRLock::locked() const {
  std::lock_guard g(m_);
  return count_ > 0;
}

std::uint32_t OsRLock::depth_of(std::uint64_t me) const {
  std::lock_guard g(m_);
  return owner_ == me ? count_ : 0;
}

}  // namespace weft::detail
