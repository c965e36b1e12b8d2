#include "cni/conflist.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/types/optional.h"
#include "base/quote.h"
#include "base/status_macros.h"
#include "cni/codec.h"
#include "cni/error.h"
#include "cni/version.h"
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

// "1.0.0" as three numbers, for ordering; nullopt for anything else.
absl::optional<std::array<int64_t, 3>> SemVer(absl::string_view v) {
  std::array<int64_t, 3> out{};
  const std::vector<absl::string_view> parts = absl::StrSplit(v, '.');
  if (parts.size() != 3) return absl::nullopt;
  for (size_t i = 0; i < 3; ++i) {
    if (parts[i].empty() || parts[i].size() > 9 ||
        !std::all_of(parts[i].begin(), parts[i].end(), absl::ascii_isdigit) ||
        !absl::SimpleAtoi(parts[i], &out[i])) {
      return absl::nullopt;
    }
  }
  return out;
}

// The version libcni gives a list's plugins (libcni/conf.go,
// ConfListFromBytes): the highest of `cniVersions` and `cniVersion` that is
// not newer than the spec it implements (kCurrentVersion here); `cniVersion`
// as given when nothing qualifies; nullopt when the list has neither.
// Errors: code 7 naming an entry that is not a version.
absl::StatusOr<absl::optional<std::string>> ListVersion(const JsonValue& doc) {
  const json::Path top;
  INDEX2IP_ASSIGN_OR_RETURN(const JsonValue* one,
                            Member(doc, top, "cniVersion"));
  INDEX2IP_ASSIGN_OR_RETURN(const JsonValue* many,
                            Member(doc, top, "cniVersions"));
  absl::optional<std::string> given;
  if (one != nullptr && one->IsString()) {
    given = std::string(one->GetString(), one->GetStringLength());
  }
  if (many == nullptr) return given;
  if (!many->IsArray()) {
    return FromJsonStatus(
        json::JsonTypeError(json::Path(top, "cniVersions"), "an array", *many));
  }
  const std::array<int64_t, 3> newest = *SemVer(kCurrentVersion);
  std::vector<std::string> candidates;
  if (given.has_value()) candidates.push_back(*given);
  for (rapidjson::SizeType i = 0; i < many->Size(); ++i) {
    const JsonValue& v = (*many)[i];
    const json::Path path(json::Path(top, "cniVersions"), i);
    if (!v.IsString()) {
      return FromJsonStatus(json::JsonTypeError(path, "a string", v));
    }
    candidates.emplace_back(v.GetString(), v.GetStringLength());
  }
  absl::optional<std::string> best;
  absl::optional<std::array<int64_t, 3>> best_v;
  for (size_t i = 0; i < candidates.size(); ++i) {
    const absl::optional<std::array<int64_t, 3>> v = SemVer(candidates[i]);
    if (!v.has_value()) {
      const bool from_list = !given.has_value() || i > 0;
      return MakeError(
          ErrorCode::kInvalidNetworkConfig, "invalid network config",
          absl::StrCat(from_list ? "cniVersions has " : "cniVersion is ",
                       QuoteForMessage(candidates[i]),
                       ", which is not a version"));
    }
    if (*v > newest || (best_v.has_value() && *v <= *best_v)) continue;
    best = candidates[i];
    best_v = v;
  }
  return best.has_value() ? best : given;
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
        INDEX2IP_ASSIGN_OR_RETURN(const JsonValue* name,
                                  Member(doc, top, "name"));
        if (name != nullptr) Inject(plugin, "name", *name, parsed.pool);
        INDEX2IP_ASSIGN_OR_RETURN(const absl::optional<std::string> version,
                                  ListVersion(doc));
        if (version.has_value()) {
          Inject(plugin, "cniVersion",
                 JsonValue(version->data(),
                           static_cast<rapidjson::SizeType>(version->size()),
                           parsed.pool),
                 parsed.pool);
        } else {
          INDEX2IP_ASSIGN_OR_RETURN(const JsonValue* value,
                                    Member(doc, top, "cniVersion"));
          if (value != nullptr)
            Inject(plugin, "cniVersion", *value, parsed.pool);
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
