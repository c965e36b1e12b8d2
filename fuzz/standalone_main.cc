// The main() of a fuzz target built without libFuzzer (any config but
// --config=fuzz): runs LLVMFuzzerTestOneInput once on each file named on the
// command line, and on each file under each directory named, in sorted
// order. It reproduces a finding with the plain toolchain:
//
//   bazel run //fuzz:netconf_fuzzer --
//   $PWD/testdata/fuzz/regressions/netconf_fuzzer/x
//
// libFuzzer flags ("-runs=0", anything starting with '-') are ignored, so
// tools that pass them still work. Exits 1 when an input cannot be read.

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "fuzz/inputs.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int main(int argc, char** argv) {
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    if (argv[i][0] != '-') args.push_back(argv[i]);
  }
  std::string error;
  const std::vector<std::string> files =
      index2ip::fuzz::ListInputFiles(args, &error);
  if (!error.empty()) {
    std::fprintf(stderr, "%s\n", error.c_str());
    return 1;
  }
  for (const std::string& file : files) {
    std::string data;
    if (!index2ip::fuzz::ReadInputFile(file, &data)) {
      std::fprintf(stderr, "cannot read %s\n", file.c_str());
      return 1;
    }
    std::fprintf(stderr, "Running: %s (%zu bytes)\n", file.c_str(),
                 data.size());
    // A buffer of exactly the input's size, so ASan sees any over-read.
    std::vector<uint8_t> buffer(data.begin(), data.end());
    LLVMFuzzerTestOneInput(buffer.data(), buffer.size());
  }
  std::fprintf(stderr, "Executed %zu inputs\n", files.size());
  return 0;
}
