// `index2ip claims`: the claims store (claims/claims.h), for operators.
//
//   index2ip claims [--data-dir DIR]        every claim: address, network,
//                                           container, interface, netns,
//                                           since, and alive, stale or held
//                  [--json]                 the claims as one line of JSON
//   index2ip claims release ADDRESS|CIDR    releases the attachment that
//   index2ip claims release --container ID [--ifname IF]
//                                           holds it (or the container's),
//                                           in every family, as a last
//                                           resort, and says what it was
//   index2ip claims repair                  sets a damaged store aside and
//                                           keeps what can be read of it
//
// DIR defaults to the store a config without ipam.dataDir names
// (index2ip/commands/store.h). Everything read from the store is quoted by the
// project's one rule (base/quote.h). Exit codes: 0 success, 1 a store or
// claim that cannot be read or released, 2 a usage error.

#ifndef INDEX2IP_CLI_CLAIMS_H_
#define INDEX2IP_CLI_CLAIMS_H_

#include <string>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "index2ip/cli/cli_input.h"

namespace index2ip {

// The usage lines, for --help.
absl::string_view ClaimsSynopsis();

PluginOutput RunClaims(const CliInput& input,
                       absl::Span<const std::string> args);

}  // namespace index2ip

#endif  // INDEX2IP_CLI_CLAIMS_H_
