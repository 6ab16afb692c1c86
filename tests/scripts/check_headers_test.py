#!/usr/bin/env python3
"""Tests of scripts/check-headers: each case writes a small tree of C++ files
and runs the script over it, so a check that cannot fail would fail here.

  python3 tests/scripts/check_headers_test.py
"""
import os
import subprocess
import sys
import tempfile
import textwrap
import unittest

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..",
                      "scripts", "check-headers")


class Tree:
    """A scratch tree with the given files (path -> text)."""

    def __init__(self, files):
        self.dir = tempfile.TemporaryDirectory()
        self.root = self.dir.name
        for path, text in files.items():
            full = os.path.join(self.root, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w", encoding="utf-8") as f:
                f.write(textwrap.dedent(text))

    def check(self, rule):
        run = subprocess.run([sys.executable, SCRIPT, rule, self.root],
                             capture_output=True, text=True)
        return run.returncode, run.stderr

    def __enter__(self):
        return self

    def __exit__(self, *args):
        self.dir.cleanup()


SESSION = """\
    #ifndef SESSION_H_
    #define SESSION_H_
    namespace vafa::store {
    struct Session {};
    }  // namespace vafa::store
    #endif
"""


class InternalIncludes(unittest.TestCase):

    def test_the_library_folder_and_its_tests_may_include_its_internal_headers(self):
        with Tree({
                "src/store/internal/session.h": SESSION,
                "src/store/internal/pool.h": '#include "store/internal/session.h"\n',
                "src/store/database.cc": '#include "store/internal/session.h"\n',
                "src/store/database_test.cc": '#include "store/internal/pool.h"\n',
                "src/store/backup.cc": '#include "internal/session.h"\n',
                "src/api/routes.cc": '#include "store/database.h"\n',
        }) as tree:
            self.assertEqual(tree.check("--internal"), (0, ""))

    def test_another_library_including_an_internal_header_fails_naming_file_and_line(self):
        with Tree({
                "src/store/internal/session.h": SESSION,
                "src/api/routes.cc": ('#include "store/database.h"\n'
                                      '#include "store/internal/session.h"\n'),
        }) as tree:
            code, err = tree.check("--internal")
            self.assertEqual(code, 1)
            self.assertIn('src/api/routes.cc:2: includes '
                          '"store/internal/session.h", a private header of '
                          'src/store/', err)

    def test_a_subfolder_library_tests_cli_and_bench_are_outside(self):
        with Tree({
                "src/analytics/internal/columns.h": "\n",
                "src/analytics/clv/bg_nbd.cc": '#include "analytics/internal/columns.h"\n',
                "src/cli/main.cc": '#include "analytics/internal/columns.h"\n',
                "tests/api/api_test.cc": '#include "analytics/internal/columns.h"\n',
                "bench/clv/bench.cc": '  #  include "analytics/internal/columns.h"\n',
        }) as tree:
            code, err = tree.check("--internal")
            self.assertEqual(code, 1)
            for path in ("src/analytics/clv/bg_nbd.cc", "src/cli/main.cc",
                         "tests/api/api_test.cc", "bench/clv/bench.cc"):
                self.assertIn(f"{path}:1: includes", err)


class Namespaces(unittest.TestCase):

    def test_a_file_in_its_folders_namespace_with_helpers_and_foreign_specialisations_passes(self):
        with Tree({
                "src/analytics/basket/eclat.cc": """\
                    // namespace vafa::wrong { in a comment does not count
                    namespace vafa::analytics::basket {
                    namespace {
                    const char* kText = "namespace vafa::wrong {";
                    }  // namespace
                    }  // namespace vafa::analytics::basket
                    namespace vafa::analytics::basket::internal {
                    void Mine();
                    }  // namespace vafa::analytics::basket::internal
                    """,
                "src/analytics/basket/internal/ranked.h": """\
                    namespace vafa::analytics::basket::internal {
                    struct Ranked {};
                    }
                    """,
                "src/store/database.h": """\
                    namespace vafa::api {
                    struct Scope;
                    class Router;
                    }  // forward declarations only
                    namespace soci {
                    template <> struct type_conversion<int> {};
                    }
                    namespace vafa::store {
                    namespace internal {
                    int Helper();
                    }
                    }
                    """,
        }) as tree:
            self.assertEqual(tree.check("--namespaces"), (0, ""))

    def test_another_folders_namespace_fails_naming_file_and_line(self):
        with Tree({
                "src/analytics/basket/eclat.cc": """\
                    #include "analytics/basket/eclat.h"

                    namespace vafa::analytics::basket {
                    int Support();
                    }
                    namespace vafa::analytics::clv {
                    int Fit();
                    }
                    """,
        }) as tree:
            code, err = tree.check("--namespaces")
            self.assertEqual(code, 1)
            self.assertIn("src/analytics/basket/eclat.cc:6: opens namespace "
                          "vafa::analytics::clv; a file under "
                          "src/analytics/basket/ declares its names in "
                          "vafa::analytics::basket", err)

    def test_a_file_declaring_nothing_in_its_namespace_fails(self):
        with Tree({
                "src/pipeline/loader.cc": "int Load() { return 0; }\n",
                "src/pipeline/scores.cc": "namespace vafa { int Score(); }\n",
        }) as tree:
            code, err = tree.check("--namespaces")
            self.assertEqual(code, 1)
            self.assertIn("src/pipeline/loader.cc:1: declares nothing in "
                          "namespace vafa::pipeline", err)
            self.assertIn("src/pipeline/scores.cc:1: opens namespace vafa;", err)

    def test_allowances_cover_a_folder_or_a_file_and_must_still_be_needed(self):
        files = {
            "src/core/money.h": "namespace vafa {\nstruct Money {};\n}\n",
            "src/core/utf8.h": "namespace vafa::utf8 {\nint Decode();\n}\n",
            "src/cli/main.cc": "int main() { return 0; }\n",
            "scripts/namespaces-allowed.txt": """\
                # path namespace reason
                src/core/ vafa the vocabulary every layer names unqualified
                src/core/utf8.h vafa::utf8 called by the encoding's name
                src/cli/main.cc - main() is global
                """,
        }
        with Tree(files) as tree:
            self.assertEqual(tree.check("--namespaces"), (0, ""))
        files["scripts/namespaces-allowed.txt"] += (
            "src/services/ vafa::services no longer needed\n")
        with Tree(files) as tree:
            code, err = tree.check("--namespaces")
            self.assertEqual(code, 1)
            self.assertIn("scripts/namespaces-allowed.txt:5: no file under "
                          "src/services/ needs namespace vafa::services any "
                          "more; remove the line", err)


if __name__ == "__main__":
    unittest.main()
