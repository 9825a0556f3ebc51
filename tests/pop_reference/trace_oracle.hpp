// The brute-force oracle of the POP reference (docs/pop_notes.md, "A prototype against an
// oracle"): the Mazurkiewicz traces of a toy program's complete runs, deadlocked runs included.
#pragma once

#include <cstdint>
#include <set>
#include <vector>

#include "program.hpp"

namespace pop_ref {

// A trace's identity: the thread ids, in order, of the lexicographically least linearisation
// of a run under `dependent` (program.hpp). Two runs have the same key iff they are
// equivalent (same events, same order of every dependent pair).
using TraceKey = std::vector<int>;

// The key of a run, given as the threads it stepped in order. The run must be feasible from
// the initial state of `program`.
TraceKey trace_of(const Program& program, const std::vector<int>& run);

// Every trace of the program's complete runs (no thread enabled at the end), found by running
// every interleaving and keying each complete run with trace_of. Stops after `max_runs`
// complete runs and then sets *truncated (if given); the set is then partial.
std::set<TraceKey> traces_by_interleavings(const Program& program, std::uint64_t max_runs,
                                           bool* truncated = nullptr);

// The same set, faster: enumerates only runs whose every prefix is in lexicographic normal
// form (no earlier event of a higher thread that the new event commutes with along with all
// events after it), which is exactly one run per trace. Cross-checked against
// traces_by_interleavings by the tests.
std::set<TraceKey> traces_by_normal_forms(const Program& program);

}  // namespace pop_ref
