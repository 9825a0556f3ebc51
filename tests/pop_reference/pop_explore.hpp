// The POP recursion of the POP reference: Explore(S) of docs/pop_notes.md ("The algorithm,
// as a recursion"), from "Parsimonious Optimal DPOR" (Abdulla, Atig, Das, Jonsson, Sagonas,
// CAV 2024, arXiv 2405.11128) as reconstructed there, with the end-of-run blocked-lock fix,
// changes D, G, H, I and J (docs/pop_notes.md, "A prototype against an oracle") and changes
// K and L, which this reference adds (pop_records.hpp, pop_run.hpp).
#pragma once

#include <cstdint>
#include <vector>

#include "pop_run.hpp"
#include "program.hpp"
#include "trace_oracle.hpp"

namespace pop_ref {

// What an exploration did.
struct PopResult {
  std::vector<TraceKey> executions;     // each complete run's trace, in the order run
  std::uint64_t rejected = 0;           // candidate schedules rejected by records
  std::uint64_t incomplete_runs = 0;    // runs cut short by change D (not executions)
  std::uint64_t skipped_lock_pairs = 0; // races skipped by change I
  int max_depth = 0;                    // deepest nesting of Explore
  bool capped = false;                  // stopped at max_runs; the result is partial
};

// Explores `program` with POP from the empty schedule, eagerly and depth first, and returns
// every run's trace (keyed by trace_of). Stops after max_runs runs.
PopResult explore_pop(const Program& program, const PopOptions& options = {},
                      std::uint64_t max_runs = 1'000'000);

}  // namespace pop_ref
