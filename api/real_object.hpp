#pragma once
// Guards the real-thread side of a primitive: an object created inside a simulation has no
// real state, and using it on real threads is a clear error rather than a hang.
#include <memory>
#include <source_location>
#include <string>

#include <weft/detail/sim_handle.hpp>
#include <weft/errors.hpp>

namespace weft::detail {

/// `state`, or RuntimeError naming the object by `type` and, if it has one, its `name`
/// (docs/labels.md).
template <class T>
T& real_state(const std::unique_ptr<T>& state, const char* type, std::source_location where,
              const SimName& name = nullptr) {
  if (!state)
    throw RuntimeError(std::string("this ") + type + (name ? " (" + *name + ")" : std::string()) +
                           " was created inside a simulated execution; it cannot be used on real threads "
                           "(create it outside explore(), or use it only inside)",
                       where);
  return *state;
}

}  // namespace weft::detail
