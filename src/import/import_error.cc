#include "import/import_error.h"

#include <algorithm>
#include <cstdio>

namespace vafa::import {
namespace {

std::string FormatOne(std::string_view file_name, const ImportError& error) {
  std::string text(file_name);
  if (error.line > 0) {
    text += ':';
    text += std::to_string(error.line);
  }
  text += ": ";
  if (!error.column.empty()) {
    text += "column \"" + error.column + "\": ";
    text += "\"" + error.value + "\": ";
  }
  text += error.reason;
  return text;
}

std::string Plural(int64_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

}  // namespace

std::string Excerpt(std::string_view value) {
  constexpr size_t kMax = 60;
  if (value.size() <= kMax) return std::string(value);
  size_t cut = kMax;
  // Back up to the start of a UTF-8 sequence.
  while (cut > 0 && (static_cast<unsigned char>(value[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  return std::string(value.substr(0, cut)) + "…";
}

std::string JsonString(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
          out += escaped;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

void ImportErrors::Add(int64_t line, std::string_view column,
                       std::string_view value, std::string reason) {
  ++total_;
  if (line != last_line_) {
    ++bad_rows_;
    last_line_ = line;
    last_row_reason_.clear();
  } else {
    last_row_reason_ += "; ";
  }
  if (!column.empty()) {
    last_row_reason_ += column;
    last_row_reason_ += ": ";
  }
  last_row_reason_ += reason;
  ImportError error{line, std::string(column), Excerpt(value), reason};
  auto group = std::find_if(groups_.begin(), groups_.end(),
                            [&](const ImportErrorGroup& g) {
                              return g.reason == reason && g.column == column;
                            });
  if (group == groups_.end() && groups_.size() >= kMaxGroups) {
    constexpr std::string_view kOther = "other reasons";
    group = std::find_if(groups_.begin(), groups_.end(),
                         [&](const ImportErrorGroup& g) {
                           return g.reason == kOther && g.column == column;
                         });
    if (group == groups_.end()) {
      groups_.push_back({std::string(column), std::string(kOther), 0, {}});
      group = groups_.end() - 1;
    }
  } else if (group == groups_.end()) {
    groups_.push_back({std::string(column), reason, 0, {}});
    group = groups_.end() - 1;
  }
  ++group->count;
  if (group->examples.size() < examples_) group->examples.push_back(error);
  if (kept_.size() < kMaxKept) kept_.push_back(std::move(error));
}

std::vector<ImportErrorGroup> ImportErrors::groups() const {
  std::vector<ImportErrorGroup> sorted = groups_;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const ImportErrorGroup& a, const ImportErrorGroup& b) {
                     return a.count > b.count;
                   });
  return sorted;
}

std::string ImportErrors::Format(std::string_view file_name,
                                 std::string_view heading) const {
  std::string text = std::string(file_name) + ": " + std::string(heading) +
                     ": " + Plural(total_, "error", "errors") + " in " +
                     Plural(bad_rows_, "row", "rows") + "\n";
  const std::vector<ImportErrorGroup> sorted = groups();
  text += "  count\tcolumn\treason\n";
  for (const ImportErrorGroup& group : sorted) {
    text += "  " + std::to_string(group.count) + "\t" +
            (group.column.empty() ? "-" : group.column) + "\t" + group.reason +
            "\n";
  }
  for (const ImportErrorGroup& group : sorted) {
    for (const ImportError& error : group.examples) {
      text += FormatOne(file_name, error) + "\n";
    }
    const int64_t hidden =
        group.count - static_cast<int64_t>(group.examples.size());
    if (hidden > 0) {
      text += "  (" + std::to_string(hidden) +
              " more errors of this kind not shown)\n";
    }
  }
  return text;
}

std::string ImportErrors::ToJson(std::string_view file_name) const {
  std::string json = "{\"file\":" + JsonString(file_name) +
                     ",\"errors\":" + std::to_string(total_) +
                     ",\"bad_rows\":" + std::to_string(bad_rows_) +
                     ",\"groups\":[";
  bool first_group = true;
  for (const ImportErrorGroup& group : groups()) {
    if (!first_group) json += ',';
    first_group = false;
    json += "{\"column\":" + JsonString(group.column) +
            ",\"reason\":" + JsonString(group.reason) +
            ",\"count\":" + std::to_string(group.count) + ",\"examples\":[";
    bool first_example = true;
    for (const ImportError& error : group.examples) {
      if (!first_example) json += ',';
      first_example = false;
      json += "{\"line\":" + std::to_string(error.line) +
              ",\"value\":" + JsonString(error.value) +
              ",\"reason\":" + JsonString(error.reason) + "}";
    }
    json += "]}";
  }
  return json + "]}";
}

}  // namespace vafa::import
