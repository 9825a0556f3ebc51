// The real-thread Condition's waiter queue (os/os_condition.hpp).
#include "os_condition.hpp"

namespace weft::detail {

std::shared_ptr<OsWaiter> OsCondition::enroll() {
  auto token = std::make_shared<OsWaiter>();
  std::lock_guard g(m_);
  waiters_.push_back(token);
  return token;
}

void OsCondition::forget(const std::shared_ptr<OsWaiter>& token) {
  std::lock_guard g(m_);
  for (auto it = waiters_.begin(); it != waiters_.end(); ++it)
    if (*it == token) {
      waiters_.erase(it);
      break;
    }
}

void OsCondition::notify(std::size_t n) {
  std::lock_guard g(m_);
  for (std::size_t i = 0; i < n && !waiters_.empty(); ++i) {
    waiters_.front()->release();
    waiters_.pop_front();
  }
}

std::size_t OsCondition::waiters() {
  std::lock_guard g(m_);
  return waiters_.size();
}

}  // namespace weft::detail
