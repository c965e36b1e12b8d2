#include "fuzz/protobuf_oracle.h"

#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_replace.h"
#include "cni/cni_full.pb.h"
#include "cni/codec.h"
#include "google/protobuf/descriptor.h"
#include "rapidjson/document.h"

namespace index2ip {
namespace fuzz {

bool HasEmptyKey(absl::string_view json) {
  bool in_string = false;
  size_t string_start = 0;
  for (size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
        if (i == string_start + 1) {  // "" just closed: is it a key?
          size_t j = i + 1;
          while (j < json.size() && (json[j] == ' ' || json[j] == '\t' ||
                                     json[j] == '\n' || json[j] == '\r')) {
            ++j;
          }
          if (j < json.size() && json[j] == ':') return true;
        }
      }
    } else if (c == '"') {
      in_string = true;
      string_start = i;
    }
  }
  return false;
}

bool HasInexactNumber(absl::string_view json) {
  bool in_string = false;
  for (size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
      continue;
    }
    if (c != '-' && (c < '0' || c > '9')) continue;
    // A number: [-] digits [. digits] [e [+-] digits].
    size_t j = i + (c == '-' ? 1 : 0);
    int significant = 0, fraction = 0, exponent = 0;
    bool seen_nonzero = false, exact_form = true;
    for (; j < json.size() && json[j] >= '0' && json[j] <= '9'; ++j) {
      seen_nonzero |= json[j] != '0';
      if (seen_nonzero) ++significant;
    }
    if (j < json.size() && json[j] == '.') {
      exact_form = false;
      for (++j; j < json.size() && json[j] >= '0' && json[j] <= '9'; ++j) {
        seen_nonzero |= json[j] != '0';
        if (seen_nonzero) ++significant;
        ++fraction;
      }
    }
    if (j < json.size() && (json[j] == 'e' || json[j] == 'E')) {
      exact_form = false;
      ++j;
      if (j < json.size() && (json[j] == '+' || json[j] == '-')) ++j;
      for (; j < json.size() && json[j] >= '0' && json[j] <= '9'; ++j) {
        if (exponent < 1000) exponent = exponent * 10 + (json[j] - '0');
      }
    }
    if (!exact_form && (significant > 15 || fraction > 22 || exponent > 22)) {
      return true;
    }
    i = j - 1;
  }
  return false;
}

namespace {

// Every key a table of cni/codec.cc names.
const absl::flat_hash_set<std::string>& CanonicalKeys() {
  static const auto* const keys = [] {
    const std::vector<std::string> known = cni::KnownJsonKeys();
    return new absl::flat_hash_set<std::string>(known.begin(), known.end());
  }();
  return *keys;
}

// A key folded as Go folds it, with '_' dropped, so that "Name", "NAME" and
// "cni_version" meet "name" and "cniVersion".
std::string Loose(absl::string_view key) {
  std::string out = absl::StrReplaceAll(
      key, {{"_", ""}, {"\xe2\x84\xaa", "k"}, {"\xc5\xbf", "s"}});
  absl::AsciiStrToLower(&out);
  return out;
}

// protobuf also reads every field by its name in cni.proto: "cni_version"
// for cniVersion, and "attachments" for cni.dev/attachments, which no fold
// of the JSON name reaches (netconf_fuzzer found it).
void AddFieldNames(const google::protobuf::Descriptor& message,
                   absl::flat_hash_set<std::string>* out) {
  for (int i = 0; i < message.field_count(); ++i) {
    out->insert(Loose(message.field(i)->name()));
  }
  for (int i = 0; i < message.nested_type_count(); ++i) {
    AddFieldNames(*message.nested_type(i), out);
  }
}

const absl::flat_hash_set<std::string>& LooseKeys() {
  static const auto* const keys = [] {
    auto* out = new absl::flat_hash_set<std::string>;
    for (const std::string& k : CanonicalKeys()) out->insert(Loose(k));
    const google::protobuf::FileDescriptor& file =
        *cni_full::NetConf::descriptor()->file();
    for (int i = 0; i < file.message_type_count(); ++i) {
      AddFieldNames(*file.message_type(i), out);
    }
    return out;
  }();
  return *keys;
}

bool HasNonCanonical(const rapidjson::Value& v) {
  if (v.IsNull()) return true;
  if (v.IsArray()) {
    for (const rapidjson::Value& e : v.GetArray()) {
      if (HasNonCanonical(e)) return true;
    }
  }
  if (v.IsObject()) {
    for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m) {
      const std::string key(m->name.GetString(), m->name.GetStringLength());
      if (!CanonicalKeys().contains(key) && LooseKeys().contains(Loose(key))) {
        return true;
      }
      if (HasNonCanonical(m->value)) return true;
    }
  }
  return false;
}

}  // namespace

bool HasNullOrNonCanonicalKey(absl::string_view json) {
  // Keys whose presence the codec records (an empty GC list is not an
  // absent one); protobuf has no such notion.
  if (json.find("cni.dev/") != absl::string_view::npos) return true;
  rapidjson::Document doc;
  doc.Parse<rapidjson::kParseIterativeFlag>(json.data(), json.size());
  return !doc.HasParseError() && HasNonCanonical(doc);
}

}  // namespace fuzz
}  // namespace index2ip
