// html_outcomes: the outcome histogram as one self-contained HTML page
// (include/weft/html_report.hpp; docs/html_report.md, "Outcome histogram"). No script: a
// table with a bar per outcome, its findings under it and the schedule that reaches it.
#include <weft/html_report.hpp>

#include <string>

#include "report/html_parts.hpp"
#include "report/number_text.hpp"

namespace weft {

namespace {

using report::html::escape;
using report::percent;

std::string outcome_row(const Outcome& o, std::size_t index) {
  std::string row = "<tr class=\"outcome" + std::string(o.ok() ? " ok" : " failed") +
                    (o.findings.empty() ? "" : " finding") + "\" id=\"o" + std::to_string(index) + "\">";
  row += "<td class=\"n\">" + escape(report::grouped(o.count)) + "</td>";
  row += "<td class=\"share\"><span class=\"bar\" style=\"width:" + percent(o.share) + "\"></span>" +
         escape(percent(o.share)) + "</td>";
  row += "<td class=\"text\">" + escape(o.text());
  for (const OutcomeFinding& f : o.findings)
    row += "<div class=\"finding\">" + escape(to_string(f.kind)) + " in " + escape(report::grouped(f.count)) + " of " +
           escape(report::grouped(o.count)) + ": " + escape(f.message) + "</div>";
  row += "</td><td class=\"schedule\"><code>" + escape(o.schedule) + "</code></td></tr>\n";
  return row;
}

constexpr const char* kOutcomeStyle =
    "table.outcomes td.share{position:relative;min-width:9em}\n"
    "table.outcomes .bar{position:absolute;left:0;top:15%;height:70%;background:#9ecae1;z-index:-1}\n"
    "table.outcomes tr.failed td.text{color:#b00020;font-weight:bold}\n"
    "table.outcomes div.finding{color:#8a4b00;font-weight:normal;font-size:90%}\n"
    "table.outcomes th{text-align:left}\n"
    "table.outcomes td.schedule code{font-size:85%;white-space:nowrap}\n";

}  // namespace

std::string html_outcomes(const Outcomes& h, std::string_view title) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>weft: outcomes of " +
                    escape(title) + "</title>\n<style>\n";
  out += report::html::style();
  out += kOutcomeStyle;
  out += "</style>\n</head>\n<body>\n<section id=\"legend\">\n<h1>Outcomes of " + escape(title) + "</h1>\n";
  out += "<p id=\"summary\">" + escape(report::grouped(h.outcomes.size())) + " distinct outcome" +
         (h.outcomes.size() == 1 ? "" : "s") + " over " + escape(report::grouped(h.total())) + " execution" +
         (h.total() == 1 ? "" : "s") + " counted (" + escape(h.stats.what_ran()) + "; " +
         escape(report::grouped(h.stats.pruned)) + " pruned).</p>\n";
  out += "<p id=\"counting\">" + escape(h.counting()) + ".</p>\n";
  out += "<p>Each schedule replays to its outcome: <code>weft replay " + escape(title) +
         " SCHEDULE</code>, or weft::replay_outcome.</p>\n</section>\n";
  out += "<table class=\"outcomes\">\n<thead><tr><th>count</th><th>share</th><th>outcome</th><th>schedule</th></tr>"
         "</thead>\n<tbody>\n";
  for (std::size_t i = 0; i < h.outcomes.size(); ++i) out += outcome_row(h.outcomes[i], i);
  return out + "</tbody>\n</table>\n</body>\n</html>\n";
}

}  // namespace weft
