"""`_observe`: the usage read out of passing bytes, however the body is framed or encoded."""

from __future__ import annotations

import gzip
import json
import zlib

import pytest
from inference import chat_body, chat_stream, responses_stream

from xai_models._model.observe import (
    EVENT_LIMIT,
    JSON_LIMIT,
    EventStreamObserver,
    JsonObserver,
    observer_for,
)


def fed(observer: EventStreamObserver | JsonObserver, data: bytes, size: int) -> object:
    for start in range(0, len(data), size):
        observer.feed(data[start : start + size])
    return observer.result()


STREAM = b"".join(chat_stream())
FINAL_USAGE = json.loads(chat_stream()[-2][6:])["usage"]


class TestEventStreams:
    @pytest.mark.parametrize("size", [1, 7, 64, 100_000])
    def test_any_chunking(self, size: int) -> None:
        result = fed(EventStreamObserver(""), STREAM, size)
        assert isinstance(result, dict)
        assert result["usage"] == FINAL_USAGE

    def test_crlf_line_ends(self) -> None:
        result = fed(EventStreamObserver(""), STREAM.replace(b"\n", b"\r\n"), 5)
        assert isinstance(result, dict)
        assert result["usage"] == FINAL_USAGE

    def test_multi_line_data(self) -> None:
        event = json.dumps({"model": "grok-4.3", "usage": {"prompt_tokens": 3}}, indent=1)
        framed = b"".join(b"data: " + line.encode() + b"\n" for line in event.splitlines())
        assert fed(EventStreamObserver(""), framed + b"\n", 3) == json.loads(event)

    def test_a_null_usage_is_not_the_final_usage(self) -> None:
        last = b'data: {"model": "grok-4.3", "usage": null}\n\n'
        result = fed(EventStreamObserver(""), STREAM.replace(b"data: [DONE]\n\n", last), 50)
        assert isinstance(result, dict)
        assert result["usage"] == FINAL_USAGE

    def test_responses_completed_event(self) -> None:
        observer = EventStreamObserver("")
        result = fed(observer, b"".join(responses_stream()), 33)
        assert isinstance(result, dict)
        assert result["status"] == "completed"
        assert observer.done

    def test_no_usage(self) -> None:
        observer = EventStreamObserver("")
        assert fed(observer, b"".join(chat_stream(usage=False)), 40) is None
        assert observer.done
        assert observer.problem is None

    def test_an_oversized_event_is_skipped_and_the_rest_read(self) -> None:
        huge = b"data: " + b"x" * (EVENT_LIMIT + 10) + b"\n\n"
        result = fed(EventStreamObserver(""), huge + STREAM, 1024 * 1024)
        assert isinstance(result, dict)
        assert result["usage"] == FINAL_USAGE

    def test_a_final_event_that_is_not_json(self) -> None:
        observer = EventStreamObserver("")
        assert fed(observer, b'data: {"usage": {broken\n\n', 10) is None
        assert observer.problem is not None


class TestJsonBodies:
    BODY = json.dumps(chat_body()).encode()

    @pytest.mark.parametrize(
        ("encoding", "pack"),
        [
            ("gzip", gzip.compress),
            ("deflate", zlib.compress),
            (
                "deflate",
                lambda data: zlib.compress(data)[2:-4],
            ),  # raw deflate, as some servers send
            ("identity", lambda data: data),
            ("", lambda data: data),
        ],
    )
    def test_encodings(self, encoding: str, pack: object) -> None:
        observer = observer_for("application/json", encoding)
        assert fed(observer, pack(self.BODY), 100) == chat_body()  # type: ignore[operator]

    @pytest.mark.parametrize("encoding", ["compress", "gzip, gzip", "x-unknown"])
    def test_an_encoding_it_cannot_read(self, encoding: str) -> None:
        observer = observer_for("application/json", encoding)
        assert fed(observer, self.BODY, 100) is None
        assert "Content-Encoding" in (observer.problem or "")

    def test_a_broken_gzip_body(self) -> None:
        observer = observer_for("application/json", "gzip")
        assert fed(observer, b"not gzip at all", 4) is None
        assert observer.problem is not None

    def test_not_an_object(self) -> None:
        assert fed(JsonObserver(""), b"[1, 2]", 2) is None

    def test_a_body_over_the_limit_is_not_kept(self) -> None:
        observer = JsonObserver("")
        observer.feed(b" " * (JSON_LIMIT + 1))
        assert observer.result() is None
        assert "not read" in (observer.problem or "")
