#pragma once
// weft::Name: the name a user gives a weft object, shown in every report (docs/labels.md).
#include <string>
#include <string_view>
#include <utility>

namespace weft {

/// A name for a Shared/Atomic, Semaphore, BoundedSemaphore, Barrier, Queue (and its variants)
/// or ThreadPoolExecutor, passed as the constructor's first argument:
/// `weft::Shared<int> counter{weft::Name{"counter"}, 0};`. Reports then call the object
/// `counter (Shared#4)` instead of `Shared#4` (docs/labels.md). Lock, RLock, Condition and
/// Event take the name as a plain string instead (`weft::Lock l{"accounts"};`).
/// Explicit, so a string is never taken for a name where it could be a value. An empty name
/// is no name. Names never change what is explored: ids, schedules and counts stay the same.
struct Name {
  explicit Name(std::string_view name) : text(name) {}
  std::string text;
};

}  // namespace weft
