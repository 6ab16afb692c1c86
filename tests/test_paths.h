// Where the tests find the built vafa binary, the source tree and the
// OpenAPI document. The paths are compiled into one generated file
// (build/tests/test_paths.cc, from tests/CMakeLists.txt) rather than into
// every test's compiler command line, so that a second checkout's build
// shares the compiler cache for every test source.
#ifndef VAFA_TESTS_TEST_PATHS_H_
#define VAFA_TESTS_TEST_PATHS_H_

namespace vafa::testing {

extern const char* const kVafaBinary;
extern const char* const kSourceDir;
extern const char* const kOpenApiDocument;

}  // namespace vafa::testing

#endif  // VAFA_TESTS_TEST_PATHS_H_
