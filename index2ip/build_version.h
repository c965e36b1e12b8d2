// The version stamped into the plugin binary by the build.
//
// build_version.cc is generated (//index2ip:build_version_cc) from the
// STABLE_INDEX2IP_VERSION line that tools/workspace_status.sh prints for
// every build (.bazelrc sets it as --workspace_status_command): `git
// describe --tags --always --dirty --abbrev=12` of the checkout, else a
// VERSION file, else "unknown". Only the binary links this library, so a new
// commit relinks the plugin and recompiles nothing else.
//
// Example:
//   BuildVersion();   // "v0.1.0-3-g4fa9db1c2e7f-dirty"

#ifndef INDEX2IP_BUILD_VERSION_H_
#define INDEX2IP_BUILD_VERSION_H_

namespace index2ip {

// The stamped version: letters, digits and "._+-/", never empty.
const char* BuildVersion();

}  // namespace index2ip

#endif  // INDEX2IP_BUILD_VERSION_H_
