// Test helper: the text of a file under the workspace's testdata/, read from
// the test's runfiles. Tests only.
//
// Example:
//   std::string cmdline = ReadTestData("cmdlines/mlab4_lga0t.txt");

#ifndef INDEX2IP_TESTDATA_H_
#define INDEX2IP_TESTDATA_H_

#include <string>

#include "absl/strings/string_view.h"

namespace index2ip {

// The path of testdata/<relative> in the runfiles tree.
std::string TestDataPath(absl::string_view relative);

// The contents of testdata/<relative>; aborts the test binary with a message
// when the file cannot be read (a missing `data` dependency in BUILD).
std::string ReadTestData(absl::string_view relative);

}  // namespace index2ip

#endif  // INDEX2IP_TESTDATA_H_
