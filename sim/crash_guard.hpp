#pragma once
// Process-wide handlers that turn a crash on a simulated thread into a report: a
// std::terminate handler, and a SIGSEGV handler on an alternate signal stack for stack
// overflows into a fiber's guard (docs/abandonment.md).

namespace weft::sim {

/// Installs both handlers unless they are installed (each chains to the one it replaced for
/// faults that are not on a simulated thread), and an alternate signal stack on the calling
/// OS thread unless it has one. Called when an Execution is created, on the exploring thread.
void install_crash_guard();

}  // namespace weft::sim
