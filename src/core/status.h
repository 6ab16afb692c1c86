// Status: the outcome of a call that can fail in an expected way (bad input,
// not found, conflict). A value, never an exception: functions return it
// marked [[nodiscard]] and callers must look at it.
//
// A Status carries a code (one table, http_status.h in api/, maps codes to HTTP
// statuses), a message that names the place ("customers.csv:42: column
// \"phone\": ...") and, where one field is at fault, that field's name.
// Thread-compatible value type.
#ifndef VAFA_CORE_STATUS_H_
#define VAFA_CORE_STATUS_H_

#include <string>
#include <string_view>
#include <utility>

namespace vafa {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // bad input: a field, a row, a parameter
  kNotFound,            // the thing named does not exist (or is not visible)
  kAlreadyExists,       // a create that would duplicate
  kConflict,            // a change that contradicts the stored state
  kUnauthenticated,     // no or bad credentials
  kPermissionDenied,    // credentials fine, role may not do this
  kResourceExhausted,   // throttled or over a size limit
  kFailedPrecondition,  // the system is not in a state to do this
  kUnavailable,         // a backend cannot be reached
  kInternal,            // a broken invariant surfaced as a value
};

// The stable lower_snake name of a code, used in API errors and logs.
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message, std::string field = {})
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}

  static Status Ok() { return Status(); }
  static Status Invalid(std::string message, std::string field = {}) {
    return Status(StatusCode::kInvalidArgument, std::move(message),
                  std::move(field));
  }
  // A field whose value the rules refuse in the present state (a status
  // move, a balance to overdraw): the API answers 422 naming the field.
  static Status Refused(std::string field, std::string message) {
    return Status(StatusCode::kFailedPrecondition, std::move(message),
                  std::move(field));
  }
  static Status NotFound(std::string message) {
    return Status(StatusCode::kNotFound, std::move(message));
  }
  static Status Conflict(std::string message) {
    return Status(StatusCode::kConflict, std::move(message));
  }
  static Status Internal(std::string message) {
    return Status(StatusCode::kInternal, std::move(message));
  }
  static Status Unavailable(std::string message) {
    return Status(StatusCode::kUnavailable, std::move(message));
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& field() const { return field_; }

  // "invalid_argument: customers.csv:3: ..." for logs and the CLI.
  std::string ToString() const;

  // Returns a copy whose message is prefixed with `place` and ": ".
  Status WithPlace(std::string_view place) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string field_;
};

}  // namespace vafa

// Returns early from the enclosing function when `expr` yields a failed Status.
#define VAFA_RETURN_IF_ERROR(expr)               \
  do {                                           \
    ::vafa::Status vafa_status_ = (expr);        \
    if (!vafa_status_.ok()) return vafa_status_; \
  } while (0)

#endif  // VAFA_CORE_STATUS_H_
