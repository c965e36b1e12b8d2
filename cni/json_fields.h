// The mapping between JSON and the messages of cni.proto, declared once per
// message as a table of fields, walked by one reader and one writer.
//
// Go's encoding/json reads the spec's types through their struct tags, and
// the tags are the whole mapping (containernetworking/cni:
// pkg/types/types.go); here each message has one table, in codec.cc:
//
//   template <>
//   absl::Span<const Field<Route>> FieldsOf<Route>() {
//     static constexpr Field<Route> kFields[] = {
//         INDEX2IP_STRING_FIELD(Route, dst, "dst"),
//         INDEX2IP_STRING_FIELD(Route, gw, "gw"),
//     };
//     return kFields;
//   }
//
// and ReadObject<Route> / WriteObject<Route> do the rest. Adding a field to
// cni.proto means one line in its message's table. The row macros, one per
// kind of field, are in json_field_kinds.h.
//
// Keys are read the way Go's encoding/json reads them, so that libcni, the
// main plugin and this plugin see one config: an exact match first, else an
// ASCII case-insensitive one (with Go's two non-ASCII folds, U+212A KELVIN
// SIGN for k and U+017F LONG S for s). Stricter than Go, where the last of
// two matching keys silently wins:
//   - an exact key beside folded variants wins, with a warning;
//   - a key given twice exactly, or two different folded variants with no
//     exact key, is error 6;
//   - in the network config, null for a field the plugin reads is error 7
//     (Go reads it as absent, which lets a null `ipam.index` fall through to
//     a pod-chosen index); inside prevResult, written by other plugins, null
//     is absent, as in Go.
// Keys no table names are never compared with anything, so the walk is
// linear in the input whatever the keys.
//
// Printing follows the table order, which is cni.proto's field order, and
// leaves out fields at their default: protobuf's own printing of the
// messages (json_writer.h).

#ifndef CNI_JSON_FIELDS_H_
#define CNI_JSON_FIELDS_H_

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <new>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "base/status_macros.h"
#include "cni/json_limits.h"
#include "cni/json_writer.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "rapidjson/document.h"

namespace index2ip {
namespace cni {

// rapidjson's allocator, except that running out of memory throws
// std::bad_alloc (as operator new does) instead of returning null, which
// rapidjson 1.1.0 does not check. The decoders catch it and return code 11.
struct ThrowingAllocator {
  static const bool kNeedFree = true;
  void* Malloc(size_t size) {
    if (size == 0) return nullptr;
    void* p = std::malloc(size);
    if (p == nullptr) throw std::bad_alloc();
    return p;
  }
  void* Realloc(void* original, size_t, size_t new_size) {
    if (new_size == 0) {
      std::free(original);
      return nullptr;
    }
    void* p = std::realloc(original, new_size);
    if (p == nullptr) throw std::bad_alloc();
    return p;
  }
  static void Free(void* p) { std::free(p); }
};

using JsonPool = rapidjson::MemoryPoolAllocator<ThrowingAllocator>;
using JsonValue = rapidjson::GenericValue<rapidjson::UTF8<>, JsonPool>;
using JsonDocument =
    rapidjson::GenericDocument<rapidjson::UTF8<>, JsonPool, ThrowingAllocator>;

// Past this depth a config is hostile, not clever: no CNI config nests more
// than a handful of levels.
inline constexpr int kMaxJsonNesting = 100;

// A parsed document and the pool its values live in. rapidjson's default
// pool takes its first 64 KiB chunk from malloc at once, and each heap page
// first touched costs a page fault (bench/README.md); 4 KiB chunks keep a
// config's values on the pages the rest of the heap already uses.
struct ParsedJson {
  static constexpr size_t kPoolChunkBytes = 4096;
  JsonPool pool{kPoolChunkBytes};
  JsonDocument doc{&pool};
};

// Parses `json` into `*doc`: strict RFC 8259 (no comments, NaN or trailing
// commas), UTF-8 with no unpaired surrogate escapes, no NUL byte, at most
// kMaxJsonNesting levels, one object with nothing but white space after it.
// Error: code 6 saying which rule and where. May throw std::bad_alloc.
absl::Status ParseJsonObject(absl::string_view json, JsonDocument* doc);

struct ReadContext {
  // In the network config; false inside prevResult.
  bool null_is_error = true;
  // Where warnings go (exact keys that won over folded ones); may be null.
  std::vector<std::string>* warnings = nullptr;
};

// Whether JSON key `key` matches field name `name` (ASCII) the way Go's
// encoding/json folds keys: ASCII case-insensitively, with U+212A for k and
// U+017F for s.
bool KeyFoldEquals(absl::string_view key, absl::string_view name);

// For each of `names`, the member of object `v` it reads, or null: exact key
// first, else its folded variant, by the rules at the top of this file.
// `path` names `v` in messages. Errors: code 6 for duplicates. Warnings go to
// ctx.warnings. REQUIRES: v is an object, out->size() == names.size().
absl::Status MatchMembers(const JsonValue& v, absl::string_view path,
                          absl::Span<const absl::string_view> names,
                          const ReadContext& ctx,
                          absl::Span<const JsonValue*> out);

// `parent.key`, or `key` at the top.
std::string FieldPath(absl::string_view parent, absl::string_view key);

// Code 6: "'path' must be WANT, got TYPE VALUE", the value quoted and cut.
absl::Status JsonTypeError(absl::string_view path, absl::string_view want,
                           const JsonValue& v);

// Code 7: `path` is null where a value is required.
absl::Status JsonNullError(absl::string_view path);

// An integral JSON number in [min, max]; `12.0` counts, `"12"` does not.
// Errors: code 6.
absl::StatusOr<int64_t> JsonInteger(const JsonValue& v, absl::string_view path,
                                    int64_t min, int64_t max);

// Integers beyond 2^53 have no exact JSON-number (double) reading.
inline constexpr int64_t kMaxExactInteger = kMaxJsonInteger;

// One field of message M: its JSON key, how to read it into M and how to
// write it from M (key and value, or nothing at its default).
template <typename M>
struct Field {
  absl::string_view key;
  absl::Status (*read)(const JsonValue& v, const std::string& path,
                       const ReadContext& ctx, M* out);
  void (*write)(Writer& w, absl::string_view key, const M& m);
};

// The table of message M, specialised once per message in codec.cc.
template <typename M>
absl::Span<const Field<M>> FieldsOf();

// The most fields one table has; a larger table fails to compile.
inline constexpr size_t kMaxFieldsPerMessage = 16;

// Reads object `v` into `*out` through FieldsOf<M>(). Errors: code 6 for a
// value of the wrong type or a duplicate key, code 7 for a null in the
// config, each naming the field's path.
template <typename M>
absl::Status ReadObject(const JsonValue& v, const std::string& path,
                        const ReadContext& ctx, M* out) {
  if (!v.IsObject()) return JsonTypeError(path, "an object", v);
  const absl::Span<const Field<M>> fields = FieldsOf<M>();
  absl::string_view names[kMaxFieldsPerMessage];
  const JsonValue* found[kMaxFieldsPerMessage] = {};
  for (size_t i = 0; i < fields.size(); ++i) names[i] = fields[i].key;
  INDEX2IP_RETURN_IF_ERROR(MatchMembers(
      v, path, absl::MakeConstSpan(names, fields.size()), ctx,
      absl::MakeSpan(found, fields.size())));
  for (size_t i = 0; i < fields.size(); ++i) {
    if (found[i] == nullptr) continue;
    const std::string field_path = FieldPath(path, fields[i].key);
    if (found[i]->IsNull()) {
      if (ctx.null_is_error) return JsonNullError(field_path);
      continue;
    }
    INDEX2IP_RETURN_IF_ERROR(fields[i].read(*found[i], field_path, ctx, out));
  }
  return absl::OkStatus();
}

template <typename M>
void WriteObject(Writer& w, const M& m) {
  w.Begin('{');
  for (const Field<M>& f : FieldsOf<M>()) f.write(w, f.key, m);
  w.End('}');
}

}  // namespace cni
}  // namespace index2ip

#endif  // CNI_JSON_FIELDS_H_
