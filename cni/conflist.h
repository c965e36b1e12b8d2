// The one plugin config of a network that carries this plugin's ipam
// section, as libcni hands it over: for `index2ip preview --config`, which
// takes what an operator has (a NetworkAttachmentDefinition's config, a
// .conf or a .conflist) and shows what ADD would do with it.
//
// A conflist is told from a plain config by its `plugins` key, not by a file
// name. In a conflist, the plugin whose `ipam.type` is `index2ip` is the one,
// and it gets the list's `name` and `cniVersion`, replacing its own, as
// libcni's InjectConf does (containernetworking/cni: libcni/api.go,
// buildOneConfig).
//
// Example:
//   PluginConfigFor(R"({"cniVersion":"0.3.1","name":"index1","plugins":[
//       {"type":"netctl","ipam":{"type":"index2ip","index":1}},
//       {"type":"ipvlan"}]})");
//   // {"type":"netctl","ipam":{"type":"index2ip","index":1},
//   //  "name":"index1","cniVersion":"0.3.1"}

#ifndef CNI_CONFLIST_H_
#define CNI_CONFLIST_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace index2ip {
namespace cni {

// The ipam type this plugin answers to.
inline constexpr absl::string_view kIpamType = "index2ip";

// `json` itself when it is a plain config; else the one plugin config of
// the list whose ipam.type is kIpamType, with the list's name and cniVersion
// injected. A list with `cniVersions` gets, as libcni gives it, the highest
// of those and `cniVersion` that is not newer than kCurrentVersion. Keys are
// read as the codec reads them (json/fields.h). Errors: code 6 for text that is
// not one JSON object or a `plugins` that is not an array of objects, or a
// `cniVersions` that is not an array of strings; code 7 when no plugin, or more
// than one, has that ipam type, or for an entry of `cniVersions` that is not a
// version (X.Y.Z).
absl::StatusOr<std::string> PluginConfigFor(absl::string_view json);

}  // namespace cni
}  // namespace index2ip

#endif  // CNI_CONFLIST_H_
