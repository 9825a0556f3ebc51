#pragma once
// `--html FILE` of `weft run` and `weft replay`: a failure also written as one self-contained
// HTML page (weft::html_report, docs/html_report.md).
#include <CLI/CLI.hpp>

#include <string>

#include <weft/result.hpp>

namespace weft::cli {

/// Adds `--html FILE` (writing into `path`) to `cmd`.
void add_html_option(CLI::App& cmd, std::string& path);

/// When `path` is not empty and `r` failed, writes weft::html_report(r.failure()) to `path`
/// (replacing it) and says so on stderr. Nothing is written for a passing result. Returns
/// false, after one line on stderr naming the file, when it cannot be written.
bool write_html(const std::string& path, const Result& r);

/// Writes `page` to `path` (replacing it) and says so on stderr; false, after one line on
/// stderr naming the file and the reason, when it cannot.
bool write_page(const std::string& path, const std::string& page);

}  // namespace weft::cli
