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
rm -f "$out"/*.html "$out"/*.dom "$out"/*.png "$out"/*.harness.txt "$out"/*.steps
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
  # The page has a row per step: the text table it is compared with is the one of --internals.
  "$weft" run "$name" "$@" --internals --html "$out/$name.html" >"$out/$name.txt" 2>"$out/$name.err"
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
# A producer/consumer failure of 200 steps or more: 30 items through a Queue(5), two consumers,
# one sentinel (producer_consumer itself passes under every strategy).
page two_consumers_one_sentinel
pc_rows=$(sed -n '/^step /,/^$/p' "$out/two_consumers_one_sentinel.txt" | grep -c '^[=> ]*[0-9]')
t "two_consumers_one_sentinel: at least 200 steps, a row each ($pc_rows)" \
  "[ $pc_rows -ge 200 ] && [ \$(grep -o '<tr class=\"step' $out/two_consumers_one_sentinel.dom | wc -l) -eq $pc_rows ]"
t "two_consumers_one_sentinel: 4 lanes (MainThread, producer, consumer-a, consumer-b)" \
  "[ \$(grep -o '<th class=\"lane[^\"]*\"' $out/two_consumers_one_sentinel.dom | wc -l) -eq 4 ] && grep -q 'T3 consumer-b</th>' $out/two_consumers_one_sentinel.dom"
t "two_consumers_one_sentinel: the failing step is the last step, the blocked consumer's get()" \
  "grep -o '<tr class=\"step[^\"]*\" id=\"s[0-9]*\"' $out/two_consumers_one_sentinel.dom | tail -n 1 | grep -q 'step failing'"
t "two_consumers_one_sentinel: long runs of one thread are folded" \
  "grep -q '<tr class=\"fold\"' $out/two_consumers_one_sentinel.dom"

# Keys, hover and folds, really pressed: a harness page (beside the report, so
# --allow-file-access-from-files lets it read the report's document in an iframe) dispatches
# keydown and mouseover events and clicks a fold, and writes what the page did into its own
# DOM, which --dump-dom prints as key=value lines.
interact() {
  local name="$1"
  cat >"$out/$name.harness.html" <<HARNESS
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>harness</title></head><body>
<pre id="out">not run</pre>
<iframe id="report" src="$name.html" width="1200" height="800"></iframe>
<script>
document.getElementById('report').addEventListener('load', function () {
  var lines = [];
  function put(k, v) { lines.push(k + '=' + v); }
  try {
    var w = this.contentWindow, d = w.document;
    put('ready', d.body.getAttribute('data-ready'));
    var all = function (sel) { return d.querySelectorAll(sel).length; };
    var cur = function () {
      var c = d.querySelectorAll('tr.step.cursor');
      return c.length === 1 ? c[0].getAttribute('data-step') : 'cursors:' + c.length;
    };
    var key = function (k) {
      d.dispatchEvent(new w.KeyboardEvent('keydown', {key: k, bubbles: true, cancelable: true}));
      return cur();
    };
    put('start', cur());
    put('left', key('ArrowLeft'));
    put('left_right', key('ArrowRight'));
    put('home', key('Home'));
    put('home_left', key('ArrowLeft'));
    put('home_right', key('ArrowRight'));
    put('home_right_right', key('ArrowRight'));
    put('home_right_right_left', key('ArrowLeft'));
    put('end', key('End'));
    put('end_right', key('ArrowRight'));
    put('status', d.getElementById('cursor-status').textContent);
    // The first object of a step row that is not a thread (T1's start, join and exit rows
    // touch T1, but its exit row does not name it).
    var span = Array.prototype.filter.call(d.querySelectorAll('tr.step span.obj[data-object]'), function (s) {
      return !/^T[0-9]+\$/.test(s.textContent);
    })[0];
    put('object', span ? span.textContent : '');
    if (span) {
      span.dispatchEvent(new w.MouseEvent('mouseover', {bubbles: true}));
      put('touched_rows', all('tr.step.touch'));
      put('rows_of_object', all('tr.step[data-object="' + span.getAttribute('data-object') + '"]'));
      put('touched_other_rows', all('tr.step.touch:not([data-object="' + span.getAttribute('data-object') + '"])'));
      span.dispatchEvent(new w.MouseEvent('mouseout', {bubbles: true}));
      put('touched_after_out', all('.touch'));
    }
    var fold = d.querySelector('tr.fold');
    put('folds', all('tr.fold'));
    if (fold) {
      var id = fold.getAttribute('data-fold');
      var rows = d.querySelectorAll('tr.step[data-fold="' + id + '"]');
      put('fold_says', (fold.textContent.match(/([0-9]+) more steps/) || [])[1]);
      put('fold_rows', rows.length);
      put('fold_hidden_before', w.getComputedStyle(rows[0]).visibility);
      fold.firstElementChild.click();
      put('fold_open_after_click', all('tr.step.open[data-fold="' + id + '"]'));
      put('fold_shown_after_click', w.getComputedStyle(rows[0]).visibility);
      fold.firstElementChild.click();
      put('fold_open_after_second_click', all('tr.step.open[data-fold="' + id + '"]'));
      // The cursor opens a fold it steps into: Home, then ArrowRight up to the fold's first row.
      var steps = Array.prototype.slice.call(d.querySelectorAll('tr.step'));
      key('Home');
      for (var i = 1; i < steps.indexOf(rows[0]); ++i) key('ArrowRight');
      put('fold_before_cursor', cur() === steps[steps.indexOf(rows[0]) - 1].getAttribute('data-step') ? 'yes' : 'no');
      put('fold_cursor_into', key('ArrowRight'));
      put('fold_first_row', rows[0].getAttribute('data-step'));
      put('fold_open_by_cursor', all('tr.step.open[data-fold="' + id + '"]'));
    }
  } catch (e) {
    put('error', e);
  }
  var o = document.getElementById('out');
  o.textContent = lines.join('\n');
  o.setAttribute('data-done', '1');
});
</script>
</body></html>
HARNESS
  chrome --allow-file-access-from-files --dump-dom "file://$out/$name.harness.html" \
    | sed -n '/<pre id="out"/,/<\/pre>/p' | sed 's/<[^>]*>//g' >"$out/$name.harness.txt"
}
# v KEY: the value the harness wrote for KEY in $harness.
v() { grep -m1 "^$1=" "$out/$harness.harness.txt" | cut -d= -f2-; }
# The text table's step numbers, in order, and its failing step (from the page's DOM as loaded).
steps_of() { sed -n '/^step /,/^$/p' "$out/$1.txt" | grep '^[=> ]*[0-9]' | sed 's/^[=> ]*\([0-9]*\).*/\1/'; }

for harness in lost_update two_consumers_one_sentinel; do
  interact "$harness"
  t "$harness: the harness read the report in its iframe" "[ \"\$(v ready)\" = 1 ] && ! grep -q '^error=' $out/$harness.harness.txt"
  steps_of "$harness" >"$out/$harness.steps"
  first=$(sed -n 1p "$out/$harness.steps"); second=$(sed -n 2p "$out/$harness.steps")
  third=$(sed -n 3p "$out/$harness.steps"); last=$(tail -n 1 "$out/$harness.steps")
  failing=$(grep -o '<tr class="step failing[^>]*' "$out/$harness.dom" | grep -o 'data-step="[0-9]*"' | grep -o '[0-9]*')
  before=$(grep -B1 -x "$failing" "$out/$harness.steps" | head -n 1)
  t "$harness: the cursor starts on the failing step ($failing)" "[ -n '$failing' ] && [ \"\$(v start)\" = '$failing' ]"
  t "$harness: ArrowLeft moves it to the step before ($before), ArrowRight back" \
    "[ \"\$(v left)\" = '$before' ] && [ \"\$(v left_right)\" = '$failing' ]"
  t "$harness: Home goes to the first step ($first); ArrowLeft stays there" \
    "[ \"\$(v home)\" = '$first' ] && [ \"\$(v home_left)\" = '$first' ]"
  t "$harness: ArrowRight, ArrowRight, ArrowLeft: steps $second, $third, $second, in the text table's order" \
    "[ \"\$(v home_right)\" = '$second' ] && [ \"\$(v home_right_right)\" = '$third' ] && [ \"\$(v home_right_right_left)\" = '$second' ]"
  t "$harness: End goes to the last step ($last); ArrowRight stays there" \
    "[ \"\$(v end)\" = '$last' ] && [ \"\$(v end_right)\" = '$last' ]"
  t "$harness: the status line follows the cursor" "v status | grep -q '^cursor: step $last ('"
  object=$(v object)
  # The rows of the text table that name the object (its label, then the column's padding).
  object_rows=$(sed -n '/^step /,/^$/p' "$out/$harness.txt" | grep '^[=> ]*[0-9]' | grep -cF "$object ")
  t "$harness: hovering '$object' highlights exactly its $object_rows rows of the text table" \
    "[ -n '$object' ] && [ $object_rows -ge 2 ] && [ \"\$(v touched_rows)\" = '$object_rows' ] && [ \"\$(v rows_of_object)\" = '$object_rows' ] && [ \"\$(v touched_other_rows)\" = 0 ]"
  t "$harness: leaving it removes the highlight" "[ \"\$(v touched_after_out)\" = 0 ]"
done
harness=two_consumers_one_sentinel
t "$harness: a folded run is hidden, a click opens all its rows, a second click closes it" \
  "[ \"\$(v folds)\" -ge 1 ] && [ \"\$(v fold_rows)\" = \"\$(v fold_says)\" ] && [ \"\$(v fold_hidden_before)\" = collapse ] && [ \"\$(v fold_open_after_click)\" = \"\$(v fold_rows)\" ] && [ \"\$(v fold_shown_after_click)\" = visible ] && [ \"\$(v fold_open_after_second_click)\" = 0 ]"
t "$harness: ArrowRight into a folded run moves the cursor onto its first row and opens it" \
  "[ \"\$(v fold_before_cursor)\" = yes ] && [ \"\$(v fold_cursor_into)\" = \"\$(v fold_first_row)\" ] && [ \"\$(v fold_open_by_cursor)\" = \"\$(v fold_rows)\" ]"

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

# weft explain --html: the outcome histogram as a page, a row per outcome of the text table.
"$weft" explain lost_update --strategy dpor --html "$out/outcomes.html" >"$out/outcomes.txt" 2>/dev/null; rc=$?
t "weft explain --html writes the histogram's page" "[ $rc -eq 1 ] && [ -s $out/outcomes.html ]"
t "the histogram's page references nothing outside itself" \
  "! grep -Eqi 'https?://|<link|<img|<iframe|@import|<script|url\\([^#]' $out/outcomes.html"
chrome --dump-dom "file://$out/outcomes.html" >"$out/outcomes.dom"
outcome_lines=$(grep -c ' weft1:' "$out/outcomes.txt")
dom_outcomes=$(grep -o '<tr class="outcome' "$out/outcomes.dom" | wc -l)
t "the histogram's page has a row per outcome of the text table ($outcome_lines)" \
  "[ $outcome_lines -ge 2 ] && [ $dom_outcomes -eq $outcome_lines ]"
for sched in $(grep -o 'weft1:[^ ]*' "$out/outcomes.txt"); do
  t "the page lists the schedule $sched" "grep -qF '<code>$sched</code>' $out/outcomes.dom"
done

chrome --screenshot="$out/lock_order_deadlock.png" --window-size=1280,900 "file://$out/lock_order_deadlock.html" >/dev/null
chrome --screenshot="$out/lost_update.png" --window-size=1280,900 "file://$out/lost_update.html" >/dev/null
chrome --screenshot="$out/two_consumers_one_sentinel.png" --window-size=1280,900 "file://$out/two_consumers_one_sentinel.html" >/dev/null
chrome --screenshot="$out/outcomes.png" --window-size=1280,600 "file://$out/outcomes.html" >/dev/null
t "screenshots are taken into the build directory" \
  "[ -s $out/lock_order_deadlock.png ] && [ -s $out/lost_update.png ] && [ -s $out/two_consumers_one_sentinel.png ] && [ -s $out/outcomes.png ]"

echo "$passes passed, $fails failed (pages, DOMs and screenshots in $out)"
[ "$fails" -eq 0 ]
