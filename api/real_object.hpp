#pragma once
// Guards the real-thread side of a primitive: an object created inside a simulation has no
// real state, and using it on real threads is a clear error rather than a hang.
#include <memory>
#include <source_location>
#include <string>

#include <weft/errors.hpp>

namespace weft::detail {

template <class T>
T& real_state(const std::unique_ptr<T>& state, const char* type, std::source_location where) {
  if (!state)
    throw RuntimeError(std::string("this ") + type +
                           " was created inside a simulated execution; it cannot be used on real threads "
                           "(create it outside explore(), or use it only inside)",
                       where);
  return *state;
}

}  // namespace weft::detail
