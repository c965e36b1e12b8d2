#include "cni/conflist.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cni/codec.h"
#include "cni/error.h"
#include "json/fields.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace index2ip {
namespace cni {
namespace {

using json::JsonValue;

// The member of object `v` that key `name` reads (exact, else folded), or
// null.
absl::StatusOr<const JsonValue*> Member(const JsonValue& v,
                                        const json::Path& path,
                                        absl::string_view name) {
  const absl::string_view names[] = {name};
  const JsonValue* found[1] = {};
  INDEX2IP_RETURN_IF_ERROR(FromJsonStatus(
      json::MatchMembers(v, path, names, json::ReadContext(), found)));
  return found[0];
}

absl::StatusOr<bool> IsOurs(const JsonValue& plugin, const json::Path& path) {
  INDEX2IP_ASSIGN_OR_RETURN(const JsonValue* ipam,
                            Member(plugin, path, "ipam"));
  if (ipam == nullptr || !ipam->IsObject()) return false;
  INDEX2IP_ASSIGN_OR_RETURN(const JsonValue* type,
                            Member(*ipam, json::Path(path, "ipam"), "type"));
  return type != nullptr && type->IsString() &&
         absl::string_view(type->GetString(), type->GetStringLength()) ==
             kIpamType;
}

// Replaces `key` in `obj` (every exact occurrence) with `value`.
void Inject(JsonValue& obj, absl::string_view key, const JsonValue& value,
            json::JsonPool& pool) {
  for (auto m = obj.MemberBegin(); m != obj.MemberEnd();) {
    if (absl::string_view(m->name.GetString(), m->name.GetStringLength()) ==
        key) {
      m = obj.EraseMember(m);
    } else {
      ++m;
    }
  }
  obj.AddMember(
      JsonValue(key.data(), static_cast<rapidjson::SizeType>(key.size()), pool),
      JsonValue(value, pool), pool);
}

}  // namespace

absl::StatusOr<std::string> PluginConfigFor(absl::string_view text) {
  absl::StatusOr<std::string> config =
      json::CatchOutOfMemory([&]() -> absl::StatusOr<std::string> {
        json::ParsedJson parsed;
        json::JsonDocument& doc = parsed.doc;
        INDEX2IP_RETURN_IF_ERROR(
            FromJsonStatus(json::ParseJsonObject(text, &doc)));
        const json::Path top;
        const json::Path plugins_path(top, "plugins");
        INDEX2IP_ASSIGN_OR_RETURN(const JsonValue* plugins,
                                  Member(doc, top, "plugins"));
        if (plugins == nullptr) return std::string(text);
        if (!plugins->IsArray()) {
          return FromJsonStatus(
              json::JsonTypeError(plugins_path, "an array", *plugins));
        }
        std::vector<rapidjson::SizeType> ours;
        for (rapidjson::SizeType i = 0; i < plugins->Size(); ++i) {
          const json::Path path(plugins_path, i);
          if (!(*plugins)[i].IsObject()) {
            return FromJsonStatus(
                json::JsonTypeError(path, "an object", (*plugins)[i]));
          }
          INDEX2IP_ASSIGN_OR_RETURN(const bool mine,
                                    IsOurs((*plugins)[i], path));
          if (mine) ours.push_back(i);
        }
        if (ours.size() != 1) {
          return MakeError(ErrorCode::kInvalidNetworkConfig,
                           "invalid network config",
                           absl::StrCat("the conflist has ", ours.size(),
                                        " plugins whose ipam.type is '",
                                        kIpamType, "'; exactly one is needed"));
        }
        JsonValue plugin((*plugins)[ours[0]], parsed.pool);
        for (const absl::string_view key : {"name", "cniVersion"}) {
          INDEX2IP_ASSIGN_OR_RETURN(const JsonValue* value,
                                    Member(doc, top, key));
          if (value != nullptr) Inject(plugin, key, *value, parsed.pool);
        }
        rapidjson::StringBuffer out;
        rapidjson::Writer<rapidjson::StringBuffer> writer(out);
        plugin.Accept(writer);
        return std::string(out.GetString(), out.GetSize());
      });
  if (config.status().code() == absl::StatusCode::kResourceExhausted) {
    return MakeError(ErrorCode::kTryAgainLater, "try again later",
                     "out of memory while reading the conflist");
  }
  return config;
}

}  // namespace cni
}  // namespace index2ip
