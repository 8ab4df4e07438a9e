"""Discord's JSON error bodies and the exceptions the fake raises to test code."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

PathPart = str | int

# Discord JSON error codes used by the fake.
GENERAL = 0
UNKNOWN_CHANNEL = 10003
UNKNOWN_MESSAGE = 10008
UNKNOWN_WEBHOOK = 10015
UNKNOWN_INTERACTION = 10062
MISSING_ACCESS = 50001
EMPTY_MESSAGE = 50006
INVALID_WEBHOOK_TOKEN = 50027
INVALID_FORM_BODY = 50035
REQUEST_TOO_LARGE = 40005
ALREADY_ACKNOWLEDGED = 40060


@dataclass(frozen=True)
class FieldError:
    """One validation problem, located by its path in the request body."""

    path: tuple[PathPart, ...]
    code: str
    message: str

    def __str__(self) -> str:
        where = ".".join(str(p) for p in self.path) or "<body>"
        return f"{where}: {self.message} ({self.code})"


def field_error(path: Sequence[PathPart], message: str, code: str = "BASE_TYPE_INVALID") -> FieldError:
    """Shorthand constructor for :class:`FieldError`."""
    return FieldError(tuple(path), code, message)


def max_length(path: Sequence[PathPart], limit: int) -> FieldError:
    return field_error(path, f"Must be {limit} or fewer in length.", "BASE_TYPE_MAX_LENGTH")


def length_between(path: Sequence[PathPart], low: int, high: int) -> FieldError:
    return field_error(path, f"Must be between {low} and {high} in length.", "BASE_TYPE_BAD_LENGTH")


def required(path: Sequence[PathPart]) -> FieldError:
    return field_error(path, "This field is required", "BASE_TYPE_REQUIRED")


def nest_errors(errors: Iterable[FieldError]) -> dict[str, Any]:
    """Build Discord's nested ``errors`` object: {"a": {"0": {"b": {"_errors": [...]}}}}."""
    root: dict[str, Any] = {}
    for err in errors:
        node = root
        for part in err.path:
            node = node.setdefault(str(part), {})
        node.setdefault("_errors", []).append({"code": err.code, "message": err.message})
    return root


def error_body(code: int, message: str, errors: Iterable[FieldError] = ()) -> dict[str, Any]:
    """Discord's error shape: {"code", "message"[, "errors"]}."""
    body: dict[str, Any] = {"code": code, "message": message}
    nested = nest_errors(errors)
    if nested:
        body["errors"] = nested
    return body


class ApiError(Exception):
    """Raised inside request handlers; becomes a Discord JSON error response."""

    def __init__(
        self,
        status: int,
        code: int,
        message: str,
        errors: Sequence[FieldError] = (),
        *,
        violation: bool = True,
    ) -> None:
        super().__init__(f"{status} {code} {message}")
        self.status = status
        self.code = code
        self.message = message
        self.errors = list(errors)
        # False for errors that are not the bot's fault (e.g. 401 for a deliberately bad token).
        self.violation = violation

    def body(self) -> dict[str, Any]:
        return error_body(self.code, self.message, self.errors)


def invalid_form(errors: Sequence[FieldError]) -> ApiError:
    return ApiError(400, INVALID_FORM_BODY, "Invalid Form Body", errors)


class InvocationError(ValueError):
    """A test asked the fake to do something a real Discord client could not do."""


class CommandNotSynced(InvocationError, LookupError):
    """The command is not in the synced (stored) command list, so no user could invoke it."""


@dataclass
class Violation:
    """A request from the bot that real Discord would reject (recorded, and answered with an error)."""

    method: str
    path: str
    status: int
    code: int
    message: str
    details: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        extra = ("; " + "; ".join(self.details)) if self.details else ""
        return f"{self.method} {self.path} -> {self.status} ({self.code}) {self.message}{extra}"
