// A throwaway SQLite store for the harnesses that reach the database (the
// segment-rule compiler and the HTTP router): a migrated file in a new
// temporary folder, removed when the process exits normally (a crash leaves
// it in $TMPDIR for inspection). One per process; not thread-safe.
#ifndef VAFA_FUZZ_SCRATCH_STORE_H_
#define VAFA_FUZZ_SCRATCH_STORE_H_

#include <memory>
#include <string>

#include "store/database.h"

namespace vafa::fuzz {

struct ScratchStore {
  std::string folder;  // the temporary folder
  std::string path;    // the SQLite file in it
  std::unique_ptr<store::Database> db;
};

// Creates the store, or aborts with a message: a harness cannot run without
// it.
ScratchStore& OpenScratchStore();

}  // namespace vafa::fuzz

#endif  // VAFA_FUZZ_SCRATCH_STORE_H_
