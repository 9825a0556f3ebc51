// The static half of html_report's page: its stylesheet and script, inlined into every page so
// the file needs nothing else (docs/html_report.md). No URL may appear here: the page must make
// no network request.
#include "report/html_parts.hpp"

namespace weft::report::html {

std::string_view style() {
  return R"CSS(body { font: 14px/1.45 system-ui, sans-serif; margin: 1em 2em; color: #222; background: #fff; }
#legend { border-bottom: 1px solid #ccc; margin-bottom: 1em; }
h1 { font-size: 1.25em; margin: 0.3em 0; } h2 { font-size: 1.1em; }
.kind { color: #b00; }
code, pre, #trace, kbd { font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
.meta, #cursor-status { color: #666; }
pre.details { white-space: pre-wrap; }
kbd { border: 1px solid #aaa; border-radius: 3px; padding: 0 4px; background: #f8f8f8; }
.key { padding: 0 4px; } .key.failing { background: #fcc; } .key.marked { background: #ffe38a; }
#trace { border-collapse: collapse; font-size: 13px; }
#trace th, #trace td { padding: 2px 10px; border-left: 1px solid #e4e4e4; white-space: nowrap; text-align: left; }
#trace thead th { position: sticky; top: 0; background: #f2f2f2; border-bottom: 2px solid #999; }
#trace th.current { background: #d6e4ff; }
#trace td.n { color: #777; text-align: right; }
#trace td.where { color: #666; }
tr.switch td { background: #eee; color: #555; font-size: 12px; font-style: italic; border-left: 0; }
tr.step.touch { background: #e1edff; }
tr.marked { background: #ffe38a; } tr.marked td.n { color: #000; font-weight: bold; }
tr.failing { background: #fcc; } tr.failing td.op { font-weight: bold; color: #900; }
tr.cursor { outline: 2px solid #2a5bd7; outline-offset: -2px; }
tr.folded { visibility: collapse; } tr.folded.open { visibility: visible; }
tr.fold td { cursor: pointer; color: #2a5bd7; background: #f5f8ff; }
tr.blocked td.op { color: #900; font-style: italic; }
td.op { border-left-width: 3px !important; }
td.op.t0 { border-left-color: #888 !important; } td.op.t1 { border-left-color: #2a5bd7 !important; }
td.op.t2 { border-left-color: #d77a2a !important; } td.op.t3 { border-left-color: #2a9d55 !important; }
td.op.t4 { border-left-color: #9b2ad7 !important; } td.op.t5 { border-left-color: #d72a7a !important; }
td.op.t6 { border-left-color: #2aa8d7 !important; } td.op.t7 { border-left-color: #a8a82a !important; }
.obj { border-bottom: 1px dotted #888; cursor: default; }
.obj.touch { background: #9fc1ff; }
#deadlock, #marked { border: 1px solid #e3b0b0; background: #fff8f8; padding: 0.3em 1em; margin-bottom: 1em; }
#cycle-svg .node rect { stroke: #555; stroke-width: 1.5; }
#cycle-svg .thread rect { fill: #fde2e2; } #cycle-svg .object rect { fill: #e6ecff; }
#cycle-svg .node.touch rect { fill: #9fc1ff; }
#cycle-svg text { font: 13px ui-monospace, monospace; }
#cycle-svg .edge { stroke: #b00; stroke-width: 2; }
#cycle-svg .edge-label { font: italic 12px system-ui, sans-serif; fill: #700; }
#cycle-svg .edge-label { paint-order: stroke; stroke: #fff8f8; stroke-width: 4px; }
#cycle-svg marker path { fill: #b00; }
)CSS";
}

std::string_view script() {
  return R"JS((function () {
  'use strict';
  var steps = Array.prototype.slice.call(document.querySelectorAll('tr.step'));
  var status = document.getElementById('cursor-status');
  var cursor = -1;
  function all(sel) { return Array.prototype.slice.call(document.querySelectorAll(sel)); }
  function setFold(id, open) {
    all('[data-fold="' + id + '"]').forEach(function (r) { r.classList.toggle('open', open); });
  }
  function moveTo(i, scroll) {
    if (!steps.length) return;
    i = Math.max(0, Math.min(steps.length - 1, i));
    if (cursor >= 0) steps[cursor].classList.remove('cursor');
    all('th.current').forEach(function (th) { th.classList.remove('current'); });
    cursor = i;
    var row = steps[i];
    if (row.classList.contains('folded')) setFold(row.getAttribute('data-fold'), true);
    row.classList.add('cursor');
    all('th.lane[data-thread="' + row.getAttribute('data-thread') + '"]').forEach(function (th) {
      th.classList.add('current');
    });
    if (scroll !== false && row.scrollIntoView) row.scrollIntoView({block: 'nearest'});
    if (status) status.textContent = 'cursor: step ' + row.getAttribute('data-step') + ' (' + (i + 1) + ' of ' +
        steps.length + ')';
  }
  document.addEventListener('keydown', function (ev) {
    var moves = {ArrowRight: cursor + 1, ArrowLeft: cursor - 1, Home: 0, End: steps.length - 1};
    if (ev.key in moves) { moveTo(moves[ev.key]); ev.preventDefault(); return; }
    if (ev.key === 'Enter' && document.activeElement && document.activeElement.classList.contains('fold')) {
      var f = document.activeElement;
      setFold(f.getAttribute('data-fold'), !f.classList.contains('open'));
    }
  });
  document.addEventListener('click', function (ev) {
    var fold = ev.target.closest('tr.fold');
    if (fold) { setFold(fold.getAttribute('data-fold'), !fold.classList.contains('open')); return; }
    var link = ev.target.closest('a.marked-link');
    var row = ev.target.closest('tr.step');
    if (link) row = document.getElementById('s' + link.getAttribute('data-step'));
    if (row && steps.indexOf(row) >= 0) { moveTo(steps.indexOf(row)); if (link) ev.preventDefault(); }
  });
  function touch(ev, on) {
    var o = ev.target.closest('[data-object]');
    if (!o || o.tagName === 'TR') return;
    all('[data-object="' + o.getAttribute('data-object') + '"]').forEach(function (el) {
      el.classList.toggle('touch', on);
    });
  }
  document.addEventListener('mouseover', function (ev) { touch(ev, true); });
  document.addEventListener('mouseout', function (ev) { touch(ev, false); });
  var failing = document.querySelector('tr.step.failing');
  moveTo(failing ? steps.indexOf(failing) : 0, false);  // the page opens at its top, on the legend
  document.body.setAttribute('data-ready', '1');
})();
)JS";
}

}  // namespace weft::report::html
