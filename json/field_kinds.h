// The kinds of field a table row of fields.h can be, each a macro
// that makes one row from a message's generated accessors:
//
//   INDEX2IP_STRING_FIELD(Route, dst, "dst")
//   INDEX2IP_MESSAGES_FIELD(Result, Route, routes, "routes")
//   INDEX2IP_OPTIONAL_INT_FIELD(Ipam, int64_t, index, "index")
//
// and the templates that read and write each kind.

#ifndef JSON_FIELD_KINDS_H_
#define JSON_FIELD_KINDS_H_

#include <cstdint>
#include <limits>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "base/status_macros.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "json/fields.h"
#include "json/writer.h"

namespace index2ip {
namespace json {

// ---- How each kind of field is read and written, from the message's
// accessors (the rows below name these).

namespace fields_internal {

using Strings = google::protobuf::RepeatedPtrField<std::string>;

template <typename M, std::string* (M::*Mutable)()>
absl::Status ReadString(const JsonValue& v, const Path& path,
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
absl::Status ReadArray(const JsonValue& v, const Path& path, ReadOne read_one) {
  if (!v.IsArray()) return JsonTypeError(path, "an array", v);
  for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
    INDEX2IP_RETURN_IF_ERROR(read_one(v[i], Path(path, i)));
  }
  return absl::OkStatus();
}

template <typename M, Strings* (M::*Mutable)()>
absl::Status ReadStrings(const JsonValue& v, const Path& path,
                         const ReadContext&, M* out) {
  Strings* strings = (out->*Mutable)();
  return ReadArray(v, path, [strings](const JsonValue& e, const Path& p) {
    if (!e.IsString()) return JsonTypeError(p, "a string", e);
    strings->Add(std::string(e.GetString(), e.GetStringLength()));
    return absl::OkStatus();
  });
}

template <typename M, const Strings& (M::*Get)() const>
void WriteStrings(Writer& w, absl::string_view key, const M& m) {
  w.StringsField(key, (m.*Get)());
}

template <typename M, typename Sub, Sub* (M::*Mutable)(), bool kLenient>
absl::Status ReadMessage(const JsonValue& v, const Path& path,
                         const ReadContext& ctx, M* out) {
  ReadContext inner = ctx;
  if (kLenient) inner.null_is_error = false;
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
absl::Status ReadMessages(const JsonValue& v, const Path& path,
                          const ReadContext& ctx, M* out) {
  Messages<Sub>* list = (out->*Mutable)();
  return ReadArray(v, path, [list, &ctx](const JsonValue& e, const Path& p) {
    return ReadObject(e, p, ctx, list->Add());
  });
}

// As ReadMessages, and records that the key was given.
template <typename M, typename Sub, Messages<Sub>* (M::*Mutable)(),
          void (M::*SetGiven)(bool)>
absl::Status ReadMessagesGiven(const JsonValue& v, const Path& path,
                               const ReadContext& ctx, M* out) {
  (out->*SetGiven)(true);
  return ReadMessages<M, Sub, Mutable>(v, path, ctx, out);
}

template <typename M, typename Sub, const Messages<Sub>& (M::*Get)() const>
void WriteMessages(Writer& w, absl::string_view key, const M& m) {
  w.MessagesField(key, (m.*Get)(),
                  [](Writer& iw, const Sub& s) { WriteObject(iw, s); });
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

template <typename M, typename T, void (M::*Set)(T), int64_t kMin, int64_t kMax>
absl::Status ReadInteger(const JsonValue& v, const Path& path,
                         const ReadContext&, M* out) {
  INDEX2IP_ASSIGN_OR_RETURN(const int64_t value,
                            JsonInteger(v, path, kMin, kMax));
  (out->*Set)(static_cast<T>(value));
  return absl::OkStatus();
}

template <typename M, void (M::*Set)(bool)>
absl::Status ReadBool(const JsonValue& v, const Path& path, const ReadContext&,
                      M* out) {
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
// field's name in its .proto, M its message, key its JSON key.

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
#define INDEX2IP_STRING_FIELD(M, f, key)                                     \
  ::index2ip::json::Field<M> {                                               \
    key, &::index2ip::json::fields_internal::ReadString<M, &M::mutable_##f>, \
        &::index2ip::json::fields_internal::WriteString<M, &M::f>            \
  }

// An array of strings.
#define INDEX2IP_STRINGS_FIELD(M, f, key)                                     \
  ::index2ip::json::Field<M> {                                                \
    key, &::index2ip::json::fields_internal::ReadStrings<M, &M::mutable_##f>, \
        &::index2ip::json::fields_internal::WriteStrings<M, &M::f>            \
  }

// An object of message Sub, read through its own table. `lenient` is true
// for an object other programs write (CNI's prevResult), inside which null
// means absent (fields.h).
#define INDEX2IP_MESSAGE_FIELD_(M, Sub, f, key, lenient)                      \
  ::index2ip::json::Field<M> {                                                \
    key,                                                                      \
        &::index2ip::json::fields_internal::ReadMessage<                      \
            M, Sub, &M::mutable_##f, lenient>,                                \
        &::index2ip::json::fields_internal::WriteMessage<M, Sub, &M::has_##f, \
                                                         &M::f>               \
  }
#define INDEX2IP_MESSAGE_FIELD(M, Sub, f, key) \
  INDEX2IP_MESSAGE_FIELD_(M, Sub, f, key, false)
#define INDEX2IP_LENIENT_MESSAGE_FIELD(M, Sub, f, key) \
  INDEX2IP_MESSAGE_FIELD_(M, Sub, f, key, true)

// An array of objects of message Sub.
#define INDEX2IP_MESSAGES_FIELD(M, Sub, f, key)                            \
  ::index2ip::json::Field<M> {                                             \
    key,                                                                   \
        &::index2ip::json::fields_internal::ReadMessages<M, Sub,           \
                                                         &M::mutable_##f>, \
        &::index2ip::json::fields_internal::WriteMessages<M, Sub, &M::f>   \
  }

// An array of objects whose presence matters (an empty list is not an
// absent one): `f_given` records that the key was there.
#define INDEX2IP_MESSAGES_GIVEN_FIELD(M, Sub, f, key)                         \
  ::index2ip::json::Field<M> {                                                \
    key,                                                                      \
        &::index2ip::json::fields_internal::ReadMessagesGiven<                \
            M, Sub, &M::mutable_##f, &M::set_##f##_given>,                    \
        &::index2ip::json::fields_internal::WriteMessagesGiven<M, Sub, &M::f, \
                                                               &M::f##_given> \
  }

// An optional integer of type T (within 2^53), printed when set.
#define INDEX2IP_OPTIONAL_INT_FIELD(M, T, f, key)                            \
  ::index2ip::json::Field<M> {                                               \
    key,                                                                     \
        &::index2ip::json::fields_internal::ReadInteger<                     \
            M, T, &M::set_##f, ::index2ip::json::fields_internal::kMinOf<T>, \
            ::index2ip::json::fields_internal::kMaxOf<T>>,                   \
        &::index2ip::json::fields_internal::WriteOptionalInteger<            \
            M, T, &M::has_##f, &M::f>                                        \
  }

// An optional boolean, printed when set.
#define INDEX2IP_OPTIONAL_BOOL_FIELD(M, f, key)                               \
  ::index2ip::json::Field<M> {                                                \
    key, &::index2ip::json::fields_internal::ReadBool<M, &M::set_##f>,        \
        &::index2ip::json::fields_internal::WriteOptionalBool<M, &M::has_##f, \
                                                              &M::f>          \
  }

// An integer printed when not zero (proto3's implicit presence).
#define INDEX2IP_INT_FIELD(M, T, f, key)                                     \
  ::index2ip::json::Field<M> {                                               \
    key,                                                                     \
        &::index2ip::json::fields_internal::ReadInteger<                     \
            M, T, &M::set_##f, ::index2ip::json::fields_internal::kMinOf<T>, \
            ::index2ip::json::fields_internal::kMaxOf<T>>,                   \
        &::index2ip::json::fields_internal::WriteNonZeroInteger<M, T, &M::f> \
  }

}  // namespace json
}  // namespace index2ip

#endif  // JSON_FIELD_KINDS_H_
