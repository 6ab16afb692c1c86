// What this build of vafa is: its release version (the project version in
// CMakeLists.txt) and the git commit it was built from, read at build time
// (cmake/build_info.cmake): a short hash, "-modified" after it when the
// checkout had uncommitted changes, or "unknown" outside a git checkout.
// The store's schema version is store::LatestSchemaVersion(). Constant
// values, safe from any thread.
#ifndef VAFA_CORE_BUILD_INFO_H_
#define VAFA_CORE_BUILD_INFO_H_

#include <string_view>

namespace vafa {

std::string_view VafaVersion();
std::string_view BuildCommit();

}  // namespace vafa

#endif  // VAFA_CORE_BUILD_INFO_H_
