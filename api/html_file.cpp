// Options::html_report / WEFT_HTML_DIR: the HTML page of a failing explore() or replay(),
// written into a directory under the test's name (docs/html_report.md, "From tests").
#include "api/html_file.hpp"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <exception>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <utility>

#include <fcntl.h>
#include <unistd.h>

#include <weft/html_report.hpp>

namespace weft::detail {

namespace {
std::atomic<TestNameSource> test_name_source{nullptr};

bool safe_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_';
}

// Writes `text` to `path` (O_EXCL: only when it does not exist yet); "" or why not. EEXIST is
// reported as errno in `exists`.
std::string write_file(const std::string& path, const std::string& text, bool exclusive, bool* exists = nullptr) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC | (exclusive ? O_EXCL : O_TRUNC), 0644);
  if (fd < 0) {
    const int error = errno;
    if (exists != nullptr) *exists = error == EEXIST;
    return "cannot create " + path + ": " + std::strerror(error);
  }
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string why = "cannot write " + path + ": " + std::strerror(errno);
      ::close(fd);
      return why;
    }
    done += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) return "cannot write " + path + ": " + std::strerror(errno);
  return "";
}

// Writes the page into `dir`; the path written, or throws std::runtime_error saying why not.
std::string write_page(const std::string& dir, const std::string& stem, const std::string& page) {
  const std::filesystem::path base(dir);
  if (!stem.empty()) {
    const std::string path = (base / (stem + ".html")).string();
    if (std::string why = write_file(path, page, false); !why.empty()) throw std::runtime_error(why);
    return path;
  }
  for (unsigned n = 1; n <= 100000; ++n) {  // no name: the first free number, never overwriting
    const std::string path = (base / ("weft-failure-" + std::to_string(n) + ".html")).string();
    bool exists = false;
    const std::string why = write_file(path, page, true, &exists);
    if (why.empty()) return path;
    if (!exists) throw std::runtime_error(why);
  }
  throw std::runtime_error("no free weft-failure-<n>.html name in " + dir);
}
}  // namespace

void set_test_name_source(TestNameSource source) noexcept { test_name_source.store(source); }

std::string html_file_stem(std::string_view name) {
  std::string out;
  for (const char c : name) {
    if (safe_char(c)) out += c;
    else if (!out.empty() && out.back() != '_') out += '_';
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  std::size_t start = 0;
  while (start < out.size() && (out[start] == '.' || out[start] == '_')) ++start;
  out.erase(0, start);
  if (out.size() > 120) out.resize(120);
  return out;
}

Result with_html_report(const Options& o, Result r) {
  if (o.html_report.empty() || r.ok()) return r;
  Failure f = r.failure();
  std::string note;
  try {
    std::string name = o.name;
    if (name.empty())
      if (const TestNameSource source = test_name_source.load()) name = source();
    note = "HTML report: " + write_page(o.html_report, html_file_stem(name), html_report(f));
  } catch (const std::exception& e) {
    note = std::string("HTML report not written: ") + e.what() +
           " (Options::html_report / WEFT_HTML_DIR must name an existing, writable directory)";
  }
  f.details += (f.details.empty() ? "" : "\n") + note;
  return Result(std::move(f), r.stats());
}

}  // namespace weft::detail
