"""Tests for the exception hierarchy and the status-to-exception mapping (`_exceptions`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import xai_models
from xai_models._schema.errors import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    UnprocessableEntityError,
    XAIError,
    make_status_error,
)

EXAMPLES = Path(__file__).parent / "data" / "examples"
SECRET = "xai-Zq8RkV3pW0sLmN4tY7uBc2dF6gH9jK1aE5oI3xQ"


def _example(name: str) -> bytes:
    return (EXAMPLES / name).read_bytes()


def _json_body(code: object, error: object) -> bytes:
    return json.dumps({"code": code, "error": error}).encode()


class TestHierarchy:
    """The classes form the documented tree."""

    @pytest.mark.parametrize(
        ("child", "parent"),
        [
            (APIError, XAIError),
            (APIStatusError, APIError),
            (APIConnectionError, APIError),
            (APITimeoutError, APIConnectionError),
            (APIResponseValidationError, APIError),
            (BadRequestError, APIStatusError),
            (AuthenticationError, APIStatusError),
            (PermissionDeniedError, APIStatusError),
            (NotFoundError, APIStatusError),
            (ConflictError, APIStatusError),
            (UnprocessableEntityError, APIStatusError),
            (RateLimitError, APIStatusError),
            (InternalServerError, APIStatusError),
            (XAIError, Exception),
        ],
    )
    def test_subclass(self, child: type, parent: type) -> None:
        """Each class derives from its documented parent."""
        assert issubclass(child, parent)

    @pytest.mark.parametrize(
        ("cls", "not_parent"),
        [
            (APIConnectionError, APIStatusError),
            (APITimeoutError, APIStatusError),
            (APIResponseValidationError, APIStatusError),
            (APIStatusError, APIConnectionError),
            (AuthenticationError, BadRequestError),
            (InternalServerError, APIConnectionError),
        ],
    )
    def test_not_subclass(self, cls: type, not_parent: type) -> None:
        """Sibling branches stay apart."""
        assert not issubclass(cls, not_parent)

    def test_connection_errors_default_messages(self) -> None:
        """Connection and timeout errors have short default messages."""
        assert APIConnectionError().message == "Connection error."
        assert APITimeoutError().message == "Request timed out."
        assert str(APITimeoutError()) == "Request timed out."

    def test_response_validation_error_fields(self) -> None:
        """APIResponseValidationError keeps the status and body it was given."""
        exc = APIResponseValidationError("bad body", status_code=200, body=b"{}")
        assert (exc.message, exc.status_code, exc.body) == ("bad body", 200, b"{}")

    def test_exported_from_package(self) -> None:
        """The package root exports the same classes."""
        assert xai_models.RateLimitError is RateLimitError
        assert xai_models.XAIError is XAIError


class TestStatusMapping:
    """make_status_error picks the class from the status."""

    @pytest.mark.parametrize(
        ("status", "cls"),
        [
            (400, BadRequestError),
            (401, AuthenticationError),
            (403, PermissionDeniedError),
            (404, NotFoundError),
            (409, ConflictError),
            (422, UnprocessableEntityError),
            (429, RateLimitError),
            (500, InternalServerError),
            (502, InternalServerError),
            (503, InternalServerError),
            (504, InternalServerError),
            (520, InternalServerError),
            (599, InternalServerError),
            (418, APIStatusError),
            (402, APIStatusError),
            (405, APIStatusError),
            (408, APIStatusError),
        ],
    )
    def test_class(self, status: int, cls: type[APIStatusError]) -> None:
        """The status selects exactly this class (not a subclass) and is kept."""
        exc = make_status_error(status, _json_body("some-code", "something happened"))
        assert type(exc) is cls
        assert exc.status_code == status
        assert exc.message == "something happened"
        assert exc.code == "some-code"

    def test_wrong_key_400_is_authentication_error(self) -> None:
        """The API's 400 'Incorrect API key' body maps to AuthenticationError, status still 400."""
        exc = make_status_error(
            400, _example("error-400-invalid-api-key.json"), content_type="application/json"
        )
        assert type(exc) is AuthenticationError
        assert exc.status_code == 400
        assert exc.code == "Client specified an invalid argument"
        assert exc.message.startswith("Incorrect API key provided: YO***RE.")

    @pytest.mark.parametrize(
        "error", ["incorrect api key provided", "  Incorrect API key", "INCORRECT API KEY: x"]
    )
    def test_wrong_key_prefix_variants(self, error: str) -> None:
        """The wrong-key check ignores case and leading blanks."""
        assert type(make_status_error(400, _json_body("c", error))) is AuthenticationError

    @pytest.mark.parametrize(
        "error", ["Invalid argument: model", "The API key is incorrect? no: Incorrect API key"]
    )
    def test_other_400_stays_bad_request(self, error: str) -> None:
        """A 400 whose error text does not start with the wrong-key phrase stays BadRequestError."""
        assert type(make_status_error(400, _json_body("c", error))) is BadRequestError

    def test_wrong_key_text_on_other_status(self) -> None:
        """The wrong-key phrase on a 403 does not change the 403's class."""
        exc = make_status_error(403, _json_body("c", "Incorrect API key provided"))
        assert type(exc) is PermissionDeniedError

    def test_403_no_credits_example(self) -> None:
        """The real 403 body gives PermissionDeniedError with its code and message."""
        exc = make_status_error(403, _example("error-403-no-credits.json"))
        assert type(exc) is PermissionDeniedError
        assert exc.code == "The caller does not have permission to execute the specified operation"
        assert exc.message.startswith("Your team fae4735c-ce67-4a51-933c-1fecf062fe21 has")
        assert exc.body == json.loads(_example("error-403-no-credits.json"))

    def test_404_example(self) -> None:
        """The real (pretty-printed) 404 body gives NotFoundError with code 'not-found'."""
        exc = make_status_error(404, _example("error-404-not-found.json"))
        assert type(exc) is NotFoundError
        assert exc.code == "not-found"
        assert exc.message.startswith("The model grok-4-1-fast-reasoning does not exist")
        assert str(exc).startswith("404 not-found: The model grok-4-1-fast-reasoning")

    def test_request_id_kept(self) -> None:
        """The request id given is kept on the exception."""
        exc = make_status_error(500, b"", request_id="req-123")
        assert exc.request_id == "req-123"


class TestBodyFields:
    """code and message come from the body as sent."""

    @pytest.mark.parametrize(
        ("code", "expected"),
        [("not-found", "not-found"), (7, 7), (0, 0), ("", ""), (True, None), (1.5, None)],
    )
    def test_code(self, code: object, expected: object) -> None:
        """A string or integer code is kept as is (type included); other types give None."""
        exc = make_status_error(400, _json_body(code, "msg"))
        assert exc.code == expected
        assert type(exc.code) is type(expected)

    def test_missing_code(self) -> None:
        """A body without code gives code None; str() then shows only the status."""
        exc = make_status_error(404, b'{"error": "no such model"}')
        assert exc.code is None
        assert str(exc) == "404: no such model"

    def test_str_shows_status_code_and_message(self) -> None:
        """str() is '<status> <code>: <message>'."""
        exc = make_status_error(429, _json_body("rate-limited", "slow down"))
        assert str(exc) == "429 rate-limited: slow down"

    def test_numeric_code_in_str(self) -> None:
        """A numeric code shows as a number in str()."""
        assert str(make_status_error(400, _json_body(3, "bad"))) == "400 3: bad"

    def test_openai_style_error_object(self) -> None:
        """A proxy's {"error": {"message": ...}} body gives that message."""
        exc = make_status_error(502, b'{"error": {"message": "upstream failed", "type": "x"}}')
        assert type(exc) is InternalServerError
        assert exc.message == "upstream failed"

    def test_body_is_decoded_json(self) -> None:
        """`body` holds the decoded JSON object."""
        exc = make_status_error(400, _json_body("c", "m"))
        assert exc.body == {"code": "c", "error": "m"}


class TestUnusualBodies:
    """Bodies that are not the API's JSON still give the right class and a short message."""

    @pytest.mark.parametrize(
        ("status", "content", "content_type", "cls", "fragments"),
        [
            (
                502,
                b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
                "text/html",
                InternalServerError,
                ["Bad Gateway", "HTML"],
            ),
            (
                503,
                b"<!DOCTYPE html><html>" + b"x" * 5000 + b"</html>",
                "",
                InternalServerError,
                ["Service Unavailable", "HTML"],
            ),
            (
                403,
                b"<html>Forbidden by CDN</html>",
                "text/html; charset=utf-8",
                PermissionDeniedError,
                ["Forbidden", "HTML"],
            ),
            (500, b"", "application/json", InternalServerError, ["Internal Server Error", "empty"]),
            (429, b"   \n", "", RateLimitError, ["Too Many Requests", "empty"]),
            (520, b"", "", InternalServerError, ["empty"]),
            (
                400,
                b"upstream connect error or disconnect/reset before headers",
                "text/plain",
                BadRequestError,
                ["Bad Request", "upstream connect error"],
            ),
            (404, b"[1, 2, 3]", "application/json", NotFoundError, ["Not Found", "[1, 2, 3]"]),
            (401, b'"just a string"', "application/json", AuthenticationError, ["Unauthorized"]),
            (422, b"null", "application/json", UnprocessableEntityError, ["Unprocessable"]),
            (409, b'{"detail": "x"}', "application/json", ConflictError, ["Conflict"]),
            (400, b"[" * 100000, "application/json", BadRequestError, ["Bad Request"]),
            (500, b'{"error": ' * 50000, "application/json", InternalServerError, []),
            (504, b"\xff\xfe\x00garbage", "", InternalServerError, ["Gateway Timeout"]),
        ],
        ids=[
            "html",
            "html-doctype-no-type",
            "html-403",
            "empty",
            "blank",
            "empty-520",
            "text",
            "json-array",
            "json-string",
            "json-null",
            "json-no-error",
            "deep-array",
            "deep-object",
            "binary",
        ],
    )
    def test_class_and_short_message(
        self,
        status: int,
        content: bytes,
        content_type: str,
        cls: type[APIStatusError],
        fragments: list[str],
    ) -> None:
        """The class follows the status; the message is one short printable line."""
        exc = make_status_error(status, content, content_type=content_type)
        assert type(exc) is cls
        assert exc.status_code == status
        assert exc.code is None
        assert 0 < len(exc.message) <= 300
        assert str(exc).isprintable()
        assert str(exc).startswith(f"{status}: ")
        for fragment in fragments:
            assert fragment in exc.message

    def test_html_message_does_not_quote_the_page(self) -> None:
        """An HTML error page is described, not pasted into the message."""
        exc = make_status_error(502, b"<html><body>internal-host-name-42</body></html>")
        assert "internal-host-name-42" not in str(exc)

    def test_long_text_is_cut(self) -> None:
        """A long plain-text body is cut short, marked with '...'."""
        exc = make_status_error(500, b"a" * 10000, content_type="text/plain")
        assert len(exc.message) < 300
        assert exc.message.endswith("...")

    def test_long_error_text_is_capped(self) -> None:
        """A huge JSON error text is capped, not copied whole."""
        exc = make_status_error(400, _json_body("c", "e" * 100000))
        assert len(exc.message) <= 2003
        assert exc.message.endswith("...")

    def test_body_kept_as_text_when_not_json(self) -> None:
        """A body that is not JSON is kept as text in `body`."""
        exc = make_status_error(503, b"try later")
        assert exc.body == "try later"


class TestControlCharacters:
    """Control characters in server text are folded, so a body cannot forge lines."""

    @pytest.mark.parametrize(
        ("error", "words"),
        [
            ("line one\nline two", ["line one", "line two"]),
            ("carriage\r\nreturn", ["carriage", "return"]),
            ("bell\x07 and escape \x1b[31mred\x1b[0m", ["bell", "and escape", "red"]),
            ("nul\x00byte", ["nul", "byte"]),
            ("tab\there", ["tab", "here"]),
            ("unicode line\u2028separator", ["unicode line", "separator"]),
            ("bidi \u202eoverride", ["bidi", "override"]),
        ],
    )
    def test_error_text_folded(self, error: str, words: list[str]) -> None:
        """No control characters reach message or str(); the readable words stay."""
        exc = make_status_error(400, _json_body("c", error))
        assert exc.message.isprintable()
        assert str(exc).isprintable()
        for word in words:
            assert word in exc.message

    def test_plain_text_body_folded(self) -> None:
        """Control characters in a non-JSON body's snippet are folded too."""
        exc = make_status_error(502, b"bad\r\nX-Injected: yes\x1b[2J")
        assert str(exc).isprintable()
        assert "X-Injected: yes" in exc.message

    def test_code_text_folded_in_str(self) -> None:
        """Control characters in the body's code do not reach str() either."""
        exc = make_status_error(400, _json_body("bad\r\ncode\x1b[31m", "message"))
        assert str(exc).isprintable()
        assert "message" in str(exc)


class TestSecretMasking:
    """The API key never appears in an exception's text, even when the server echoes it."""

    @pytest.mark.parametrize(
        ("status", "content", "content_type"),
        [
            (400, _json_body("c", f"Incorrect API key provided: {SECRET}."), ""),
            (401, _json_body("c", f"key {SECRET} and again {SECRET}"), ""),
            (500, f"upstream said: Bearer {SECRET}".encode(), "text/plain"),
            (403, _json_body("c", {"message": f"denied for {SECRET}"}), ""),
            (502, f'["{SECRET}"]'.encode(), "application/json"),
            (400, _json_body("c", f"\n{SECRET}\n"), ""),
        ],
        ids=["wrong-key", "twice", "text", "openai-style", "json-array", "with-newlines"],
    )
    def test_secret_masked_in_message(self, status: int, content: bytes, content_type: str) -> None:
        """The key is masked in message, str() and repr()."""
        exc = make_status_error(status, content, content_type=content_type, secret=SECRET)
        assert SECRET not in exc.message
        assert SECRET not in str(exc)
        assert SECRET not in repr(exc)
        assert "***" in exc.message

    def test_wrong_key_with_echoed_secret_still_authentication_error(self) -> None:
        """Masking does not stop a 400 wrong-key body from becoming AuthenticationError."""
        content = _json_body("c", f"Incorrect API key provided: {SECRET}.")
        exc = make_status_error(400, content, secret=SECRET)
        assert type(exc) is AuthenticationError
        assert exc.message == "Incorrect API key provided: ***."

    def test_secret_in_code_masked(self) -> None:
        """A key echoed in the body's code does not appear in str() or repr()."""
        exc = make_status_error(401, _json_body(f"bad key {SECRET}", "Unauthorized"), secret=SECRET)
        assert SECRET not in str(exc)
        assert SECRET not in repr(exc)

    def test_secret_cut_by_json_error_cap_not_leaked(self) -> None:
        """A key echoed where the 2000-character cap cuts it does not leak its first part."""
        content = _json_body("c", "x" * 1970 + SECRET)
        exc = make_status_error(400, content, secret=SECRET)
        assert SECRET[:20] not in str(exc)

    def test_secret_cut_by_text_snippet_not_leaked(self) -> None:
        """A key echoed where the 200-character snippet cuts it does not leak its first part."""
        content = ("y" * 180 + SECRET).encode()
        exc = make_status_error(500, content, content_type="text/plain", secret=SECRET)
        assert SECRET[:20] not in str(exc)

    def test_no_secret_no_masking(self) -> None:
        """Without a secret, the text is kept as sent."""
        exc = make_status_error(400, _json_body("c", "value *** here"))
        assert exc.message == "value *** here"
