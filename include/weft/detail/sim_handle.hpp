#pragma once
// Identity of a public object inside the current simulated execution (internal).
#include <cstdint>
#include <memory>
#include <source_location>
#include <string>
#include <string_view>
#include <type_traits>

#include "../trace.hpp"

namespace weft::sim {
class Execution;  // sim/execution.hpp; opaque to users
}

namespace weft::detail {

struct SimHandle;
class SimResettable;  // detail/sim_reset.hpp

/// The user's name for an object (docs/labels.md); null when unnamed. Shared, so that an
/// execution can keep it for its reports without copying the text.
using SimName = std::shared_ptr<const std::string>;
/// `name` as a SimName: null for an empty name (an empty name is no name).
inline SimName sim_name(std::string_view name) {
  return name.empty() ? nullptr : std::make_shared<const std::string>(name);
}

/// Set by sim/ while an execution runs on this OS thread (its fibers never leave it).
extern constinit thread_local sim::Execution* tls_current_execution;
/// The execution running on this OS thread, or nullptr on real threads. Inline: every weft
/// call asks it first.
inline sim::Execution* current_execution() noexcept { return tls_current_execution; }
/// Gives `h` the next ObjectId of `ex` (kind still unknown). Defined in sim/.
void sim_register(sim::Execution& ex, SimHandle& h) noexcept;

/// While alive on a simulated thread that is being abandoned (its execution ended), blocking
/// operations return at once instead of unwinding it: for weft's own destructors (~Thread
/// joins, a pool's shutdown waits, guards that reacquire), which must not throw. Nothing
/// outside a simulation. See docs/abandonment.md.
class NoUnwindScope {
 public:
  NoUnwindScope() noexcept;
  ~NoUnwindScope();
  NoUnwindScope(const NoUnwindScope&) = delete;
  NoUnwindScope& operator=(const NoUnwindScope&) = delete;

 private:
  sim::Execution* ex_;
};

/// `epoch` names the execution, `id` the dense ObjectId in it. An object constructed inside
/// a simulated execution is numbered at construction, in its creating thread's program order,
/// so ids do not depend on which thread touches the object first (partial-order reduction
/// compares operations of different executions by object id). An object constructed outside
/// (or that outlives one execution) is numbered on its first use in each execution; then, if
/// `reset` is set, that object's own data is put back as it was when the exploration began.
struct SimHandle {
  std::uint64_t epoch = 0;
  std::uint64_t used_epoch = 0;  // == epoch once that execution has used it (its kind is known)
  ObjectId id = kNoObject;
  SimResettable* reset = nullptr;  // the object whose data this handle's first use resets
  bool benign_race = false;        // Shared<T>: races on it are deliberate (not reported)
  bool internal = false;           // a lock inside a weft primitive (Semaphore, Queue...), not
                                   // the user's: lock-order checks ignore it
  SimName name;                    // the user's name (docs/labels.md); set before first use
  SimHandle() noexcept {
    if (sim::Execution* ex = current_execution()) sim_register(*ex, *this);
  }
};

/// Numbers `h`'s object in the simulation running on this OS thread, if any, as its first
/// operation there would (resetting the object's data when it is stale). For reads of that
/// data that are not operations (Barrier::broken, Queue::maxsize...). Defined in sim/.
void sim_touch(SimHandle& h, ObjectKind kind);

/// Scheduling point for a Shared/Atomic access (announce, choose, maybe switch), then the
/// event is committed. Returns the committed event so the caller can attach the value it
/// read or wrote. Defined in sim/.
TraceEvent& sim_memory_access(sim::Execution& ex, SimHandle& h, ObjectKind kind, OpKind op,
                         std::source_location where);
/// A Shared<T> read or write (op): sim_memory_access, except that under
/// SharedPoints::sync_only (and `h` not benign_race) it is no scheduling point: the event is
/// committed within the running thread's current step. Defined in sim/.
TraceEvent& sim_shared_access(sim::Execution& ex, SimHandle& h, OpKind op, std::source_location where);

/// A Lock's acquire as Python's Lock.acquire: blocks until free (blocking, `timeout_s`
/// negative: no deadline, as -1), tries once (non-blocking), or gives up `timeout_s` seconds
/// after the call; returns whether the lock was taken (the arguments are validated already).
/// A plain double, not an optional: GCC passed an optional through the stack, a byte store
/// read back by a wider load that stalled every acquire. And its release (RuntimeError when
/// not locked). Each a whole step, called straight from Lock's methods. Defined in sim/.
bool sim_lock_acquire(sim::Execution& ex, SimHandle& h, bool blocking, double timeout_s, std::source_location where);
/// sim_lock_acquire(ex, h, true, -1, where), the acquire of every lock_guard, compiled for
/// those arguments: no test of a timeout at run time.
bool sim_lock_acquire_untimed(sim::Execution& ex, SimHandle& h, std::source_location where);
void sim_lock_release(sim::Execution& ex, SimHandle& h, std::source_location where);

/// Converts a value to the int64 shown in traces, when T is integral, enum or bool.
template <class T>
constexpr bool kTraceable = std::is_integral_v<T> || std::is_enum_v<T>;

template <class T>
inline void note_value(TraceEvent& ev, const T& v) {
  if constexpr (kTraceable<T>) {
    ev.value = static_cast<std::int64_t>(v);
    ev.has_value = true;
  }
}

}  // namespace weft::detail
