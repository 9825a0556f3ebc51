#!/usr/bin/env bash
# Installs the build tree's weft into a scratch prefix and builds + runs the consumer project
# against it, twice: once with rapidcheck disabled (find_package(weft) must not need it; builds
# and runs `consumer`: weft::weft + weft::lincheck), once with it (builds and runs
# `consumer_rapidcheck`: a weft::rc property). Usage: run.sh BUILD_DIR CONSUMER_SOURCE_DIR [SANITIZERS]
set -eu
build="$1"; src="$2"; sanitize="${3:-}"
flags=()
if [ -n "$sanitize" ]; then
  flags=(-DCMAKE_CXX_FLAGS="-fsanitize=$sanitize" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=$sanitize")
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
for header in weft/linearizable.hpp weft/lin/history.hpp weft/rapidcheck.hpp weft/rapidcheck/linearizability.hpp; do
  [ -f "$work/prefix/include/$header" ] || { echo "run.sh: $header was not installed"; exit 1; }
done

cmake -S "$src" -B "$work/plain" -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_BUILD_TYPE=Release \
  -DCONSUMER_WITH_RAPIDCHECK=OFF -DCMAKE_DISABLE_FIND_PACKAGE_rapidcheck=ON --no-warn-unused-cli "${flags[@]}" >/dev/null
cmake --build "$work/plain" -j2 --target consumer >/dev/null
"$work/plain/consumer"

cmake -S "$src" -B "$work/rc" -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_BUILD_TYPE=Release "${flags[@]}" >/dev/null
cmake --build "$work/rc" -j2 --target consumer_rapidcheck >/dev/null
"$work/rc/consumer_rapidcheck"
