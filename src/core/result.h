// Result<T>: a value or the Status that explains why there is none, shaped
// like std::expected (which g++ 12 lacks under C++20). Construct from a T for
// success or from a failed Status for failure; constructing from an ok Status
// is a broken invariant and becomes kInternal.
#ifndef VAFA_CORE_RESULT_H_
#define VAFA_CORE_RESULT_H_

#include <cassert>
#include <utility>
#include <variant>

#include "core/status.h"

namespace vafa {

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : state_(std::move(status)) {  // NOLINT
    if (std::get<Status>(state_).ok()) {
      state_ = Status::Internal("Result built from an ok Status");
    }
  }

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  // The failure; Status::Ok() when there is a value.
  Status status() const {
    return ok() ? Status::Ok() : std::get<Status>(state_);
  }

  const T& value() const& {
    assert(ok());
    return std::get<T>(state_);
  }
  T& value() & {
    assert(ok());
    return std::get<T>(state_);
  }
  T&& value() && {
    assert(ok());
    return std::get<T>(std::move(state_));
  }

  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  T value_or(T fallback) const& { return ok() ? value() : fallback; }

 private:
  std::variant<T, Status> state_;
};

}  // namespace vafa

// Evaluates `expr` (a Result); on failure returns its Status from the
// enclosing function, otherwise moves the value into `lhs`.
#define VAFA_ASSIGN_OR_RETURN(lhs, expr) \
  VAFA_ASSIGN_OR_RETURN_IMPL_(VAFA_CONCAT_(vafa_result_, __LINE__), lhs, expr)
#define VAFA_CONCAT_INNER_(a, b) a##b
#define VAFA_CONCAT_(a, b) VAFA_CONCAT_INNER_(a, b)
#define VAFA_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                \
  if (!tmp.ok()) return tmp.status();               \
  lhs = std::move(tmp).value()

#endif  // VAFA_CORE_RESULT_H_
