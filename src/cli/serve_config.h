// vafa serve --config FILE: the server's settings from a file, as a
// service manager runs it (/etc/vafa/vafa.conf in the Debian package).
//
// The file holds `key = value` lines; blank lines and lines starting with
// '#' are skipped; a value may be wrapped in double quotes. A key is the
// name of a `vafa serve` flag without its dashes (port, address,
// trusted-proxy, secure-cookies, ...) or of the global db and workspace; a
// flag's value is true or false; a repeatable flag (trusted-proxy) takes one
// line per value. What the command line gives wins over the file, which
// wins over $VAFA_DB and $VAFA_WORKSPACE. An unknown key, a key given twice
// for a single-valued flag, or a value the flag refuses is an error naming
// the file and line.
#ifndef VAFA_CLI_SERVE_CONFIG_H_
#define VAFA_CLI_SERVE_CONFIG_H_

#include <CLI/CLI.hpp>
#include <string>

#include "core/status.h"

namespace vafa::cli {

// Applies `path` to the options of `serve` and the global options of `app`
// that the command line left unset. Call after parsing.
Status ApplyServeConfig(const std::string& path, CLI::App& app,
                        CLI::App& serve);

}  // namespace vafa::cli

#endif  // VAFA_CLI_SERVE_CONFIG_H_
