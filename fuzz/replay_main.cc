// The main() of every <name>_replay_test (fuzz/fuzz.bzl): each input file
// named on the command line (the seed corpus and the crash regressions,
// passed by the macro as $(rootpaths //testdata/fuzz:<name>)) becomes its own
// GoogleTest case running the target's LLVMFuzzerTestOneInput, as Envoy's
// test/fuzz/main.cc does. A failing input is named by its test:
//
//   [ RUN      ] Regressions.empty_gateway
//   FUZZ CHECK FAILED at fuzz/cmdline_fuzzer.cc:40: ...
//
// Suite "Corpus" holds the files from testdata/fuzz/<name>/, suite
// "Regressions" those from testdata/fuzz/regressions/<name>/. Targets abort
// on a broken property, so a failing case ends the test binary; the files
// before it have passed. No input at all is a failure: a test that replays
// nothing would pass for the wrong reason.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "fuzz/inputs.h"
#include "gtest/gtest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace index2ip {
namespace fuzz {
namespace {

class ReplayTest : public testing::Test {
 public:
  explicit ReplayTest(std::string path) : path_(std::move(path)) {}

  void TestBody() override {
    std::string data;
    ASSERT_TRUE(ReadInputFile(path_, &data)) << "cannot read " << path_;
    // A buffer of exactly the input's size, so ASan sees any over-read.
    std::vector<uint8_t> buffer(data.begin(), data.end());
    const uint8_t* bytes = buffer.empty() ? nullptr : buffer.data();
    EXPECT_EQ(LLVMFuzzerTestOneInput(bytes, buffer.size()), 0) << path_;
  }

 private:
  std::string path_;
};

// A GoogleTest name: letters, digits and '_' (a '.' or '-' would confuse
// --gtest_filter).
std::string TestName(const std::string& text) {
  std::string out;
  for (char c : text) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                       (c >= '0' && c <= '9') || c == '_';
    out.push_back(plain ? c : '_');
  }
  return out;
}

// "testdata/fuzz/regressions/x_fuzzer/f.json" -> {"Regressions", "f_json"}.
std::pair<std::string, std::string> SuiteAndName(const std::string& path) {
  const size_t slash = path.rfind('/');
  const std::string file =
      slash == std::string::npos ? path : path.substr(slash + 1);
  const std::string dir =
      slash == std::string::npos ? "" : path.substr(0, slash + 1);
  const bool regression = dir.find("/regressions/") != std::string::npos ||
                          dir.rfind("regressions/", 0) == 0;
  return {regression ? "Regressions" : "Corpus", TestName(file)};
}

int Main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  std::vector<std::string> args(argv + 1, argv + argc);
  std::string error;
  const std::vector<std::string> files = ListInputFiles(args, &error);
  if (!error.empty()) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return 1;
  }
  if (files.empty()) {
    std::fprintf(stderr,
                 "no fuzz inputs to replay; pass files or directories\n");
    return 1;
  }
  std::set<std::string> seen;
  for (const std::string& path : files) {
    auto [suite, name] = SuiteAndName(path);
    // Two files whose names differ only in punctuation still get two tests.
    std::string unique = name;
    for (int n = 2; !seen.insert(suite + "." + unique).second; ++n) {
      unique = name + "_" + std::to_string(n);
    }
    testing::RegisterTest(
        suite.c_str(), unique.c_str(), nullptr, path.c_str(), __FILE__,
        __LINE__, [path]() -> testing::Test* { return new ReplayTest(path); });
  }
  return RUN_ALL_TESTS();
}

}  // namespace
}  // namespace fuzz
}  // namespace index2ip

int main(int argc, char** argv) { return index2ip::fuzz::Main(argc, argv); }
