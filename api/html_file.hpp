#pragma once
// Options::html_report: a failing explore() or replay() leaves its HTML report in a directory
// (docs/html_report.md, "From tests").
#include <string>
#include <string_view>

#include <weft/options.hpp>
#include <weft/result.hpp>

namespace weft::detail {

/// `name` as a file name stem: letters, digits, '-', '.' and '_' kept, every other run of
/// characters one '_', no leading '.' or '_', at most 120 characters; "" when nothing is left.
std::string html_file_stem(std::string_view name);

/// `r` itself unless it failed and o.html_report names a directory; then the failure's page
/// (weft::html_report) is written there, as <stem>.html from Options::name, else from the
/// running test's name (detail::set_test_name_source), else as the first free
/// weft-failure-<n>.html, and the failure's details end with "HTML report: PATH", or with
/// "HTML report not written: ..." when the file cannot be written. Never throws for that.
Result with_html_report(const Options& o, Result r);

}  // namespace weft::detail
