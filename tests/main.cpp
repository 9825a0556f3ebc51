// The Catch2 main of the test suite (rapidcheck properties run inside Catch2 tests).
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
