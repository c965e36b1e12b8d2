// Plain-text tables for the binary's commands for people (preview --all,
// claims): columns padded to their widest cell, two spaces apart, the last
// column not padded and no white space at the end of a line.
//
// Example:
//   Columns({{"index", "IPv4"}, {"1", "4.14.159.113/26"}});
//   // "index  IPv4\n1      4.14.159.113/26\n"

#ifndef INDEX2IP_CLI_TABLE_H_
#define INDEX2IP_CLI_TABLE_H_

#include <string>
#include <vector>

namespace index2ip {

// `rows` as lines; a row may have fewer cells than the widest.
std::string Columns(const std::vector<std::vector<std::string>>& rows);

}  // namespace index2ip

#endif  // INDEX2IP_CLI_TABLE_H_
