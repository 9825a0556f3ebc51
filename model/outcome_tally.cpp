#include "model/outcome_tally.hpp"

#include <algorithm>

namespace weft::model {

namespace {
std::optional<FailureKind> kind_of(const std::optional<sim::FailureInfo>& info) {
  return info ? std::optional<FailureKind>(info->kind) : std::nullopt;
}

bool same_values(const std::vector<OutcomeValue>& a, const std::vector<FinalValue>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].object != b[i].object || a[i].value != b[i].value) return false;
  return true;
}

// The first line of a report message (a detector's may run on).
std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }
}  // namespace

Outcome& OutcomeTally::find_or_add(const sim::Execution& ex, const std::optional<sim::FailureInfo>& ended,
                                   const Schedule& schedule) {
  const std::optional<FailureKind> kind = kind_of(ended);
  const std::uint64_t hash = states_.hash(ex.events(), kind);
  const std::vector<FinalValue> values = states_.values(ex.events());
  std::vector<std::size_t>& bucket = by_hash_[hash];
  for (std::size_t index : bucket)
    if (outcomes_[index].failure == kind && same_values(outcomes_[index].values, values)) return outcomes_[index];
  bucket.push_back(outcomes_.size());
  Outcome& o = outcomes_.emplace_back();
  o.failure = kind;
  if (ended) o.message = first_line(ended->message);
  for (const FinalValue& v : values) o.values.push_back(OutcomeValue{v.object, ex.object_label(v.object), v.value});
  o.schedule = encode_schedule(schedule);
  o.first_execution = schedule.execution;
  return o;
}

void OutcomeTally::add(const sim::Execution& ex, const std::optional<sim::FailureInfo>& ended,
                       const std::optional<sim::FailureInfo>& judged, const Schedule& schedule) {
  Outcome& o = find_or_add(ex, ended, schedule);
  ++o.count;
  // A detector's finding: the judge replaced the program's own ending with its report.
  if (!judged || (ended && judged->kind == ended->kind && judged->message == ended->message)) return;
  const auto same = [&](const OutcomeFinding& f) { return f.kind == judged->kind; };
  auto it = std::find_if(o.findings.begin(), o.findings.end(), same);
  if (it == o.findings.end())
    it = o.findings.insert(o.findings.end(), OutcomeFinding{judged->kind, first_line(judged->message), 0});
  ++it->count;
}

std::vector<Outcome> OutcomeTally::outcomes() const {
  std::vector<Outcome> out = outcomes_;
  std::uint64_t total = 0;
  for (const Outcome& o : out) total += o.count;
  for (Outcome& o : out) o.share = total == 0 ? 0.0 : static_cast<double>(o.count) / static_cast<double>(total);
  return out;
}

}  // namespace weft::model
