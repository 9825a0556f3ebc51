#include "scenarios/replay_trace.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <vector>

#include <nlohmann/json.hpp>

#include <weft/errors.hpp>

namespace weft::cli {

namespace {

using nlohmann::json;

constexpr const char* kHint = " Pass the file that `weft run NAME --json > FILE` wrote for the failing run.";

[[noreturn]] void bad(const std::string& path, const std::string& what) {
  throw UsageError("--trace '" + path + "': " + what + "." + kHint);
}

json parse_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError("--trace '" + path + "': cannot read it: " + std::strerror(errno) + ".");
  std::ostringstream text;
  text << in.rdbuf();
  try {
    return json::parse(text.str());
  } catch (const json::parse_error& e) {
    bad(path, "it is not JSON (" + std::string(e.what()) + ")");
  }
}

// Writes `name` at `id` of `by_id`, growing it; ids come from the document, so bounded.
void put(std::vector<std::string>& by_id, std::uint64_t id, const std::string& name) {
  if (id >= by_id.size()) by_id.resize(id + 1);
  by_id[id] = name;
}

// One trace row's thread name and object label, by their ids.
void read_row(const std::string& path, const json& row, std::size_t i, std::vector<std::string>& threads,
              std::vector<std::string>& objects) {
  const std::string where = "failure.trace[" + std::to_string(i) + "]";
  constexpr std::uint64_t kMaxId = 1u << 20;  // ids are dense per execution: far above any real one
  const auto id = [&](const char* key) {
    const json* v = row.contains(key) ? &row.at(key) : nullptr;
    if (v == nullptr || !v->is_number_unsigned() || v->get<std::uint64_t>() > kMaxId)
      bad(path, where + " has no thread or object id '" + key + "' (a whole number)");
    return v->get<std::uint64_t>();
  };
  const auto text = [&](const char* key) {
    if (!row.contains(key) || !row.at(key).is_string()) bad(path, where + " has no string '" + key + "'");
    return row.at(key).get<std::string>();
  };
  if (!row.is_object()) bad(path, where + " is not an object");
  put(threads, id("thread"), text("thread_name"));
  if (row.contains("object")) put(objects, id("object"), text("label"));
}

}  // namespace

RecordedTrace read_recorded_trace(const std::string& path) {
  const json doc = parse_file(path);
  if (!doc.is_object() || !doc.contains("format") || doc.at("format") != 1)
    bad(path, "it is not a weft JSON document of format 1 (no \"format\": 1 at its top)");
  if (!doc.contains("failure") || doc.at("failure").is_null())
    bad(path, "the run it records found no failure, so there is nothing to replay");
  const json& failure = doc.at("failure");
  if (!failure.is_object() || !failure.contains("schedule") || !failure.at("schedule").is_string() ||
      failure.at("schedule").get<std::string>().empty())
    bad(path, "its failure has no schedule string (failure.schedule)");
  if (!failure.contains("trace") || !failure.at("trace").is_array())
    bad(path, "its failure has no trace rows (failure.trace)");
  std::vector<std::string> threads, objects;
  const json& rows = failure.at("trace");
  for (std::size_t i = 0; i < rows.size(); ++i) read_row(path, rows[i], i, threads, objects);
  return {failure.at("schedule").get<std::string>(), recorded_names(threads, objects)};
}

}  // namespace weft::cli
