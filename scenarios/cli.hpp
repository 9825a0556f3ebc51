#pragma once
// The `weft` command line: list, run, replay, explain. Exit status: 0 no failure found, 1 a failure
// found (its report printed), 2 bad input (one line on stderr saying what was wrong).

namespace weft::cli {

/// Runs the command line over the registered scenarios.
int main(int argc, char** argv);

}  // namespace weft::cli
