// The public name helpers of <weft/replay_names.hpp>: which thread names and object labels
// survive an edit that renumbers ids (docs/replay.md).
#include <weft/replay_names.hpp>

namespace weft {

bool is_given_thread_name(std::string_view name) {
  constexpr std::string_view kAuto = "Thread-";  // api/thread.cpp's automatic names
  if (name.empty()) return false;
  if (!name.starts_with(kAuto) || name.size() == kAuto.size()) return true;
  for (const char c : name.substr(kAuto.size()))
    if (c < '0' || c > '9') return true;
  return false;
}

std::string given_object_name(std::string_view label) {
  // "name (Kind#id)" (sim/execution.cpp, docs/labels.md); the kind and id hold no parenthesis.
  if (!label.ends_with(")")) return "";
  const std::size_t open = label.rfind(" (");
  if (open == std::string_view::npos || open == 0) return "";
  const std::string_view inner = label.substr(open + 2, label.size() - open - 3);
  if (inner.find('#') == std::string_view::npos) return "";
  return std::string(label.substr(0, open));
}

RecordedNames recorded_names(const std::vector<std::string>& thread_names,
                             const std::vector<std::string>& object_labels) {
  RecordedNames names;
  for (const std::string& n : thread_names) names.threads.push_back(is_given_thread_name(n) ? n : "");
  for (const std::string& l : object_labels) names.objects.push_back(given_object_name(l));
  return names;
}

}  // namespace weft
