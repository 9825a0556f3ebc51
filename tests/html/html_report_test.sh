#!/usr/bin/env bash
# `weft run/replay --html FILE` end to end, read the way a user reads it: each page loaded in
# headless Chromium (docs/html_report.md), its DOM checked after the page's script ran, and a
# screenshot kept in the build directory. Exits 77 (ctest SKIP_RETURN_CODE) when Chromium is
# not installed: developer builds pass without it; scripts/quickstart.sh test installs it.
# Usage: html_report_test.sh path/to/weft OUTPUT_DIR
set -u
weft="$1"
out="$2"
browser=$(command -v chromium || command -v chromium-browser || true)
if [ -z "$browser" ]; then
  echo "SKIP: chromium is not installed (apt-get install chromium; scripts/quickstart.sh test installs it)"
  exit 77
fi
mkdir -p "$out" && out=$(cd "$out" && pwd)  # file:// needs an absolute path
rm -f "$out"/*.html "$out"/*.dom "$out"/*.png
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
fails=0
passes=0
t() { if eval "$2"; then echo "ok   $1"; passes=$((passes + 1)); else echo "FAIL $1"; fails=$((fails + 1)); fi; }

# Any request the page made would go to a dead proxy (port 9, discard) and fail.
chrome() {
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
    --user-data-dir="$profile" --proxy-server=127.0.0.1:9 --virtual-time-budget=2000 "$@" 2>/dev/null
}

# page NAME [weft run flags...]: writes $out/NAME.html, its text report $out/NAME.txt and its DOM $out/NAME.dom.
page() {
  local name="$1"; shift
  "$weft" run "$name" "$@" --html "$out/$name.html" >"$out/$name.txt" 2>"$out/$name.err"
  local rc=$?
  t "$name: a failure is found (exit 1) and the page is written" "[ $rc -eq 1 ] && [ -s $out/$name.html ]"
  t "$name: the page references nothing outside itself" \
    "! grep -Eqi 'https?://|<link|<img|<iframe|@import|<script[^>]*src|url\\([^#]' $out/$name.html"
  chrome --dump-dom "file://$out/$name.html" >"$out/$name.dom"
  t "$name: Chromium ran the page's script" "grep -q 'data-ready=\"1\"' $out/$name.dom"
  # A lane per thread: as many as the text table's thread columns (its header: step | T0 ... | where).
  local lanes dom_lanes failing cursor rows dom_rows sched
  lanes=$(grep -m1 '^step ' "$out/$name.txt" | tr '|' '\n' | grep -c '^ *T[0-9]')
  dom_lanes=$(grep -o '<th class="lane[^"]*"' "$out/$name.dom" | wc -l)
  t "$name: $dom_lanes lanes, one per thread of the text table ($lanes)" "[ $lanes -ge 2 ] && [ $dom_lanes -eq $lanes ]"
  failing=$(grep -o '<tr class="step failing[^"]*"' "$out/$name.dom" | wc -l)
  cursor=$(grep -o '<tr class="step failing[^"]* cursor"' "$out/$name.dom" | wc -l)
  t "$name: one failing step, highlighted, with the cursor on it" "[ $failing -eq 1 ] && [ $cursor -eq 1 ]"
  rows=$(sed -n '/^step /,/^$/p' "$out/$name.txt" | grep -c '^[=> ]*[0-9]')
  dom_rows=$(grep -o '<tr class="step' "$out/$name.dom" | wc -l)
  t "$name: a row per step, as many as the text table ($rows)" "[ $rows -ge 2 ] && [ $dom_rows -eq $rows ]"
  sched=$(grep -o 'weft1:[^ ]*' "$out/$name.txt" | head -n 1)
  t "$name: the schedule string is in the legend" "[ -n '$sched' ] && grep -qF '<code id=\"schedule\">$sched</code>' $out/$name.dom"
}

page lost_update
t "lost_update: the race's two steps are marked and linked" \
  "[ \$(grep -o '<tr class=\"step[^\"]*marked' $out/lost_update.dom | wc -l) -eq 2 ] && [ \$(grep -c 'class=\"marked-link\"' $out/lost_update.dom) -eq 2 ]"

page lock_order_deadlock --lock-order=0
cycle=$(grep -o 'cycle: T.*' "$out/lock_order_deadlock.txt" | head -n 1 | sed 's/^cycle: //; s/>/\&gt;/g')
t "lock_order_deadlock: the wait-for cycle is drawn (SVG) and listed, as the text report has it" \
  "grep -q '<svg id=\"cycle-svg\"' $out/lock_order_deadlock.dom && [ \$(grep -o '<g class=\"node' $out/lock_order_deadlock.dom | wc -l) -eq 4 ] && grep -q '<ol class=\"cycle\">' $out/lock_order_deadlock.dom && grep -qF '$cycle' $out/lock_order_deadlock.dom"
t "lock_order_deadlock: each thread in the cycle waits for a lock held by the other" \
  "[ \$(grep -o 'held by <b>T[12]' $out/lock_order_deadlock.dom | wc -l) -eq 2 ]"

page condition_if_not_while
# producer_consumer passes under every strategy; the longest failing queue scenario stands in.
page seed_producer_consumer_no_sentinel

# The same failure gives the same bytes; replay writes the page too.
"$weft" run lost_update --html "$out/lost_update.again.html" >/dev/null 2>&1
t "the same run writes a byte-identical page" "cmp -s $out/lost_update.html $out/lost_update.again.html"
schedule=$(grep -o 'weft1:[^ ]*' "$out/lost_update.txt" | head -n 1)
"$weft" replay lost_update "$schedule" --html "$out/replay.html" >/dev/null 2>&1; rc=$?
t "weft replay --html writes the page of the replayed failure" \
  "[ $rc -eq 1 ] && grep -q '<code id=\"schedule\">$schedule</code>' $out/replay.html"
"$weft" run locked_counter --strategy dfs --html "$out/passing.html" >/dev/null 2>&1; rc=$?
t "a passing run writes no page" "[ $rc -eq 0 ] && [ ! -e $out/passing.html ]"
"$weft" run lost_update --html "$out/no/such/dir/x.html" >/dev/null 2>"$out/bad.err"; rc=$?
t "an unwritable --html path is bad input (exit 2), named on stderr" "[ $rc -eq 2 ] && grep -q 'no/such/dir/x.html' $out/bad.err"

chrome --screenshot="$out/lock_order_deadlock.png" --window-size=1280,900 "file://$out/lock_order_deadlock.html" >/dev/null
chrome --screenshot="$out/lost_update.png" --window-size=1280,900 "file://$out/lost_update.html" >/dev/null
t "screenshots are taken into the build directory" "[ -s $out/lock_order_deadlock.png ] && [ -s $out/lost_update.png ]"

echo "$passes passed, $fails failed (pages, DOMs and screenshots in $out)"
[ "$fails" -eq 0 ]
