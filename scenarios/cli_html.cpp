#include "scenarios/cli_html.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

#include <weft/html_report.hpp>

namespace weft::cli {

void add_html_option(CLI::App& cmd, std::string& path) {
  cmd.add_option("--html", path,
                 "When a failure is reported, also write it as one self-contained HTML page to FILE: a lane per "
                 "thread, the failing step, a deadlock's cycle (docs/html_report.md)")
      ->type_name("FILE");
}

bool write_html(const std::string& path, const Result& r) {
  if (path.empty() || r.ok()) return true;
  return write_page(path, html_report(r.failure()));
}

bool write_page(const std::string& path, const std::string& page) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (out) out.write(page.data(), static_cast<std::streamsize>(page.size()));
  out.close();
  if (!out) {
    std::fprintf(stderr, "weft: --html: cannot write '%s': %s\n", path.c_str(), std::strerror(errno));
    return false;
  }
  std::fprintf(stderr, "weft: HTML report written to %s\n", path.c_str());
  return true;
}

}  // namespace weft::cli
