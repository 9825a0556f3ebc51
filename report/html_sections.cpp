// html_report's sections above the lane table: a deadlock's wait-for cycle (an SVG and a
// list) and the marked steps of a race or a lock-order inversion (docs/html_report.md).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "report/html_parts.hpp"
#include "report/trace_table.hpp"

namespace weft::report::html {

namespace {

std::string thread_text(ThreadId t, const std::string& name) {
  return escape(thread_id(t) + (name.empty() ? "" : " (" + name + ")"));
}

std::string waiter_object(const DeadlockGraph::Waiter& w) {
  if (w.object == kNoObject) return escape(w.object_label);
  return "<span class=\"obj\" data-object=\"" + std::to_string(w.object) + "\">" + escape(w.object_label) + "</span>";
}

// One line of the wait-for list: "T1 (a) waits in lock.acquire for Lock#2 at x.cpp:13; held by T2 (b) ...".
std::string waiter_item(const DeadlockGraph::Waiter& w) {
  std::string out = "<li data-thread=\"" + std::to_string(w.thread) + "\"><b>" + thread_text(w.thread, w.thread_name) +
                    "</b> waits in " + escape(to_string(w.op));
  if (w.object != kNoObject || w.object_label != "-") out += " for " + waiter_object(w);
  if (const std::string at = short_location(w.where); at != "?") out += " at " + escape(at);
  if (w.holder != kNoThread)
    out += ", held by <b>" + thread_text(w.holder, w.holder_name) + "</b>" +
           (short_location(w.held_at) == "?" ? "" : " (acquired at " + escape(short_location(w.held_at)) + ")");
  else if (w.waits_for != kNoThread)
    out += ", which only " + escape(thread_id(w.waits_for)) + " can end";
  return out + "</li>\n";
}

struct Node {
  std::string text, cls;
  ObjectId object = kNoObject;
};

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// Half the width of a node's box: about 7.8 px per character of 13 px monospace, plus margins.
double half_width(const Node& n) { return std::max(36.0, 3.9 * static_cast<double>(n.text.size()) + 14); }

// An arrow from node a at (x1, y1) to node b at (x2, y2), its ends cut at the boxes, labelled.
std::string edge(const Node& a, double x1, double y1, const Node& b, double x2, double y2) {
  constexpr double half_h = 16;
  const double dx = x2 - x1, dy = y2 - y1, len = std::max(1.0, std::hypot(dx, dy));
  auto cut = [&](const Node& n) {
    return std::min(half_width(n) * std::abs(dx) / len + half_h * std::abs(dy) / len, len / 2 - 8) + 4;
  };
  const double ca = cut(a), cb = cut(b);
  const std::string label = a.cls == "thread" ? "waits for" : "held by";
  return "<line class=\"edge\" x1=\"" + number(x1 + dx * ca / len) + "\" y1=\"" + number(y1 + dy * ca / len) +
         "\" x2=\"" + number(x2 - dx * cb / len) + "\" y2=\"" + number(y2 - dy * cb / len) +
         "\" marker-end=\"url(#arrow)\"/>\n<text class=\"edge-label\" x=\"" + number((x1 + x2) / 2) + "\" y=\"" +
         number((y1 + y2) / 2 + 4) + "\" text-anchor=\"middle\">" + label + "</text>\n";
}

// The cycle drawn as a ring: thread, what it waits for, the next thread, ... back to the first.
std::string cycle_svg(const DeadlockGraph& g) {
  std::vector<Node> nodes;
  double widest = 0;
  for (const ThreadId t : g.cycle) {
    const DeadlockGraph::Waiter* w = g.waiter(t);
    nodes.push_back({thread_id(t) + (w && !w->thread_name.empty() ? " " + w->thread_name : ""), "thread", kNoObject});
    if (w) nodes.push_back({w->object_label, "object", w->object});
  }
  for (const Node& node : nodes) widest = std::max(widest, half_width(node));
  const double n = static_cast<double>(nodes.size()), r = 70.0 + 28.0 * n, cx = r + widest + 10, cy = r + 30;
  const double pi = std::acos(-1.0);
  auto x = [&](std::size_t i) { return cx + r * std::sin(2 * pi * static_cast<double>(i) / n); };
  auto y = [&](std::size_t i) { return cy - r * std::cos(2 * pi * static_cast<double>(i) / n); };
  std::string out = "<svg id=\"cycle-svg\" role=\"img\" aria-label=\"wait-for cycle\" width=\"" + number(2 * cx) +
                    "\" height=\"" + number(2 * cy) + "\" viewBox=\"0 0 " + number(2 * cx) + " " + number(2 * cy) +
                    "\">\n<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" "
                    "markerHeight=\"8\" orient=\"auto\"><path d=\"M0,0 L10,5 L0,10 z\"/></marker></defs>\n";
  for (std::size_t i = 0; i < nodes.size(); ++i) {  // edges first, under the nodes
    const std::size_t j = (i + 1) % nodes.size();
    out += edge(nodes[i], x(i), y(i), nodes[j], x(j), y(j));
  }
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const double hw = half_width(nodes[i]);
    out += "<g class=\"node " + nodes[i].cls + "\"" +
           (nodes[i].object != kNoObject ? " data-object=\"" + std::to_string(nodes[i].object) + "\"" : "") +
           "><rect x=\"" + number(x(i) - hw) + "\" y=\"" + number(y(i) - 16) + "\" width=\"" + number(2 * hw) +
           "\" height=\"32\" rx=\"" + (nodes[i].cls == "thread" ? "4" : "16") + "\"/><text x=\"" + number(x(i)) +
           "\" y=\"" + number(y(i) + 5) + "\" text-anchor=\"middle\">" + escape(nodes[i].text) + "</text></g>\n";
  }
  return out + "</svg>\n";
}

// "T1 -> Lock#2 -> T2 -> Lock#1 -> T1", as DeadlockGraph::message() spells the cycle.
std::string cycle_text(const DeadlockGraph& g) {
  std::string c;
  for (const ThreadId t : g.cycle) {
    const DeadlockGraph::Waiter* w = g.waiter(t);
    c += thread_id(t) + " -> " + (w ? w->object_label : std::string("?")) + " -> ";
  }
  return c + thread_id(g.cycle.front());
}

}  // namespace

std::string deadlock_section(const Failure& f) {
  if (!f.deadlock) return "";
  const DeadlockGraph& g = *f.deadlock;
  std::string out = "<section id=\"deadlock\">\n<h2>Deadlock: who waits for whom</h2>\n";
  if (!g.cycle.empty()) {
    out += "<p>A cycle: each thread waits for something only the next one can give: " + escape(cycle_text(g)) +
           "</p>\n" + cycle_svg(g) + "<ol class=\"cycle\">\n";
    for (const ThreadId t : g.cycle)
      if (const DeadlockGraph::Waiter* w = g.waiter(t)) out += waiter_item(*w);
    out += "</ol>\n";
  } else {
    out += "<p>No cycle: the threads below wait for a notify, a set or a release no thread will ever do.</p>\n";
  }
  std::string others;
  for (const DeadlockGraph::Waiter& w : g.waiters)
    if (std::find(g.cycle.begin(), g.cycle.end(), w.thread) == g.cycle.end()) others += waiter_item(w);
  if (!others.empty())
    out += std::string(g.cycle.empty() ? "" : "<p>Also blocked:</p>\n") + "<ul class=\"waiters\">\n" +
           others + "</ul>\n";
  return out + "</section>\n";
}

std::string marked_section(const Failure& f) {
  if (f.marked_steps.empty()) return "";
  std::string out = "<section id=\"marked\">\n<h2>The steps this failure is about</h2>\n<ul>\n";
  for (const std::uint32_t step : f.marked_steps) {
    const TraceEvent* e = nullptr;
    for (const TraceEvent& ev : f.trace.events)
      if (ev.step == step) e = &ev;
    out += "<li><a class=\"marked-link\" href=\"#s" + std::to_string(step) + "\" data-step=\"" + std::to_string(step) +
           "\">step " + std::to_string(step) + "</a>";
    if (e)
      out += ": " + escape(thread_id(e->thread)) + " " + escape(describe_event(f.trace, *e)) +
             (event_location(*e).empty() ? "" : " at " + escape(event_location(*e)));
    out += "</li>\n";
  }
  return out + "</ul>\n</section>\n";
}

}  // namespace weft::report::html
