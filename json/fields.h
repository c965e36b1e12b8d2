// JSON <-> protobuf-lite messages, each message's mapping declared once as a
// table of fields, walked by one reader and one writer; no reflection, which
// costs a short-lived process more than everything else it does (bench/).
//
// Go's encoding/json reads a type through its struct tags, and the tags are
// the whole mapping (containernetworking/cni: pkg/types/types.go). Here the
// package that owns a message declares its table, an overload of
// JsonFields() in the message's own namespace, found by argument-dependent
// lookup:
//
//   INDEX2IP_JSON_TABLE(Route,                        // in namespace cni
//                       INDEX2IP_STRING_FIELD(Route, dst, "dst"),
//                       INDEX2IP_STRING_FIELD(Route, gw, "gw"))
//
//   absl::StatusOr<Route> r = json::Decode<Route>(R"({"dst":"0.0.0.0/0"})");
//   std::string text = json::Encode(*r);   // {"dst":"0.0.0.0/0"}\n
//
// Adding a field to a message means one line in its table. The row macros,
// one per kind of field, are in field_kinds.h.
//
// Keys are read the way Go's encoding/json reads them, so that libcni, the
// main plugin and this plugin see one config: an exact match first, else an
// ASCII case-insensitive one (with Go's two non-ASCII folds, U+212A KELVIN
// SIGN for k and U+017F LONG S for s). Stricter than Go, where the last of
// two matching keys silently wins:
//   - an exact key beside folded variants wins, with a warning;
//   - a key given twice exactly, or two different folded variants with no
//     exact key, is an error;
//   - null for a field the table reads is an error where the context says
//     values are required (a network config: Go reads it as absent, which
//     lets a null `ipam.index` fall through to a pod-chosen index), and
//     absent elsewhere (prevResult, written by other plugins).
// Keys no table names are never compared with anything, so the walk is
// linear in the input whatever the keys.
//
// Errors carry absl codes only; a protocol maps them to its own (cni/codec.h
// to CNI codes 6, 7 and 11):
//   InvalidArgument     the text is not one JSON object of the table's shape
//   FailedPrecondition  a null where values are required
//   ResourceExhausted   memory ran out (rapidjson's pool or the messages)
//
// Printing follows the table order, which is the .proto's field order, and
// leaves out fields at their default: protobuf's own printing of the
// messages (writer.h).

#ifndef JSON_FIELDS_H_
#define JSON_FIELDS_H_

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iterator>
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
#include "google/protobuf/repeated_ptr_field.h"
#include "json/limits.h"
#include "json/writer.h"
#include "rapidjson/document.h"

namespace index2ip {
namespace json {

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
// first touched costs a page fault (docs/performance-history.md); 4 KiB chunks
// keep a config's values on the pages the rest of the heap already uses.
struct ParsedJson {
  static constexpr size_t kPoolChunkBytes = 4096;
  JsonPool pool{kPoolChunkBytes};
  JsonDocument doc{&pool};
};

// Parses `json` into `*doc`: strict RFC 8259 (no comments, NaN or trailing
// commas), UTF-8 with no unpaired surrogate escapes, no NUL byte, at most
// kMaxJsonNesting levels, one object with nothing but white space after it.
// Error: InvalidArgument saying which rule and where. May throw
// std::bad_alloc.
absl::Status ParseJsonObject(absl::string_view json, JsonDocument* doc);

// Runs `read` (which returns a Status or a StatusOr) and returns what it
// returns, or ResourceExhausted when it throws std::bad_alloc: reading JSON
// is where an input's size decides how much memory a call takes (a megabyte
// of stdin under RLIMIT_AS), so every reader of JSON goes through this one
// catch. The other is the process's own (index2ip/process_io.h).
template <typename F>
auto CatchOutOfMemory(F&& read) -> decltype(read()) {
  try {
    return read();
  } catch (const std::bad_alloc&) {
    return absl::ResourceExhaustedError("out of memory while reading JSON");
  }
}

// Where a value is in the document, for messages: "ipam.index",
// "plugins[2].ipam". A level lives on its reader's stack and points at its
// parent's; the text is built only for an error or a warning, since
// building it for every field read was a tenth of decoding a claims store.
class Path {
 public:
  Path() = default;  // the top
  Path(const Path& parent, absl::string_view key)
      : parent_(&parent), key_(key) {}
  Path(const Path& parent, size_t index) : parent_(&parent), index_(index) {}
  std::string ToString() const;

 private:
  const Path* parent_ = nullptr;
  absl::string_view key_;
  size_t index_ = static_cast<size_t>(-1);
};

struct ReadContext {
  // Whether null is an error (a network config) or absent (inside a
  // lenient message: field_kinds.h).
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
// `path` names `v` in messages. Errors: InvalidArgument for duplicates.
// Warnings go to ctx.warnings. REQUIRES: v is an object, out->size() ==
// names.size().
absl::Status MatchMembers(const JsonValue& v, const Path& path,
                          absl::Span<const absl::string_view> names,
                          const ReadContext& ctx,
                          absl::Span<const JsonValue*> out);

// InvalidArgument: "'path' must be WANT, got TYPE VALUE", the value quoted and
// cut.
absl::Status JsonTypeError(const Path& path, absl::string_view want,
                           const JsonValue& v);

// FailedPrecondition: `path` is null where a value is required.
absl::Status JsonNullError(const Path& path);

// An integral JSON number in [min, max]; `12.0` counts, `"12"` does not.
// Errors: InvalidArgument.
absl::StatusOr<int64_t> JsonInteger(const JsonValue& v, const Path& path,
                                    int64_t min, int64_t max);

// Integers beyond 2^53 have no exact JSON-number (double) reading.
inline constexpr int64_t kMaxExactInteger = kMaxJsonInteger;

// One field of message M: its JSON key, how to read it into M and how to
// write it from M (key and value, or nothing at its default).
template <typename M>
struct Field {
  absl::string_view key;
  absl::Status (*read)(const JsonValue& v, const Path& path,
                       const ReadContext& ctx, M* out);
  void (*write)(Writer& w, absl::string_view key, const M& m);
};

// The table of message M: JsonFields(const M*), declared by
// INDEX2IP_JSON_TABLE in M's namespace and found by argument-dependent
// lookup.
template <typename M>
absl::Span<const Field<M>> FieldsOf() {
  return JsonFields(static_cast<const M*>(nullptr));
}

// The most fields one table has; a larger table fails to compile.
inline constexpr size_t kMaxFieldsPerMessage = 24;

// Reads object `v` into `*out` through M's table. Errors, each naming the
// field's path: InvalidArgument for a value of the wrong type or a duplicate
// key, FailedPrecondition for a null where ctx requires values.
template <typename M>
absl::Status ReadObject(const JsonValue& v, const Path& path,
                        const ReadContext& ctx, M* out) {
  if (!v.IsObject()) return JsonTypeError(path, "an object", v);
  const absl::Span<const Field<M>> fields = FieldsOf<M>();
  absl::string_view names[kMaxFieldsPerMessage];
  const JsonValue* found[kMaxFieldsPerMessage] = {};
  for (size_t i = 0; i < fields.size(); ++i) names[i] = fields[i].key;
  INDEX2IP_RETURN_IF_ERROR(
      MatchMembers(v, path, absl::MakeConstSpan(names, fields.size()), ctx,
                   absl::MakeSpan(found, fields.size())));
  for (size_t i = 0; i < fields.size(); ++i) {
    if (found[i] == nullptr) continue;
    const Path field_path(path, fields[i].key);
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

// `text` as one JSON object read into a fresh M (the errors at the top).
template <typename M>
absl::StatusOr<M> Decode(absl::string_view text,
                         const ReadContext& ctx = ReadContext()) {
  return CatchOutOfMemory([&]() -> absl::StatusOr<M> {
    ParsedJson parsed;
    INDEX2IP_RETURN_IF_ERROR(ParseJsonObject(text, &parsed.doc));
    M out;
    INDEX2IP_RETURN_IF_ERROR(ReadObject(parsed.doc, Path(), ctx, &out));
    return out;
  });
}

// Compact JSON of `m` followed by a newline, as protobuf's
// MessageToJsonString prints it with default options.
template <typename M>
std::string Encode(const M& m) {
  Writer w;
  WriteObject(w, m);
  return w.Finish();
}

// Defines M's table (see the top); use in M's namespace. At most
// kMaxFieldsPerMessage rows.
#define INDEX2IP_JSON_TABLE(M, ...)                                        \
  absl::Span<const ::index2ip::json::Field<M>> JsonFields(const M*) {      \
    static constexpr ::index2ip::json::Field<M> kFields[] = {__VA_ARGS__}; \
    static_assert(std::size(kFields) <=                                    \
                  ::index2ip::json::kMaxFieldsPerMessage);                 \
    return kFields;                                                        \
  }
// Declares M's table, for a file that reads or writes M before the table
// is defined (messages that nest one another).
#define INDEX2IP_JSON_DECLARE(M) \
  absl::Span<const ::index2ip::json::Field<M>> JsonFields(const M*);

}  // namespace json
}  // namespace index2ip

#endif  // JSON_FIELDS_H_
