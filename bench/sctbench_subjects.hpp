#pragma once
// SCTBench's CS programs (Thomson, Donaldson & Betts, PPoPP'14 / TOPC'16) ported to weft, for
// bench/sctbench_bench.cpp. Each runs as one explore() body; a bug shows as a failed
// weft::check or a deadlock.
//
// Ports: globals become Shared<int> created in the body, pthread mutexes become Locks,
// ESBMC atomic sections (a global mutex in SCTBench's pthread build) become one Lock, and
// assert becomes weft::check. Threads are created and joined in the order of the programs
// the SURW artifact ran (PERIOD's evaluation/CS/<name>/<name>_bad.c): lazy01 creates its
// checker first, account and token_ring join in reverse. Creation order matters to every
// sampler: with lazy01's checker created last, random needed 2.3 executions instead of 9.2.

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
