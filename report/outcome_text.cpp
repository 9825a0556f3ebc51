// The outcome histogram as text (weft::Outcome::text, weft::Outcomes::table; docs/outcomes.md).
#include <weft/outcomes.hpp>

#include <algorithm>
#include <string>

#include "report/number_text.hpp"

namespace weft {

namespace {
std::string pad_left(const std::string& s, std::size_t width) {
  return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}
std::string pad_right(const std::string& s, std::size_t width) {
  return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

// "  data race in 2 of 2: T1 (Thread-1) wrote Shared#1 ..."
std::string finding_line(const OutcomeFinding& f, const Outcome& o) {
  return std::string(to_string(f.kind)) + " in " + report::grouped(f.count) + " of " + report::grouped(o.count) +
         ": " + f.message;
}
}  // namespace

bool Outcome::same_state(const Outcome& other) const {
  if (failure != other.failure || values.size() != other.values.size()) return false;
  for (std::size_t i = 0; i < values.size(); ++i)
    if (values[i].object != other.values[i].object || values[i].value != other.values[i].value) return false;
  return true;
}

std::string Outcome::text() const {
  std::string s = failure ? std::string(to_string(*failure)) : std::string("ok");
  s += ": ";
  if (values.empty()) return s + "(nothing written)";
  for (std::size_t i = 0; i < values.size(); ++i)
    s += (i == 0 ? "" : ", ") + values[i].label + " == " + std::to_string(values[i].value);
  return s;
}

std::uint64_t Outcomes::total() const noexcept {
  std::uint64_t n = 0;
  for (const Outcome& o : outcomes) n += o.count;
  return n;
}

std::string Outcomes::counting() const {
  switch (unit) {
    case OutcomeUnit::trace:
      return "counts are per Mazurkiewicz trace: the dpor search was complete and ran each class of equivalent "
             "interleavings once";
    case OutcomeUnit::interleaving:
      return "counts are per interleaving: the dfs search was complete and ran each distinct interleaving once";
    case OutcomeUnit::execution: break;
  }
  if (stats.exhaustive)
    return "counts are per execution: the " + std::string(to_string(stats.strategy)) +
           " search stopped before it was complete, so they cover part of its space";
  return "counts are per sampled execution (" + stats.what_ran() +
         "): they show how often this strategy reached each outcome, not how often a real machine would";
}

std::string Outcomes::table() const {
  std::size_t width = std::string("outcome").size();
  for (const Outcome& o : outcomes) width = std::max(width, o.text().size());
  std::string s = pad_left("count", 9) + "   share  " + pad_right("outcome", width) + "  schedule\n";
  for (const Outcome& o : outcomes) {
    s += pad_left(report::grouped(o.count), 9) + "  " + pad_left(report::percent(o.share), 6) + "  " +
         pad_right(o.text(), width) + "  " + o.schedule + "\n";
    for (const OutcomeFinding& f : o.findings) s += std::string(19, ' ') + finding_line(f, o) + "\n";
  }
  s += report::grouped(total()) + " execution" + (total() == 1 ? "" : "s") + " counted, " +
       report::grouped(outcomes.size()) + " outcome" + (outcomes.size() == 1 ? "" : "s") + " (" + stats.what_ran() +
       "; " + report::grouped(stats.pruned) + " pruned)\n";
  return s + counting() + "\n";
}

}  // namespace weft
