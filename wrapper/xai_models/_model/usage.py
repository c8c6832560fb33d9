"""Reading what a response of xAI's inference API used, in billing terms (`_pricing.Usage`).

Three kinds of body are understood, told apart by their fields:

- Chat Completions (`/v1/chat/completions`): `usage.prompt_tokens` (cached and image tokens
  inside), `usage.prompt_tokens_details.cached_tokens`, `usage.completion_tokens` (reasoning
  excluded) and `usage.completion_tokens_details.reasoning_tokens`: completion and reasoning both
  bill at the completion price;
- Responses (`/v1/responses`): `usage.input_tokens`, `input_tokens_details.cached_tokens`,
  `output_tokens` (reasoning already inside: billed once);
- image generation (`/v1/images/generations`): `data`, one entry per image.

Either may carry `usage.server_side_tool_usage_details` (tool calls and fetched X posts and users),
`usage.cost_in_usd_ticks` (what xAI billed) and `service_tier`. A bare usage object (no `model`)
is read the same way; the model must then be named.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from .._schema.errors import XAIError
from .._schema.public import publish
from .pricing import CostBreakdown, Usage

__all__ = ["InvalidUsageError", "ModelTotal", "UsageRecord", "read_usage", "totals_by_model"]


class InvalidUsageError(XAIError, ValueError):
    """A response or usage object that cannot be read or priced; the message says where."""


@attrs.frozen(kw_only=True)
class UsageRecord:
    """One response's usage: the model named in it (`None` for a bare usage object), the kind of
    call (`"chat"`, `"responses"`, `"image"`), when it was made (Unix seconds, when known), what
    xAI billed (`billed_ticks`, when reported) and the counts."""

    model: str | None
    kind: str
    created: int | None
    billed_ticks: int | None
    usage: Usage


def read_usage(body: Mapping[str, Any] | str | bytes) -> UsageRecord:
    """Read a response body (a mapping or JSON text), or a bare usage object."""
    if isinstance(body, str | bytes):
        try:
            body = json.loads(body)
        except (ValueError, RecursionError) as exc:
            raise InvalidUsageError(f"not JSON: {exc}") from None
    if not isinstance(body, Mapping):
        raise InvalidUsageError(f"a response is a JSON object, not {_json_type(body)}")
    usage = body.get("usage")
    if usage is None and _is_usage(body):
        usage, body = body, {}
    if usage is not None and not isinstance(usage, Mapping):
        raise InvalidUsageError(f"'usage' must be an object, not {_json_type(usage)}")
    usage = usage or {}
    model = body.get("model")
    if model is not None and not isinstance(model, str):
        raise InvalidUsageError(f"'model' must be a string, not {_json_type(model)}")
    created = body.get("created", body.get("created_at"))
    created = created if isinstance(created, int) and not isinstance(created, bool) else None
    tier = body.get("service_tier", usage.get("service_tier"))
    priority = tier == "priority"
    billed = _optional_count(usage, "cost_in_usd_ticks")
    tools = _tools(usage)
    if "prompt_tokens" in usage:
        kind = "chat"
        prompt = _count(usage, "prompt_tokens")
        cached = _optional_count(usage, "prompt_tokens_details.cached_tokens") or 0
        completion = _optional_count(usage, "completion_tokens") or 0
        reasoning = _optional_count(usage, "completion_tokens_details.reasoning_tokens")
        completion += reasoning or 0
    elif "input_tokens" in usage:
        kind = "responses"
        prompt = _count(usage, "input_tokens")
        cached = _optional_count(usage, "input_tokens_details.cached_tokens") or 0
        completion = _optional_count(usage, "output_tokens") or 0
    elif isinstance(body.get("data"), list):
        return UsageRecord(
            model=model,
            kind="image",
            created=created,
            billed_ticks=billed,
            usage=Usage(
                images=len(body["data"]),
                image_quality=_text(body, "quality"),
                image_resolution=_text(body, "resolution"),
                tools=tools,
            ),
        )
    else:
        raise InvalidUsageError(
            "no usage found: expected usage.prompt_tokens (chat completions), "
            "usage.input_tokens (responses) or data (image generation)"
        )
    if cached > prompt:
        raise InvalidUsageError(f"cached tokens ({cached}) exceed the prompt tokens ({prompt})")
    return UsageRecord(
        model=model,
        kind=kind,
        created=created,
        billed_ticks=billed,
        usage=Usage(
            prompt_tokens=prompt,
            cached_prompt_tokens=cached,
            completion_tokens=completion,
            tools=tools,
            priority=priority,
        ),
    )


def _is_usage(body: Mapping[str, Any]) -> bool:
    return "prompt_tokens" in body or "input_tokens" in body


def _count(usage: Mapping[str, Any], path: str) -> int:
    """A whole, non-negative count at a dotted path of the usage object."""
    value = _optional_count(usage, path)
    if value is None:
        raise InvalidUsageError(f"usage.{path} is missing")
    return value


def _optional_count(usage: Mapping[str, Any], path: str) -> int | None:
    """The count at a dotted path, or None where the usage has none."""
    value: Any = usage
    for key in path.split("."):
        if type(value) is not dict and not isinstance(value, Mapping):
            return None
        value = value.get(key)
        if value is None:
            return None
    if type(value) is not int and (isinstance(value, bool) or not isinstance(value, int)):
        raise InvalidUsageError(f"usage.{path} must be a whole number, not {_json_type(value)}")
    if value < 0:
        raise InvalidUsageError(f"usage.{path} must be >= 0, got {value}")
    return value


def _tools(usage: Mapping[str, Any]) -> dict[str, int]:
    details = usage.get("server_side_tool_usage_details")
    if details is None:
        return {}
    if not isinstance(details, Mapping):
        raise InvalidUsageError(
            f"usage.server_side_tool_usage_details must be an object, not {_json_type(details)}"
        )
    counts = {}
    for name in details:
        count = _count(usage, f"server_side_tool_usage_details.{name}")
        if count:
            counts[name] = count
    return counts


def _text(body: Mapping[str, Any], key: str) -> str | None:
    value = body.get(key)
    return value if isinstance(value, str) else None


def _json_type(value: object) -> str:
    names = {str: "a string", bool: "a boolean", int: "a number", float: "a number",
             list: "an array", dict: "an object", type(None): "null"}  # fmt: skip
    return names.get(type(value), type(value).__name__)


publish(InvalidUsageError, UsageRecord)


@attrs.frozen(kw_only=True)
class ModelTotal:
    """The bills of one model summed: what the catalog's prices say (`total_ticks`) and what
    xAI billed (`billed_ticks`, over the `requests - unbilled` responses that say)."""

    model: str
    requests: int
    total_ticks: int
    billed_ticks: int
    unbilled: int

    @property
    def difference_ticks(self) -> int:
        return self.total_ticks - self.billed_ticks


def totals_by_model(breakdowns: Iterable[CostBreakdown]) -> list[ModelTotal]:
    """One total per model, in the order the models first appear."""
    sums: dict[str, list[int]] = {}
    for breakdown in breakdowns:
        total = sums.setdefault(breakdown.model_id, [0, 0, 0, 0])
        total[0] += 1
        total[1] += breakdown.total_ticks
        if breakdown.billed_ticks is None:
            total[3] += 1
        else:
            total[2] += breakdown.billed_ticks
    return [
        ModelTotal(model=model, requests=requests, total_ticks=ticks, billed_ticks=billed,
                   unbilled=unbilled)
        for model, (requests, ticks, billed, unbilled) in sums.items()
    ]  # fmt: skip
