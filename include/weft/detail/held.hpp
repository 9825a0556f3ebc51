#pragma once
// Holds a Lock, or a Condition's lock, for a scope, acquiring and releasing it with the
// user's source location (so trace rows point at the user's call, not at this file), also
// when unwinding. Works for any type with acquire(blocking, timeout, where) and
// release(where): Lock, RLock, Condition.
#include <source_location>

#include "sim_handle.hpp"

namespace weft::detail {

template <class Lockable>
class Held {
 public:
  Held(Lockable& c, std::source_location where) : c_(c), where_(where) { c_.acquire(true, -1, where_); }
  ~Held() {
    const NoUnwindScope destructor_must_not_throw;
    c_.release(where_);
  }
  Held(const Held&) = delete;
  Held& operator=(const Held&) = delete;

 private:
  Lockable& c_;
  std::source_location where_;
};

}  // namespace weft::detail
