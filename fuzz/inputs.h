// Finding and reading fuzz inputs, for the mains that replay them without
// libFuzzer (standalone_main.cc, replay_main.cc).

#ifndef FUZZ_INPUTS_H_
#define FUZZ_INPUTS_H_

#include <string>
#include <vector>

namespace index2ip {
namespace fuzz {

// The files named in `paths`, and the regular files anywhere under the
// directories named there, sorted and without duplicates. Sets `*error` (and
// returns what it found so far) when a path does not exist.
std::vector<std::string> ListInputFiles(const std::vector<std::string>& paths,
                                        std::string* error);

// Reads the whole file at `path` into `*data`. False when it cannot.
bool ReadInputFile(const std::string& path, std::string* data);

}  // namespace fuzz
}  // namespace index2ip

#endif  // FUZZ_INPUTS_H_
