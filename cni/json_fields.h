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
// cni.proto means one line in its message's table.
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
inline constexpr size_t kMaxFieldsPerMessage = 12;

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

// ---- How each kind of field is read and written, from the message's
// accessors (the rows below name these).

namespace fields_internal {

using Strings = google::protobuf::RepeatedPtrField<std::string>;

template <typename M, std::string* (M::*Mutable)()>
absl::Status ReadString(const JsonValue& v, const std::string& path,
                        const ReadContext&, M* out) {
  if (!v.IsString()) return JsonTypeError(path, "a string", v);
  (out->*Mutable)()->assign(v.GetString(), v.GetStringLength());
  return absl::OkStatus();
}

template <typename M, const std::string& (M::*Get)() const>
void WriteString(Writer& w, absl::string_view key, const M& m) {
  w.StringField(key, (m.*Get)());
}

// A repeated field must be an array; each element is read by `read_one`.
template <typename ReadOne>
absl::Status ReadArray(const JsonValue& v, const std::string& path,
                       ReadOne read_one) {
  if (!v.IsArray()) return JsonTypeError(path, "an array", v);
  for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
    INDEX2IP_RETURN_IF_ERROR(read_one(v[i], absl::StrCat(path, "[", i, "]")));
  }
  return absl::OkStatus();
}

template <typename M, Strings* (M::*Mutable)()>
absl::Status ReadStrings(const JsonValue& v, const std::string& path,
                         const ReadContext&, M* out) {
  Strings* strings = (out->*Mutable)();
  return ReadArray(v, path, [strings](const JsonValue& e,
                                      const std::string& p) {
    if (!e.IsString()) return JsonTypeError(p, "a string", e);
    strings->Add(std::string(e.GetString(), e.GetStringLength()));
    return absl::OkStatus();
  });
}

template <typename M, const Strings& (M::*Get)() const>
void WriteStrings(Writer& w, absl::string_view key, const M& m) {
  w.StringsField(key, (m.*Get)());
}

template <typename M, typename Sub, Sub* (M::*Mutable)(), bool kPrevResult>
absl::Status ReadMessage(const JsonValue& v, const std::string& path,
                         const ReadContext& ctx, M* out) {
  ReadContext inner = ctx;
  if (kPrevResult) inner.null_is_error = false;
  return ReadObject(v, path, inner, (out->*Mutable)());
}

template <typename M, typename Sub, bool (M::*Has)() const,
          const Sub& (M::*Get)() const>
void WriteMessage(Writer& w, absl::string_view key, const M& m) {
  if (!(m.*Has)()) return;
  w.Key(key);
  WriteObject(w, (m.*Get)());
}

template <typename Sub>
using Messages = google::protobuf::RepeatedPtrField<Sub>;

template <typename M, typename Sub, Messages<Sub>* (M::*Mutable)()>
absl::Status ReadMessages(const JsonValue& v, const std::string& path,
                          const ReadContext& ctx, M* out) {
  Messages<Sub>* list = (out->*Mutable)();
  return ReadArray(v, path, [list, &ctx](const JsonValue& e,
                                         const std::string& p) {
    return ReadObject(e, p, ctx, list->Add());
  });
}

// As ReadMessages, and records that the key was given.
template <typename M, typename Sub, Messages<Sub>* (M::*Mutable)(),
          void (M::*SetGiven)(bool)>
absl::Status ReadMessagesGiven(const JsonValue& v, const std::string& path,
                               const ReadContext& ctx, M* out) {
  (out->*SetGiven)(true);
  return ReadMessages<M, Sub, Mutable>(v, path, ctx, out);
}

template <typename M, typename Sub, const Messages<Sub>& (M::*Get)() const>
void WriteMessages(Writer& w, absl::string_view key, const M& m) {
  w.MessagesField(key, (m.*Get)(), [](Writer& iw, const Sub& s) {
    WriteObject(iw, s);
  });
}

// Printed whenever it was given, an empty list too.
template <typename M, typename Sub, const Messages<Sub>& (M::*Get)() const,
          bool (M::*Given)() const>
void WriteMessagesGiven(Writer& w, absl::string_view key, const M& m) {
  if (!(m.*Given)()) return;
  if ((m.*Get)().empty()) {
    w.Key(key);
    w.Begin('[');
    w.End(']');
    return;
  }
  WriteMessages<M, Sub, Get>(w, key, m);
}

template <typename M, typename T, void (M::*Set)(T), int64_t kMin,
          int64_t kMax>
absl::Status ReadInteger(const JsonValue& v, const std::string& path,
                         const ReadContext&, M* out) {
  INDEX2IP_ASSIGN_OR_RETURN(const int64_t value,
                            JsonInteger(v, path, kMin, kMax));
  (out->*Set)(static_cast<T>(value));
  return absl::OkStatus();
}

template <typename M, void (M::*Set)(bool)>
absl::Status ReadBool(const JsonValue& v, const std::string& path,
                      const ReadContext&, M* out) {
  if (!v.IsBool()) return JsonTypeError(path, "true or false", v);
  (out->*Set)(v.GetBool());
  return absl::OkStatus();
}

template <typename M, bool (M::*Has)() const, bool (M::*Get)() const>
void WriteOptionalBool(Writer& w, absl::string_view key, const M& m) {
  if (!(m.*Has)()) return;
  w.Key(key);
  w.Bool((m.*Get)());
}

template <typename M, typename T, bool (M::*Has)() const, T (M::*Get)() const>
void WriteOptionalInteger(Writer& w, absl::string_view key, const M& m) {
  if (!(m.*Has)()) return;
  w.Key(key);
  w.Number((m.*Get)());
}

template <typename M, typename T, T (M::*Get)() const>
void WriteNonZeroInteger(Writer& w, absl::string_view key, const M& m) {
  if ((m.*Get)() == 0) return;
  w.Key(key);
  w.Number((m.*Get)());
}

}  // namespace fields_internal

// ---- Table rows, one per field kind. Macros rather than constexpr
// functions: a row is then a constant initializer, with nothing left to run
// (or to count as unexecuted in the coverage report) at run time. `f` is the
// field's name in cni.proto, M its message, key its JSON key.

namespace fields_internal {
// The range a JSON number of type T can hold exactly: T's own, within 2^53.
template <typename T>
inline constexpr int64_t kMinOf =
    std::numeric_limits<T>::min() < -kMaxExactInteger
        ? -kMaxExactInteger
        : static_cast<int64_t>(std::numeric_limits<T>::min());
template <typename T>
inline constexpr int64_t kMaxOf =
    std::numeric_limits<T>::max() > kMaxExactInteger
        ? kMaxExactInteger
        : static_cast<int64_t>(std::numeric_limits<T>::max());
}  // namespace fields_internal

// A string.
#define INDEX2IP_STRING_FIELD(M, f, key)                         \
  ::index2ip::cni::Field<M> {                                    \
    key, &::index2ip::cni::fields_internal::ReadString<M, &M::mutable_##f>, \
        &::index2ip::cni::fields_internal::WriteString<M, &M::f>              \
  }

// An array of strings.
#define INDEX2IP_STRINGS_FIELD(M, f, key)                                      \
  ::index2ip::cni::Field<M> {                                                  \
    key, &::index2ip::cni::fields_internal::ReadStrings<M, &M::mutable_##f>,   \
        &::index2ip::cni::fields_internal::WriteStrings<M, &M::f>              \
  }

// An object of message Sub, read through its own table. `prev` is true for
// prevResult, whose nulls mean absent (see the top).
#define INDEX2IP_MESSAGE_FIELD_(M, Sub, f, key, prev)                          \
  ::index2ip::cni::Field<M> {                                                  \
    key,                                                                       \
        &::index2ip::cni::fields_internal::ReadMessage<M, Sub, &M::mutable_##f, \
                                                       prev>,                  \
        &::index2ip::cni::fields_internal::WriteMessage<M, Sub, &M::has_##f,   \
                                                        &M::f>                 \
  }
#define INDEX2IP_MESSAGE_FIELD(M, Sub, f, key) \
  INDEX2IP_MESSAGE_FIELD_(M, Sub, f, key, false)
#define INDEX2IP_PREV_RESULT_FIELD(M, Sub, f, key) \
  INDEX2IP_MESSAGE_FIELD_(M, Sub, f, key, true)

// An array of objects of message Sub.
#define INDEX2IP_MESSAGES_FIELD(M, Sub, f, key)                                \
  ::index2ip::cni::Field<M> {                                                  \
    key,                                                                       \
        &::index2ip::cni::fields_internal::ReadMessages<M, Sub,                \
                                                        &M::mutable_##f>,      \
        &::index2ip::cni::fields_internal::WriteMessages<M, Sub, &M::f>        \
  }

// An array of objects whose presence matters (an empty list is not an
// absent one): `f_given` records that the key was there.
#define INDEX2IP_MESSAGES_GIVEN_FIELD(M, Sub, f, key)                          \
  ::index2ip::cni::Field<M> {                                                  \
    key,                                                                       \
        &::index2ip::cni::fields_internal::ReadMessagesGiven<                  \
            M, Sub, &M::mutable_##f, &M::set_##f##_given>,                     \
        &::index2ip::cni::fields_internal::WriteMessagesGiven<                 \
            M, Sub, &M::f, &M::f##_given>                                      \
  }

// An optional integer of type T (within 2^53), printed when set.
#define INDEX2IP_OPTIONAL_INT_FIELD(M, T, f, key)                              \
  ::index2ip::cni::Field<M> {                                                  \
    key,                                                                       \
        &::index2ip::cni::fields_internal::ReadInteger<                        \
            M, T, &M::set_##f, ::index2ip::cni::fields_internal::kMinOf<T>,    \
            ::index2ip::cni::fields_internal::kMaxOf<T>>,                      \
        &::index2ip::cni::fields_internal::WriteOptionalInteger<M, T,          \
                                                                &M::has_##f,   \
                                                                &M::f>         \
  }

// An optional boolean, printed when set.
#define INDEX2IP_OPTIONAL_BOOL_FIELD(M, f, key)                               \
  ::index2ip::cni::Field<M> {                                                 \
    key, &::index2ip::cni::fields_internal::ReadBool<M, &M::set_##f>,         \
        &::index2ip::cni::fields_internal::WriteOptionalBool<M, &M::has_##f,  \
                                                             &M::f>           \
  }

// An integer printed when not zero (proto3's implicit presence).
#define INDEX2IP_INT_FIELD(M, T, f, key)                                       \
  ::index2ip::cni::Field<M> {                                                  \
    key,                                                                       \
        &::index2ip::cni::fields_internal::ReadInteger<                        \
            M, T, &M::set_##f, ::index2ip::cni::fields_internal::kMinOf<T>,    \
            ::index2ip::cni::fields_internal::kMaxOf<T>>,                      \
        &::index2ip::cni::fields_internal::WriteNonZeroInteger<M, T, &M::f>    \
  }

}  // namespace cni
}  // namespace index2ip

#endif  // CNI_JSON_FIELDS_H_
