package sessionstore

// #include <sessionstore/c.h>
import "C"

import "fmt"

// Code is the status code of a failed call (the C API's SESSIONSTORE_*).
type Code int

const (
	CodeOK                 Code = 0
	CodeNotFound           Code = 1  // no such session or entry
	CodeInvalidArgument    Code = 2  // the input breaks a rule; the message names it
	CodeAlreadyExists      Code = 3  // a session with that id exists
	CodeCorruption         Code = 4  // stored data is damaged; Path, Line and Offset say where
	CodeIOError            Code = 5  // the system refused
	CodeBusy               Code = 6  // another writer holds the session; retry later
	CodeUnavailable        Code = 7  // the backend is down; retry later
	CodeFailedPrecondition Code = 8  // the handle refuses work (closed, or a writer after a failed sync)
	CodeNotSupported       Code = 9  // the data needs a newer sessionstore
	CodePermissionDenied   Code = 10 // the store refused who the caller is
)

// Error is what every call returns when it fails: the code, the whole
// message, and where it happened when that is one file or one line.
type Error struct {
	Code    Code
	Message string
	Path    string // the file or place; "" if none
	Line    int64  // 1-based; -1 if none
	Offset  int64  // byte offset of that line; -1 if none
}

func (e *Error) Error() string { return e.Message }

// Is makes errors.Is(err, ErrNotFound) (and the others) match by code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Message == "" && t.Code == e.Code
}

// Sentinels for errors.Is.
var (
	ErrNotFound           = &Error{Code: CodeNotFound}
	ErrInvalidArgument    = &Error{Code: CodeInvalidArgument}
	ErrAlreadyExists      = &Error{Code: CodeAlreadyExists}
	ErrCorruption         = &Error{Code: CodeCorruption}
	ErrIO                 = &Error{Code: CodeIOError}
	ErrBusy               = &Error{Code: CodeBusy}
	ErrUnavailable        = &Error{Code: CodeUnavailable}
	ErrFailedPrecondition = &Error{Code: CodeFailedPrecondition}
	ErrNotSupported       = &Error{Code: CodeNotSupported}
	ErrPermissionDenied   = &Error{Code: CodePermissionDenied}
)

// takeError turns a C error into an *Error and destroys it.
func takeError(err *C.sessionstore_error_t) error {
	if err == nil {
		return nil
	}
	defer C.sessionstore_error_destroy(err)
	return &Error{
		Code:    Code(C.sessionstore_error_code(err)),
		Message: C.GoString(C.sessionstore_error_message(err)),
		Path:    C.GoString(C.sessionstore_error_path(err)),
		Line:    int64(C.sessionstore_error_line(err)),
		Offset:  int64(C.sessionstore_error_offset(err)),
	}
}

func invalid(format string, args ...any) error {
	return &Error{Code: CodeInvalidArgument, Message: "Invalid argument: " + fmt.Sprintf(format, args...), Line: -1,
		Offset: -1}
}
