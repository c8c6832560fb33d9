"""Inference responses for the meter and proxy tests, built around real billed usage blocks.

The `usage` objects (and their `cost_in_usd_ticks`) are the published ones in tests/data/usage/
(see its README: public logs of real responses, not recorded by this project). The envelopes around
them (ids, choices, output, SSE framing) follow xAI's Chat Completions and Responses formats as the
openai SDK parses them; their text is made up and does not affect any cost.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

USAGE = Path(__file__).parent / "data" / "usage"
CREATED = 1783389855  # 2026-07-07


def published(name: str) -> dict[str, Any]:
    """(model, usage) of a published example, by file stem."""
    data: dict[str, Any] = json.loads((USAGE / f"{name}.json").read_text("utf-8"))
    return {"model": data["model"]["returned"], "usage": data["usage"]}


EXAMPLES = ("chat-cached-reasoning", "responses-web-search", "responses-long-context")
"""The published examples; the first is a Chat Completions usage, the others Responses usages."""


def billed(name: str) -> int:
    ticks: int = published(name)["usage"]["cost_in_usd_ticks"]
    return ticks


def chat_body(
    name: str = "chat-cached-reasoning", response_id: str = "chatcmpl-1"
) -> dict[str, Any]:
    example = published(name)
    return {
        "id": response_id,
        "object": "chat.completion",
        "created": CREATED,
        "model": example["model"],
        "choices": [
            {
                "index": 0,
                "finish_reason": "stop",
                "message": {"role": "assistant", "content": "Hello."},
            }
        ],
        "usage": example["usage"],
        "system_fingerprint": "fp_0",
    }


def chat_stream(
    name: str = "chat-cached-reasoning",
    response_id: str = "chatcmpl-2",
    *,
    words: int = 3,
    usage: bool = True,
) -> list[bytes]:
    """SSE chunks: one delta per word, then (when `usage`) the final chunk with the usage and no
    choices, then [DONE]."""
    example = published(name)
    base = {
        "id": response_id,
        "object": "chat.completion.chunk",
        "created": CREATED,
        "model": example["model"],
    }
    chunks = [
        {**base, "choices": [{"index": 0, "delta": {"content": f"w{n} "}, "finish_reason": None}]}
        for n in range(words)
    ]
    chunks.append({**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})
    if usage:
        chunks.append({**base, "choices": [], "usage": example["usage"]})
    return [b"data: " + json.dumps(c).encode() + b"\n\n" for c in chunks] + [b"data: [DONE]\n\n"]


def responses_body(
    name: str = "responses-web-search", response_id: str = "resp_1"
) -> dict[str, Any]:
    example = published(name)
    return {
        "id": response_id,
        "object": "response",
        "created_at": CREATED,
        "status": "completed",
        "model": example["model"],
        "output": [
            {
                "type": "message",
                "id": "msg_1",
                "status": "completed",
                "role": "assistant",
                "content": [{"type": "output_text", "text": "Hello.", "annotations": []}],
            }
        ],
        "parallel_tool_calls": True,
        "tool_choice": "auto",
        "tools": [],
        "usage": example["usage"],
    }


def responses_stream(
    name: str = "responses-web-search", response_id: str = "resp_2", *, words: int = 3
) -> list[bytes]:
    body = responses_body(name, response_id)
    created = {**body, "status": "in_progress", "output": [], "usage": None}
    events: list[tuple[str, dict[str, Any]]] = [
        (
            "response.created",
            {"type": "response.created", "sequence_number": 0, "response": created},
        ),
    ]
    for n in range(words):
        events.append(
            (
                "response.output_text.delta",
                {
                    "type": "response.output_text.delta",
                    "sequence_number": n + 1,
                    "item_id": "msg_1",
                    "output_index": 0,
                    "content_index": 0,
                    "delta": f"w{n} ",
                    "logprobs": [],
                },
            )
        )
    events.append(
        (
            "response.completed",
            {"type": "response.completed", "sequence_number": words + 1, "response": body},
        )
    )
    return [f"event: {name}\ndata: {json.dumps(data)}\n\n".encode() for name, data in events]


def image_body(count: int = 2) -> dict[str, Any]:
    """An image generation answer: no usage block, one `data` entry per image."""
    return {
        "data": [
            {"url": f"https://imgen.x.ai/{n}.jpg", "revised_prompt": "a cat"} for n in range(count)
        ]
    }


def sse(chunks: list[bytes]) -> Iterator[bytes]:
    yield from chunks
