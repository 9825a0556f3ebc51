// The `weft` executable: the CLI over the built-in scenarios.
#include "scenarios/cli.hpp"

int main(int argc, char** argv) { return weft::cli::main(argc, argv); }
