// Compact JSON text, written field by field: what the tables of fields.h
// print messages with.
//
// The output is what protobuf 3.21's MessageToJsonString prints for the same
// message (the golden results are its bytes, and codec_test pins them): no
// white space, fields at their default left out by the callers, and strings
// escaped as protobuf's JsonEscaping escapes them. That escaping is more than
// JSON needs (it also escapes < and > and the Unicode format characters), and
// it is kept so that every error object and result prints as it always has.
//
// Example:
//   Writer w;
//   w.Begin('{');
//   w.StringField("cniVersion", "1.0.0");
//   w.End('}');
//   w.Finish();  // {"cniVersion":"1.0.0"}\n

#ifndef JSON_WRITER_H_
#define JSON_WRITER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace index2ip {
namespace json {

// Compact JSON in protobuf's bytes; see the top of this file.
class Writer {
 public:
  std::string Finish() {
    out_.push_back('\n');
    return std::move(out_);
  }

  void Begin(char c) {
    out_.push_back(c);
    first_ = true;
  }
  void End(char c) {
    out_.push_back(c);
    first_ = false;
  }
  void Key(absl::string_view key) {
    Separator();
    out_.push_back('"');
    out_.append(key.data(), key.size());
    out_.append("\":");
    first_ = true;  // the value follows without a comma
  }
  void String(absl::string_view s) {
    Separator();
    out_.push_back('"');
    Escape(s);
    out_.push_back('"');
  }
  void Number(int64_t n) {
    Separator();
    absl::StrAppend(&out_, n);
  }
  void Bool(bool b) {
    Separator();
    out_.append(b ? "true" : "false");
  }

  // Fields at their default value are left out, as protobuf prints them.
  void StringField(absl::string_view key, const std::string& value) {
    if (value.empty()) return;
    Key(key);
    String(value);
  }
  template <typename Field>
  void StringsField(absl::string_view key, const Field& values) {
    if (values.empty()) return;
    Key(key);
    Begin('[');
    for (const std::string& v : values) String(v);
    End(']');
  }
  template <typename Field, typename Fn>
  void MessagesField(absl::string_view key, const Field& values, Fn write) {
    if (values.empty()) return;
    Key(key);
    Begin('[');
    for (const auto& v : values) {
      Separator();
      write(*this, v);
      first_ = false;
    }
    End(']');
  }

 private:
  void Separator() {
    if (!first_) out_.push_back(',');
    first_ = false;
  }

  // protobuf 3.21's JsonEscaping: the two-character escapes for \b \t \n \f
  // \r " and \\, \u00XX for other control characters and DEL, \u003c and
  // \u003e for < and >, \uXXXX for the Unicode format characters protobuf
  // escapes; everything else as is.
  void Escape(absl::string_view s);
  void AppendU(uint32_t unit);

  std::string out_;
  bool first_ = true;
};

}  // namespace json
}  // namespace index2ip

#endif  // JSON_WRITER_H_
