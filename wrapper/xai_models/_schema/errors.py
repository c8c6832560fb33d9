"""The exceptions xai_models raises, and the one place that maps HTTP statuses to them.

XAIError                          anything this package raises on purpose (a missing key, for one)
└── APIError                      a request was made and gave no usable result
    ├── APIStatusError            the API answered with an error status
    │   ├── BadRequestError           400
    │   ├── AuthenticationError       401, and the API's 400 answer to a wrong key
    │   ├── PermissionDeniedError     403
    │   ├── NotFoundError             404
    │   ├── ConflictError             409
    │   ├── UnprocessableEntityError  422
    │   ├── RateLimitError            429
    │   └── InternalServerError       500 and above, non-standard ones (520) included
    ├── APIConnectionError        no complete response: refused, reset, dropped, bad protocol
    │   └── APITimeoutError       an attempt ran out of time
    └── APIResponseValidationError  a success response whose body is not what the spec says

Arguments that are wrong before any request is made (an empty model id, a key with whitespace) raise
`ValueError` or `TypeError`, as Python does.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from http import HTTPStatus
from typing import Any

from .public import publish

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "UnprocessableEntityError",
    "XAIError",
    "make_status_error",
    "redact",
]

_SNIPPET_CHARS = 200
_MESSAGE_CHARS = 2000
_WRONG_KEY_PREFIX = "incorrect api key"


class XAIError(Exception):
    """Base class of every exception xai_models raises on purpose."""


class APIError(XAIError):
    """A request was made and did not give a usable result."""

    message: str

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class APIConnectionError(APIError):
    """No complete response came back: the connection failed, was dropped, or spoke bad HTTP."""

    def __init__(self, message: str = "Connection error.") -> None:
        super().__init__(message)


class APITimeoutError(APIConnectionError):
    """An attempt took longer than the client's timeout."""

    def __init__(self, message: str = "Request timed out.") -> None:
        super().__init__(message)


class APIResponseValidationError(APIError):
    """A success response whose body is not JSON, lacks a required field, or has a wrong type."""

    status_code: int
    body: bytes

    def __init__(self, message: str, *, status_code: int, body: bytes = b"") -> None:
        super().__init__(message)
        self.status_code = status_code
        self.body = body


class APIStatusError(APIError):
    """The API answered with an error status.

    `code` is the body's `code` as sent (a string or a number), `message` its `error` text; both
    fall back to something short and readable when the body is HTML, empty or not the API's JSON.
    `body` is the decoded JSON when the body was JSON, otherwise the text.
    """

    status_code: int
    code: str | int | None
    body: object
    request_id: str | None

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        code: str | int | None = None,
        body: object = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.code = code
        self.body = body
        self.request_id = request_id

    def __str__(self) -> str:
        label = (
            f"{self.status_code} {self.code}" if self.code is not None else str(self.status_code)
        )
        return f"{label}: {self.message}"


class BadRequestError(APIStatusError):
    """400: the request was invalid."""


class AuthenticationError(APIStatusError):
    """401, or the API's 400 answer to a wrong key (`status_code` stays 400 then)."""


class PermissionDeniedError(APIStatusError):
    """403: the key may not do this (for instance, the team has no credits left)."""


class NotFoundError(APIStatusError):
    """404: no model with that id or alias is available to the key."""


class ConflictError(APIStatusError):
    """409."""


class UnprocessableEntityError(APIStatusError):
    """422."""


class RateLimitError(APIStatusError):
    """429: too many requests."""


class InternalServerError(APIStatusError):
    """500 or above, including non-standard statuses such as 520."""


publish(
    XAIError,
    APIError,
    APIConnectionError,
    APITimeoutError,
    APIResponseValidationError,
    APIStatusError,
    BadRequestError,
    AuthenticationError,
    PermissionDeniedError,
    NotFoundError,
    ConflictError,
    UnprocessableEntityError,
    RateLimitError,
    InternalServerError,
)

_BY_STATUS: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def make_status_error(
    status_code: int,
    content: bytes,
    *,
    content_type: str = "",
    request_id: str | None = None,
    secret: str | None = None,
) -> APIStatusError:
    """Build the exception for an error response; the only place statuses become classes.

    `secret` (the API key) is masked wherever the server's text is quoted, before anything is cut
    short, so a server that echoes a key cannot put any of it into an exception's text.
    """

    def quote(text: str) -> str:
        return redact(text, secret)

    body, code, error = _read_error_body(content)
    message = (
        quote(error) if error else _describe_unusual_body(status_code, content, content_type, quote)
    )
    if isinstance(code, str):
        code = quote(code)
    if status_code >= 500:
        cls: type[APIStatusError] = InternalServerError
    elif status_code == 400 and message.lower().startswith(_WRONG_KEY_PREFIX):
        cls = AuthenticationError
    else:
        cls = _BY_STATUS.get(status_code, APIStatusError)
    return cls(message, status_code=status_code, code=code, body=body, request_id=request_id)


def _read_error_body(content: bytes) -> tuple[object, str | int | None, str]:
    """Return (body, code, error text) from an xAI error body, tolerating anything else."""
    try:
        body: Any = json.loads(content)
    except (ValueError, RecursionError):
        return content.decode("utf-8", "replace"), None, ""
    if not isinstance(body, dict):
        return body, None, ""
    code = body.get("code")
    if isinstance(code, bool) or not isinstance(code, str | int):
        code = None
    error = body.get("error")
    if isinstance(error, dict):  # an OpenAI-style {"error": {"message": ...}} from a proxy
        error = error.get("message")
    return body, code, error if isinstance(error, str) else ""


def _describe_unusual_body(
    status_code: int, content: bytes, content_type: str, quote: Callable[[str], str]
) -> str:
    try:
        reason = HTTPStatus(status_code).phrase
    except ValueError:
        reason = "Unknown Status"
    if not content.strip():
        return f"{reason} (empty body)"
    head = content.lstrip()[:15].lower()
    if "html" in content_type.lower() or head.startswith((b"<!doctype", b"<html")):
        return f"{reason} (HTML body of {len(content)} bytes, not the API's JSON error)"
    text = quote(content.decode("utf-8", "replace"))
    snippet = text[:_SNIPPET_CHARS] + ("..." if len(text) > _SNIPPET_CHARS else "")
    return f"{reason}: {snippet}"


def redact(text: str, secret: str | None) -> str:
    """Server text made safe to show: the secret masked first, then control characters folded and
    the length capped (masking first, so no cut can leave part of the secret)."""
    return _printable(text.replace(secret, "***") if secret else text)


def _printable(text: str) -> str:
    """Fold control characters and cap the length, so a hostile body cannot flood or forge lines."""
    if len(text) > _MESSAGE_CHARS:
        text = text[:_MESSAGE_CHARS] + "..."
    if text.isprintable():
        return text.strip()
    return "".join(ch if ch.isprintable() else " " for ch in text).strip()
