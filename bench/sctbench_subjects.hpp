#pragma once
// SCTBench's CS programs (Thomson, Donaldson & Betts, PPoPP'14 / TOPC'16) ported to weft, for
// bench/sctbench_bench.cpp. Each runs as one explore() body; a bug shows as a failed
// weft::check or a deadlock.
//
// Ports: globals become Shared<int> created in the body, pthread mutexes become Locks,
// ESBMC atomic sections (a global mutex in SCTBench's pthread build) become one Lock, and
// assert becomes weft::check. Two programs return from main without joining (account,
// token_ring); SCTBench's harness and the artifact let the threads finish anyway (the bug
// is reachable only so), so these ports join them at the end.

namespace sctbench {

void account();
void bluetooth_driver();
void deadlock01();
void lazy01();
void stack();
void token_ring();
/// wronglock_bad.c with others = 7, wronglock_3_bad.c with others = 3.
void wronglock(int others);
/// reorder_N: `setters` + `checkers` threads.
void reorder(int setters, int checkers);
/// twostage_N: `writers` + `readers` threads.
void twostage(int writers, int readers);

}  // namespace sctbench
