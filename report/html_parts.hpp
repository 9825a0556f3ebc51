#pragma once
// The pieces of html_report (include/weft/html_report.hpp; docs/html_report.md): escaping,
// the static style and script, the deadlock and marked-steps sections.
#include <string>
#include <string_view>

#include <weft/result.hpp>

namespace weft::report::html {

/// `s` with & < > " ' replaced by entities: safe in text and in quoted attributes.
std::string escape(std::string_view s);

/// "T3", or "T?" for kNoThread.
std::string thread_id(ThreadId t);
/// The trace's label of object `id` ("counter (Shared#4)"), "#<id>" when unknown, "" for none.
std::string object_label(const Trace& trace, ObjectId id);
/// `label` escaped, inside a hoverable <span class="obj" data-object="id">.
std::string object_span(const Trace& trace, ObjectId id);

/// The page's inline stylesheet and script (html_assets.cpp), without <style>/<script> tags.
std::string_view style();
std::string_view script();

/// A deadlock's section: the wait-for cycle as an SVG and as a list, then every other blocked
/// thread; "" when f.deadlock is empty.
std::string deadlock_section(const Failure& f);
/// Links to the marked steps (a race's two accesses, an inversion's acquisitions); "" if none.
std::string marked_section(const Failure& f);

}  // namespace weft::report::html
