"""Requirement 5: a malformed 200 body gives APIResponseValidationError or a correct parse.

Every body is served over a real socket, with intact HTTP framing, to each of the eight endpoints.
A body marked "invalid" must raise APIResponseValidationError (status 200, the body kept); "valid"
must parse into exactly the served data; each borderline case is decided one way, with its reason
beside it. No other exception type may escape, and no parse may be wrong.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import pytest

from xai_models import APIResponseValidationError, AsyncClient, Client

from .faultserver import Endpoint, FaultServer
from .helpers import KEY, call_async, call_sync, encoded, report, targets
from .schemas import normalized

Expect = Literal["invalid", "valid"]
MODEL: dict[str, Any] = {"id": "m-1", "created": 1752019200, "object": "model", "owned_by": "xai"}
BIG_BYTES = 20 * 1024 * 1024
BIG_ON = {"sync": "/v1/models", "async": "/v1/language-models"}
"""Where each mode serves the two 20 MB lists (one list key each: "data" and "models")."""


@dataclass(frozen=True)
class Body:
    name: str
    content: bytes
    expect: Expect
    content_type: str = "application/json"


def dumps(value: Any) -> bytes:
    return json.dumps(value).encode()


def without(key: str) -> dict[str, Any]:
    return {name: value for name, value in MODEL.items() if name != key}


ITEM_VARIANTS: list[tuple[str, Any, Expect]] = [
    ("missing required id", without("id"), "invalid"),
    ("missing required created", without("created"), "invalid"),
    ("missing required owned_by", without("owned_by"), "invalid"),
    ("id is a number", {**MODEL, "id": 5}, "invalid"),
    ("created is a string", {**MODEL, "created": "2025-07-09"}, "invalid"),
    ("created is a float", {**MODEL, "created": 1.5}, "invalid"),
    ("created is a boolean", {**MODEL, "created": True}, "invalid"),
    ("created is out of range", {**MODEL, "created": 10**20}, "invalid"),
    ("owned_by is null", {**MODEL, "owned_by": None}, "invalid"),
    ("aliases is a string", {**MODEL, "aliases": "grok"}, "invalid"),
    ("aliases holds numbers", {**MODEL, "aliases": ["a", 1]}, "invalid"),
    ("aliases holds arrays", {**MODEL, "aliases": [["a"]]}, "invalid"),
    ("object is an object", {**MODEL, "object": {"type": "model"}}, "invalid"),
    ("array for the object", [MODEL], "invalid"),
    ("null for the object", None, "invalid"),
    ("unknown fields", {**MODEL, "brand_new": {"nested": [1, None]}, "extra": 1}, "valid"),
    # Decided valid: a pre-1970 time fits a datetime (1969-12-31 23:59:59 UTC), and failing a whole
    # list over one out-of-range timestamp would lose every other model of the answer.
    ("negative created", {**MODEL, "created": -1}, "valid"),
]


def raw_bodies(valid: bytes) -> list[Body]:
    """Bodies that are broken below JSON, around a valid body of the endpoint."""
    return [
        Body(
            "HTML page",
            b"<!DOCTYPE html><html><body>Maintenance</body></html>",
            "invalid",
            "text/html",
        ),
        Body("truncated JSON", valid[: len(valid) // 2], "invalid"),
        Body("truncated JSON, one byte short", valid[:-1], "invalid"),
        Body("empty", b"", "invalid"),
        Body("whitespace only", b" \r\n\t ", "invalid"),
        Body("not UTF-8", valid.replace(b'"m-1"', b'"\xff\xfe"'), "invalid"),
        Body("NaN", valid.replace(b"1752019200", b"NaN"), "invalid"),
        Body("trailing garbage", valid + b" }{", "invalid"),
        Body("a JSON string", b'"models"', "invalid"),
        Body("a number", b"42", "invalid"),
        Body("deeply nested", b"[" * 100_000 + b"]" * 100_000, "invalid"),
        # Decided valid: RFC 8259 lets a parser ignore a UTF-8 BOM, json.loads on bytes does, and
        # proxies that re-encode bodies add one.
        Body("UTF-8 BOM", b"\xef\xbb\xbf" + valid, "valid"),
        Body("duplicate keys", valid.replace(b'{"id": "m-1"', b'{"id": "x", "id": "m-1"'), "valid"),
    ]


@cache
def big_list(list_key: str, broken_last: bool) -> bytes:
    """A list body of at least 20 MB: distinct valid models, the last one broken if asked."""
    count = BIG_BYTES // 1000 + 1
    items = [
        {**MODEL, "id": f"model-{number:07d}", "aliases": [f"alias-{number}"], "pad": "x" * 900}
        for number in range(count)
    ]
    if broken_last:
        items[-1] = {**items[-1], "created": "never"}
    body = dumps({list_key: items})
    assert len(body) >= BIG_BYTES
    return body


def bodies_for(endpoint: Endpoint, is_list: bool, *, big: bool) -> list[Body]:
    """The malformed bodies for one endpoint; with `big`, the two 20 MB lists too."""
    key = endpoint.list_key
    if is_list:
        out = [
            Body(f"list of: {name}", dumps({key: [item]}), expect)
            for name, item, expect in ITEM_VARIANTS
        ]
        out += [
            Body("missing the list key", b"{}", "invalid"),
            Body("list is null", dumps({key: None}), "invalid"),
            Body("list is an object", dumps({key: MODEL}), "invalid"),
            Body("list is a string", dumps({key: "models"}), "invalid"),
            Body("array for the envelope", dumps([MODEL]), "invalid"),
            Body("null body", b"null", "invalid"),
            Body("empty list", dumps({key: []}), "valid"),
        ]
        if big:
            out += [
                Body("20 MB list", big_list(key, broken_last=False), "valid"),
                Body("20 MB list, last item broken", big_list(key, broken_last=True), "invalid"),
            ]
        return out + raw_bodies(dumps({key: [MODEL]}))
    out = [Body(name, dumps(item), expect) for name, item, expect in ITEM_VARIANTS]
    return out + raw_bodies(dumps(MODEL))


@cache
def expected_parse(endpoint: Endpoint, is_list: bool, content: bytes) -> Any:
    body = json.loads(content)
    if is_list:
        return [normalized(endpoint.item_schema, item) for item in body[endpoint.list_key]]
    return normalized(endpoint.item_schema, body)


@dataclass
class Tally:
    validation_errors: int = 0
    parses: int = 0
    calls: int = 0

    def judge(
        self, endpoint: Endpoint, is_list: bool, body: Body, value: Any, error: Exception | None
    ) -> str | None:
        """Count one outcome; return what is wrong with it, if anything."""
        self.calls += 1
        where = f"{endpoint.path}{'' if is_list else '/{id}'} {body.name}"
        if error is not None:
            if type(error) is not APIResponseValidationError:
                return f"{where}: {type(error).__name__}: {error}"
            self.validation_errors += 1
            if body.expect == "valid":
                return f"{where}: refused a valid body: {error}"
            if (error.status_code, error.body) != (200, body.content):
                return (
                    f"{where}: status {error.status_code}, body kept: {error.body == body.content}"
                )
            return None
        self.parses += 1
        if body.expect == "invalid":
            return f"{where}: parsed an invalid body into {encoded(value)!r:.200}"
        if encoded(value) != expected_parse(endpoint, is_list, body.content):
            return f"{where}: wrong parse {encoded(value)!r:.200}"
        return None

    def figure(self, mode: str, problems: list[str]) -> str:
        return (
            f"malformed bodies ({mode}): {self.calls} calls (every body x the 8 endpoints, and"
            f" two 20 MB lists on {BIG_ON[mode]}): {self.validation_errors} "
            f"APIResponseValidationError, {self.parses} correct parses, "
            f"{len(problems)} other outcomes"
        )


class TestMalformedBodies:
    def test_sync(self, server: FaultServer) -> None:
        """Each malformed body x 8 endpoints: APIResponseValidationError or a correct parse."""
        tally, problems = Tally(), []
        with Client(KEY, base_url=server.url, max_retries=0, timeout=30) as client:
            for endpoint, model_id, target in targets(server.api):
                is_list = model_id is None
                big = target == BIG_ON["sync"]
                for body in bodies_for(endpoint, is_list, big=big):
                    server.answer(target, 200, body.content, content_type=body.content_type)
                    value, error = None, None
                    try:
                        value = call_sync(client, endpoint, model_id)
                    except Exception as caught:  # noqa: BLE001 - any other type is the failure
                        error = caught
                    problem = tally.judge(endpoint, is_list, body, value, error)
                    if problem:
                        problems.append(problem)
        report(tally.figure("sync", problems))
        assert not problems, "\n".join(problems)

    @pytest.mark.asyncio
    async def test_async(self, server: FaultServer) -> None:
        """The same through AsyncClient."""
        tally, problems = Tally(), []
        async with AsyncClient(KEY, base_url=server.url, max_retries=0, timeout=30) as client:
            for endpoint, model_id, target in targets(server.api):
                is_list = model_id is None
                big = target == BIG_ON["async"]
                for body in bodies_for(endpoint, is_list, big=big):
                    server.answer(target, 200, body.content, content_type=body.content_type)
                    value, error = None, None
                    try:
                        value = await call_async(client, endpoint, model_id)
                    except Exception as caught:  # noqa: BLE001 - any other type is the failure
                        error = caught
                    problem = tally.judge(endpoint, is_list, body, value, error)
                    if problem:
                        problems.append(problem)
        report(tally.figure("async", problems))
        assert not problems, "\n".join(problems)
