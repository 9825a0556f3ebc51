#pragma once
// Runs the `weft` CLI in-process (weft::cli::main) with stdout and stderr captured, for the
// CLI tests in this folder.
#include <catch2/catch.hpp>

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include <unistd.h>

#include "scenarios/cli.hpp"

namespace weft_test {

/// What one CLI invocation returned and printed.
struct Ran {
  int status = -1;
  std::string out, err;
};

/// The whole contents of the temporary file `f`, which it closes.
inline std::string slurp(std::FILE* f) {
  std::string s;
  std::rewind(f);
  char buf[4096];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) s.append(buf, n);
  std::fclose(f);
  return s;
}

/// Runs `weft ARGS...` with stdout and stderr redirected to temporary files; returns the exit
/// status and both outputs.
inline Ran weft_cli(std::vector<std::string> args) {
  args.insert(args.begin(), "weft");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::cout.flush();
  std::fflush(stdout);
  std::fflush(stderr);
  std::FILE* out = std::tmpfile();
  std::FILE* err = std::tmpfile();
  REQUIRE(out != nullptr);
  REQUIRE(err != nullptr);
  const int saved_out = ::dup(1), saved_err = ::dup(2);
  ::dup2(::fileno(out), 1);
  ::dup2(::fileno(err), 2);
  Ran r;
  r.status = weft::cli::main(static_cast<int>(args.size()), argv.data());
  std::cout.flush();
  std::cerr.flush();
  std::fflush(stdout);
  std::fflush(stderr);
  ::dup2(saved_out, 1);
  ::dup2(saved_err, 2);
  ::close(saved_out);
  ::close(saved_err);
  r.out = slurp(out);
  r.err = slurp(err);
  return r;
}

/// The number of '\n' in `s`.
inline std::size_t lines(const std::string& s) {
  std::size_t n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

}  // namespace weft_test
