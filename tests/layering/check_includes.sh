#!/usr/bin/env bash
# The layering rule, checked on the sources: every library folder may include only the folders
# below it. The CMake targets cannot enforce it (each has the repository root on its include
# path), so this test reads every #include line instead and fails, naming file:line and the
# rule broken, when a lower layer includes a higher one.
#
#   vocabulary (include/weft) <- sim <- detect <- model;  os <- vocabulary;  report <- vocabulary;
#   api <- sim, os, model;  lincheck <- vocabulary only;  scenarios, tests, bench, examples on top.
#
# Anyone may include the vocabulary (<weft/...>). include/weft itself includes only its own
# headers: include/weft/detail/ holds the handles and reset hooks that the public classes
# embed and the simulator fills in; it is part of the vocabulary (its "../trace.hpp" stays
# inside include/weft), and nothing in include/weft may name an internal folder.
#
# One named exception: detect/ may include model/dependency.hpp and model/happens_before.hpp.
# They are header-only tables (which operations conflict, which ones order two threads) that
# the detectors and the strategies must share word for word; they include only the vocabulary
# and the standard library, which this script also checks, so they pull nothing of model/
# into detect/.
#
# One door between api/ and sim/: of sim/, api/ includes only sim/sim_ops.hpp (the simulated
# side of each primitive, and what api/ may ask of the running execution) and
# sim/heartbeat.hpp (the OS thread's progress counter the watchdog reads). Everything else
# of Execution stays behind that door.
#
# Usage: check_includes.sh [REPO_ROOT]   (default: two folders up from this script)
set -u

root=$(cd "${1:-$(dirname "$0")/../..}" && pwd)
cd "$root" || exit 2

layers="include/weft sim detect model os report api lincheck"
top="scenarios tests bench examples"

# What each layer may include besides itself and the vocabulary.
allowed_below() {
  case "$1" in
    sim | os | report | lincheck | include/weft) echo "" ;;
    detect) echo "sim report" ;;
    model) echo "detect sim report" ;;
    api) echo "model detect sim os report" ;;
  esac
}
rule_of() {
  case "$1" in
    include/weft) echo "the vocabulary (include/weft) includes nothing outside include/weft" ;;
    sim) echo "vocabulary <- sim: sim includes only the vocabulary and sim/" ;;
    detect) echo "sim <- detect <- model: detect includes only the vocabulary, sim/ and report/" ;;
    model) echo "detect <- model: model includes only the vocabulary, sim/, detect/ and report/" ;;
    os) echo "os <- vocabulary: os includes only the vocabulary and os/" ;;
    report) echo "report <- vocabulary: report includes only the vocabulary and report/" ;;
    api) echo "api <- sim, os, model: api includes nothing from scenarios/, tests/, bench/ or examples/" ;;
    lincheck) echo "lincheck <- vocabulary only: lincheck includes only the vocabulary and lincheck/" ;;
  esac
}
# The only files of sim/ that api/ may include (see above).
api_sim_door_ok() {  # api_sim_door_ok TARGET_PATH
  [[ "$1" == sim/sim_ops.hpp || "$1" == sim/heartbeat.hpp ]]
}
# Header-only files of a higher layer that a lower one may include (see above).
exception_ok() {  # exception_ok FROM_LAYER TARGET_PATH
  [[ "$1" == detect && ( "$2" == model/dependency.hpp || "$2" == model/happens_before.hpp ) ]]
}

# The layer a repository-relative path belongs to ("" if none of ours).
layer_of() {
  local p=$1 l
  for l in $layers $top; do
    if [[ "$p" == "$l"/* ]]; then
      echo "$l"
      return
    fi
  done
  echo ""
}

# Resolve an include as the compiler would: quoted includes first beside the including file,
# then from the repository root (every target's include path) and include/; angle includes
# only from the roots. A name whose first folder is one of ours counts even if the file does
# not exist.
resolve() {  # resolve FILE_DIR QUOTED(0/1) NAME -> repository-relative path or ""
  local dir=$1 quoted=$2 name=$3 cand first
  if [[ $quoted == 1 && -e "$dir/$name" ]]; then
    cand=$(realpath -m --relative-to="$root" "$dir/$name")
  elif [[ -e "$name" ]]; then
    cand=$(realpath -m --relative-to="$root" "$name")
  elif [[ -e "include/$name" ]]; then
    cand=$(realpath -m --relative-to="$root" "include/$name")
  else
    first=${name%%/*}
    if [[ "$name" == */* && -n $(layer_of "$first/x") ]]; then
      cand=$(realpath -m --relative-to="$root" "$name")
    else
      cand=""
    fi
  fi
  echo "$cand"
}

# Every include of FILE that names one of the repository's files, one per line:
# LINE<TAB>NAME<TAB>TARGET<TAB>TARGET_LAYER.
own_includes() {  # own_includes FILE
  local file=$1 dir hit line text quoted name target to
  dir=$(dirname "$file")
  while IFS= read -r hit; do
    line=${hit%%:*}
    text=${hit#*:}
    if [[ "$text" =~ ^[[:space:]]*#[[:space:]]*include[[:space:]]*\"([^\"]+)\" ]]; then
      quoted=1
    elif [[ "$text" =~ ^[[:space:]]*#[[:space:]]*include[[:space:]]*\<([^\>]+)\> ]]; then
      quoted=0
    else
      continue
    fi
    name=${BASH_REMATCH[1]}
    target=$(resolve "$dir" "$quoted" "$name")
    [[ -z "$target" ]] && continue
    to=$(layer_of "$target")
    if [[ -z "$to" ]]; then
      [[ "$target" == ../* ]] || continue
      to="(outside the repository)"
    fi
    printf '%s\t%s\t%s\t%s\n' "$line" "$name" "$target" "$to"
  done < <(grep -nE '^[[:space:]]*#[[:space:]]*include' "$file")
}

violations=0
checked=0
files=0
while IFS= read -r -d '' file; do
  from=$(layer_of "$file")
  files=$((files + 1))
  while IFS=$'\t' read -r line name target to; do
    checked=$((checked + 1))
    [[ "$to" == "$from" || "$to" == include/weft ]] && continue
    ok=0
    for l in $(allowed_below "$from"); do [[ "$to" == "$l" ]] && ok=1; done
    if [[ $ok == 1 && "$from" == api && "$to" == sim ]] && ! api_sim_door_ok "$target"; then
      echo "$file:$line: api/ includes \"$name\": of sim/, api/ includes only sim/sim_ops.hpp and sim/heartbeat.hpp"
      violations=$((violations + 1))
      continue
    fi
    [[ $ok == 1 ]] && continue
    if exception_ok "$from" "$target"; then
      # The exception holds only while the header stays a leaf: it may include the
      # vocabulary and the standard library, nothing else of ours.
      leaf=1
      while IFS=$'\t' read -r l2 n2 t2 to2; do
        if [[ "$to2" != include/weft ]]; then
          [[ $leaf == 1 ]] && echo "$file:$line: $from/ includes \"$name\", allowed only while $target includes nothing but the vocabulary and the standard library, but:"
          echo "  $target:$l2: includes \"$n2\" ($to2/)"
          leaf=0
        fi
      done < <(own_includes "$target")
      [[ $leaf == 1 ]] || violations=$((violations + 1))
      continue
    fi
    echo "$file:$line: $from/ includes \"$name\" ($to/): breaks \"$(rule_of "$from")\""
    violations=$((violations + 1))
  done < <(own_includes "$file")
done < <(find $layers -type f \( -name '*.hpp' -o -name '*.cpp' -o -name '*.h' -o -name '*.ipp' -o -name '*.inl' \) -print0 | sort -z)

if [[ $violations -gt 0 ]]; then
  echo "layering: $violations include(s) point up the layers (rule: README, Architecture)"
  exit 1
fi
echo "layering: $checked includes of the repository's own headers in $files files, none points up the layers"
