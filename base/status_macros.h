// Early-return helpers for absl::Status and absl::StatusOr.
//
// Debian's abseil (20220623) predates abseil's own status macros; these are
// named so that they can be swapped for the upstream ones when it has them.
//
// Example:
//   absl::StatusOr<int> ParsePort(absl::string_view text);
//   absl::Status Use(absl::string_view text) {
//     INDEX2IP_ASSIGN_OR_RETURN(int port, ParsePort(text));
//     INDEX2IP_RETURN_IF_ERROR(Bind(port));
//     return absl::OkStatus();
//   }

#ifndef BASE_STATUS_MACROS_H_
#define BASE_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Returns `expr` from the enclosing function when it is not OK.
#define INDEX2IP_RETURN_IF_ERROR(expr)                   \
  do {                                                   \
    const ::absl::Status index2ip_status_ = (expr);      \
    if (!index2ip_status_.ok()) return index2ip_status_; \
  } while (false)

#define INDEX2IP_STATUS_CONCAT_INNER_(a, b) a##b
#define INDEX2IP_STATUS_CONCAT_(a, b) INDEX2IP_STATUS_CONCAT_INNER_(a, b)

// Evaluates `expr` (an absl::StatusOr<T>); returns its status when it is not
// OK, else moves its value into `lhs`, which may be a declaration.
#define INDEX2IP_ASSIGN_OR_RETURN(lhs, expr) \
  INDEX2IP_ASSIGN_OR_RETURN_IMPL_(           \
      INDEX2IP_STATUS_CONCAT_(index2ip_statusor_, __LINE__), lhs, expr)

#define INDEX2IP_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                                    \
  if (!statusor.ok()) return std::move(statusor).status();   \
  lhs = *std::move(statusor)

#endif  // BASE_STATUS_MACROS_H_
