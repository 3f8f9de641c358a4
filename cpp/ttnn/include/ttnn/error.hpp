#pragma once
// Two kinds of checks (docs/architecture.md, Errors):
//   TTNN_CHECK(cond, KIND, parts...)  a user-input check; KIND picks the Python exception type.
//   TTNN_ASSERT(cond, parts...)       an internal invariant; failing it is a bug in this library.
// Messages follow one formula: "<op>: <what is wrong>; expected <X>, got <Y>".
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>

namespace ttnn {

// The Python binding maps each kind onto the builtin exception of the same name.
enum class ErrorKind { VALUE, TYPE, INDEX, NOT_IMPLEMENTED, RUNTIME, INTERNAL };

class Error : public std::runtime_error {
public:
    Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
    ErrorKind kind() const { return kind_; }

private:
    ErrorKind kind_;
};

namespace detail {
template <typename... Parts>
std::string concat(Parts&&... parts) {
    std::ostringstream out;
    (out << ... << std::forward<Parts>(parts));
    return out.str();
}

[[noreturn]] inline void throw_error(ErrorKind kind, const std::string& message) {
    throw Error(kind, message);
}
}  // namespace detail

}  // namespace ttnn

#define TTNN_FAIL(KIND, ...) ::ttnn::detail::throw_error(::ttnn::ErrorKind::KIND, ::ttnn::detail::concat(__VA_ARGS__))

#define TTNN_CHECK(COND, KIND, ...)       \
    do {                                  \
        if (!(COND)) {                    \
            TTNN_FAIL(KIND, __VA_ARGS__); \
        }                                 \
    } while (0)

#define TTNN_ASSERT(COND, ...)                                                                                  \
    do {                                                                                                        \
        if (!(COND)) {                                                                                          \
            TTNN_FAIL(INTERNAL, "internal error (", __FILE__, ":", __LINE__, "): ", #COND, " ", ##__VA_ARGS__); \
        }                                                                                                       \
    } while (0)
