"""OpenTelemetry for meter records (the `otel` extra: `pip install 'xai-models[otel]'`).

    meter = Meter(catalog, on_record=xai_models.otel.record_on_span)

puts each record's cost on the span current when the response closed, under the names xai-sdk
uses (`gen_ai.usage.cost_in_usd_ticks`) and those proposed for OpenTelemetry's GenAI conventions
(`gen_ai.usage.cost.amount`, `gen_ai.usage.cost.currency`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._model.records import MeterRecord

__all__ = ["attributes_of", "record_on_span"]


def attributes_of(record: MeterRecord) -> dict[str, Any]:
    """The span attributes of a record (those it has a value for)."""
    usage = record.usage
    attributes: dict[str, Any] = {
        "gen_ai.provider.name": "xai",
        "gen_ai.response.model": record.model,
        "gen_ai.response.id": record.response_id,
        "gen_ai.usage.input_tokens": None if usage is None else usage.prompt_tokens,
        "gen_ai.usage.output_tokens": None if usage is None else usage.completion_tokens,
        "gen_ai.usage.cost_in_usd_ticks": record.ticks,
        "gen_ai.usage.cost.amount": None if record.usd is None else float(record.usd),
        "gen_ai.usage.cost.currency": None if record.ticks is None else "USD",
        "xai_models.cost.usd": None if record.usd is None else f"{record.usd:f}",
        "xai_models.cost.status": record.status,
        "xai_models.cost.billed_ticks": record.billed_ticks,
        "xai_models.cost.agrees": record.agrees,
        "xai_models.cost.price_source": record.price_source,
        "xai_models.cost.tier": record.tier,
    }
    return {name: value for name, value in attributes.items() if value is not None}


def record_on_span(record: MeterRecord, span: Any = None) -> None:
    """Set a record's attributes on `span` (default: the current span); a span that does not
    record is left alone. Usable as a meter's `on_record`."""
    try:
        from opentelemetry import trace  # noqa: PLC0415 - an optional extra
    except ImportError as exc:
        raise ImportError(
            "xai_models.otel needs opentelemetry-api: pip install 'xai-models[otel]'"
        ) from exc
    target = span if span is not None else trace.get_current_span()
    if target.is_recording():
        target.set_attributes(attributes_of(record))
