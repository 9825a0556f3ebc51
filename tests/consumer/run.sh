#!/usr/bin/env bash
# Installs the build tree's weft into a scratch prefix and builds + runs the consumer project
# against it. Usage: run.sh BUILD_DIR CONSUMER_SOURCE_DIR [SANITIZERS]
set -eu
build="$1"; src="$2"; sanitize="${3:-}"
flags=()
if [ -n "$sanitize" ]; then
  flags=(-DCMAKE_CXX_FLAGS="-fsanitize=$sanitize" -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=$sanitize")
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
cmake -S "$src" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_BUILD_TYPE=Release "${flags[@]}" >/dev/null
cmake --build "$work/build" -j2 >/dev/null
"$work/build/consumer"
