#include "fuzz/scratch_store.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace vafa::fuzz {
namespace {

void Die(const std::string& what) {
  std::fprintf(stderr, "fuzz: %s\n", what.c_str());
  std::abort();
}

}  // namespace

ScratchStore& OpenScratchStore() {
  static ScratchStore* store = [] {
    auto* out = new ScratchStore;
    std::string base = std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp";
    std::string pattern = base + "/vafa-fuzz.XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) Die("cannot create " + pattern);
    out->folder = pattern;
    out->path = out->folder + "/fuzz.db";
    auto db = store::Database::Open(out->path);
    if (!db.ok()) Die(out->path + ": " + db.status().message());
    out->db = std::move(db).value();
    std::atexit([] {
      std::error_code ignored;
      std::filesystem::remove_all(OpenScratchStore().folder, ignored);
    });
    return out;
  }();
  return *store;
}

}  // namespace vafa::fuzz
