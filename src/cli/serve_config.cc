#include "cli/serve_config.h"

#include <fstream>
#include <map>
#include <set>
#include <vector>

#include "core/result.h"
#include "core/trim.h"

namespace vafa::cli {
namespace {

struct ConfigLine {
  int number = 0;
  std::string key;
  std::string value;
};

// The file's settings in file order; an error names the file and line.
Result<std::vector<ConfigLine>> ReadConfig(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Status::Invalid("--config " + path + ": cannot be read");
  std::vector<ConfigLine> lines;
  std::string text;
  for (int number = 1; std::getline(in, text); ++number) {
    if (!text.empty() && text.back() == '\r') text.pop_back();
    std::string_view line = TrimBlanks(text);
    if (line.empty() || line.front() == '#') continue;
    const size_t equals = line.find('=');
    const std::string place = path + ":" + std::to_string(number) + ": ";
    if (equals == std::string_view::npos) {
      return Status::Invalid(place + "expected key = value, found \"" +
                             std::string(line) + "\"");
    }
    ConfigLine setting{number, std::string(TrimBlanks(line.substr(0, equals))),
                       std::string(TrimBlanks(line.substr(equals + 1)))};
    if (setting.value.size() >= 2 && setting.value.front() == '"' &&
        setting.value.back() == '"') {
      setting.value = setting.value.substr(1, setting.value.size() - 2);
    }
    lines.push_back(std::move(setting));
  }
  return lines;
}

// The option a key names: a flag of serve, or db / workspace of the app.
CLI::Option* OptionOf(const std::string& key, CLI::App& app, CLI::App& serve) {
  if (key.empty() || key == "config" || key == "help") return nullptr;
  if (key == "db" || key == "workspace" || key == "read-db" ||
      key == "read-db-max-lag") {
    return app.get_option_no_throw("--" + key);
  }
  return serve.get_option_no_throw("--" + key);
}

}  // namespace

Status ApplyServeConfig(const std::string& path, CLI::App& app,
                        CLI::App& serve) {
  VAFA_ASSIGN_OR_RETURN(std::vector<ConfigLine> lines, ReadConfig(path));
  // Options the command line gave are left alone, whatever the file says.
  std::set<CLI::Option*> from_command_line;
  std::map<CLI::Option*, int> first_line;
  for (const ConfigLine& line : lines) {
    const std::string place = path + ":" + std::to_string(line.number) + ": ";
    CLI::Option* option = OptionOf(line.key, app, serve);
    if (option == nullptr) {
      return Status::Invalid(place + "unknown key \"" + line.key +
                             "\" (the keys are vafa serve's flags without "
                             "their dashes, db, read-db and read-db-max-lag)");
    }
    if (first_line.count(option) == 0 && option->count() > 0) {
      from_command_line.insert(option);
    }
    if (from_command_line.count(option)) continue;
    if (!first_line.emplace(option, line.number).second &&
        option->get_items_expected_max() <= 1) {
      return Status::Invalid(
          place + "\"" + line.key + "\" is set again (line " +
          std::to_string(first_line[option]) + " set it first)");
    }
    if (option->get_items_expected_max() == 0) {  // a flag
      if (line.value != "true" && line.value != "false") {
        return Status::Invalid(place + "\"" + line.key +
                               "\" is true or false, not \"" + line.value +
                               "\"");
      }
      if (line.value == "false") continue;
    }
    try {
      option->add_result(line.value);
      option->run_callback();
    } catch (const CLI::Error& error) {
      return Status::Invalid(place + "\"" + line.key + "\": " + error.what());
    }
  }
  return Status::Ok();
}

}  // namespace vafa::cli
