#include "cni/conflist.h"

#include <new>
#include <vector>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "cni/error.h"
#include "cni/json_fields.h"
#include "rapidjson/stringbuffer.h"
#include "rapidjson/writer.h"

namespace index2ip {
namespace cni {
namespace {

absl::Status ListError(ErrorCode code, absl::string_view details) {
  return MakeError(code,
                   code == ErrorCode::kDecodingFailure
                       ? "failed to decode network config"
                       : "invalid network config",
                   details);
}

// The member of object `v` that key `name` reads (exact, else folded), or
// null.
absl::StatusOr<const JsonValue*> Member(const JsonValue& v,
                                        absl::string_view path,
                                        absl::string_view name) {
  const absl::string_view names[] = {name};
  const JsonValue* found[1] = {};
  INDEX2IP_RETURN_IF_ERROR(MatchMembers(v, path, names, ReadContext(), found));
  return found[0];
}

absl::StatusOr<bool> IsOurs(const JsonValue& plugin, const std::string& path) {
  INDEX2IP_ASSIGN_OR_RETURN(const JsonValue* ipam,
                            Member(plugin, path, "ipam"));
  if (ipam == nullptr || !ipam->IsObject()) return false;
  INDEX2IP_ASSIGN_OR_RETURN(const JsonValue* type,
                            Member(*ipam, FieldPath(path, "ipam"), "type"));
  return type != nullptr && type->IsString() &&
         absl::string_view(type->GetString(), type->GetStringLength()) ==
             kIpamType;
}

// Replaces `key` in `obj` (every exact occurrence) with `value`.
void Inject(JsonValue& obj, absl::string_view key, const JsonValue& value,
            JsonPool& pool) {
  for (auto m = obj.MemberBegin(); m != obj.MemberEnd();) {
    if (absl::string_view(m->name.GetString(), m->name.GetStringLength()) ==
        key) {
      m = obj.EraseMember(m);
    } else {
      ++m;
    }
  }
  obj.AddMember(JsonValue(key.data(), static_cast<rapidjson::SizeType>(key.size()),
                          pool),
                JsonValue(value, pool), pool);
}

}  // namespace

absl::StatusOr<std::string> PluginConfigFor(absl::string_view json) {
  try {
    ParsedJson parsed;
    JsonDocument& doc = parsed.doc;
    INDEX2IP_RETURN_IF_ERROR(ParseJsonObject(json, &doc));
    INDEX2IP_ASSIGN_OR_RETURN(const JsonValue* plugins,
                              Member(doc, "", "plugins"));
    if (plugins == nullptr) return std::string(json);
    if (!plugins->IsArray()) {
      return JsonTypeError("plugins", "an array", *plugins);
    }
    std::vector<rapidjson::SizeType> ours;
    for (rapidjson::SizeType i = 0; i < plugins->Size(); ++i) {
      const std::string path = absl::StrCat("plugins[", i, "]");
      if (!(*plugins)[i].IsObject()) {
        return JsonTypeError(path, "an object", (*plugins)[i]);
      }
      INDEX2IP_ASSIGN_OR_RETURN(const bool mine, IsOurs((*plugins)[i], path));
      if (mine) ours.push_back(i);
    }
    if (ours.size() != 1) {
      return ListError(
          ErrorCode::kInvalidNetworkConfig,
          absl::StrCat("the conflist has ", ours.size(),
                       " plugins whose ipam.type is '", kIpamType,
                       "'; exactly one is needed"));
    }
    JsonValue plugin((*plugins)[ours[0]], parsed.pool);
    for (const absl::string_view key : {"name", "cniVersion"}) {
      INDEX2IP_ASSIGN_OR_RETURN(const JsonValue* value, Member(doc, "", key));
      if (value != nullptr) Inject(plugin, key, *value, parsed.pool);
    }
    rapidjson::StringBuffer out;
    rapidjson::Writer<rapidjson::StringBuffer> writer(out);
    plugin.Accept(writer);
    return std::string(out.GetString(), out.GetSize());
  } catch (const std::bad_alloc&) {
    return MakeError(ErrorCode::kTryAgainLater, "try again later",
                     "out of memory while reading the conflist");
  }
}

}  // namespace cni
}  // namespace index2ip
