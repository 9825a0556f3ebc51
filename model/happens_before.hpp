#pragma once
// The happens-before edges of weft's operations, in one table beside model/dependency.hpp:
// what each committed operation does to the vector clocks of the race and lock-order
// detectors (detect/). Documented in docs/detectors.md.
//
//   op                                 effect          clocks (C_t: thread t's vector clock)
//   thread.start (object = child)      fork            C_child |= C_t, then t ticks
//   thread.exit                        exit            F_t := C_t (the thread's final clock)
//   thread.join, ok                    join            C_t |= F_child
//   lock/rlock acquire, ok             acquire         C_t |= L_m
//   lock release, ok; rlock release    release         L_m := C_t, then t ticks
//     that leaves depth 0
//   atomic.load                        atomic_load     C_t |= A_x
//   atomic.store                       atomic_store    A_x := C_t, then t ticks
//   atomic.rmw                         atomic_rmw      C_t |= A_x; A_x := C_t, then t ticks
//   peek of a lock (Event.is_set,      observe_lock    C_t |= C_holder and the holder ticks
//     Semaphore value, Lock.locked)                    while some thread holds m, else
//                                                      C_t |= L_m
//   peek of a thread that is not       observe_exit    C_t |= F_child (is_alive() false: it
//     alive                                            ended, as a join would say)
//   condition.notify that woke some    notify          N_c |= C_t, then t ticks
//     waiter
//   condition.wait, notified           woken           C_t |= N_c
//   everything else                    none
//
// The Condition rows add nothing for the race detector (a notify is made holding the lock the
// woken waiter reacquires, so the lock's edge already orders them). They matter to the
// lock-order detector, which leaves the user's lock edges out: a critical section that waits
// for a notify sent after another one cannot run beside it.
//
// Every other primitive (Semaphore, Event, Barrier, Queue, futures, pools, Timer) is built
// from Lock/Condition/Thread operations, so its edges follow: a Queue put happens before the
// get of that item because both hold the queue's lock, a Timer's start before its function.
// weft atomics are sequentially consistent: each store or read-modify-write synchronises with
// every later load (there is no relaxed order to misuse).
//
// Vector clocks with per-thread epochs follow FastTrack (Flanagan & Freund, "FastTrack:
// efficient and precise dynamic race detection", PLDI 2009).
#include <cstdint>

#include <weft/trace.hpp>

namespace weft::model {

/// What a committed operation does to happens-before (see the table above).
enum class SyncEffect : std::uint8_t {
  none, fork, exit, join, acquire, release, atomic_load, atomic_store, atomic_rmw, observe_lock, observe_exit,
  notify, woken
};

constexpr SyncEffect sync_effect(const TraceEvent& e) {
  switch (e.op) {
    case OpKind::thread_start: return SyncEffect::fork;
    case OpKind::thread_exit: return SyncEffect::exit;
    case OpKind::thread_join: return e.ok ? SyncEffect::join : SyncEffect::none;
    case OpKind::lock_acquire:
    case OpKind::rlock_acquire: return e.ok ? SyncEffect::acquire : SyncEffect::none;
    case OpKind::lock_release: return e.ok ? SyncEffect::release : SyncEffect::none;
    case OpKind::rlock_release: return e.ok && e.value == 0 ? SyncEffect::release : SyncEffect::none;
    case OpKind::atomic_load: return SyncEffect::atomic_load;
    case OpKind::atomic_store: return SyncEffect::atomic_store;
    case OpKind::atomic_rmw: return SyncEffect::atomic_rmw;
    case OpKind::cond_notify: return e.value > 0 ? SyncEffect::notify : SyncEffect::none;
    case OpKind::cond_wait: return e.ok ? SyncEffect::woken : SyncEffect::none;
    case OpKind::peek:
      if (e.object_kind == ObjectKind::lock || e.object_kind == ObjectKind::rlock) return SyncEffect::observe_lock;
      if (e.object_kind == ObjectKind::thread && e.value == 0) return SyncEffect::observe_exit;
      return SyncEffect::none;
    default: return SyncEffect::none;
  }
}

}  // namespace weft::model
