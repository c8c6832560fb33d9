"""`xai_models.otel`: meter records on OpenTelemetry spans, checked with the SDK's in-memory
exporter."""

from __future__ import annotations

from inference import billed
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from test_meter import MESSAGES, Upstream, sdk
from test_usage import catalog

from xai_models import Meter
from xai_models.otel import record_on_span

CHAT = billed("chat-cached-reasoning")


def tracer_and_exporter() -> tuple[object, InMemorySpanExporter]:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    return provider.get_tracer("test"), exporter


class TestRecordOnSpan:
    def test_as_on_record_hook(self) -> None:
        tracer, exporter = tracer_and_exporter()
        meter = Meter(catalog(), on_record=record_on_span)
        client = sdk(meter, Upstream())
        with tracer.start_as_current_span("chat"):  # type: ignore[attr-defined]
            client.chat.completions.create(model="grok-4.3", messages=MESSAGES)
        (span,) = exporter.get_finished_spans()
        attributes = dict(span.attributes or {})
        assert attributes["gen_ai.usage.cost_in_usd_ticks"] == CHAT
        assert attributes["gen_ai.usage.cost.amount"] == 0.01299785
        assert attributes["gen_ai.usage.cost.currency"] == "USD"
        assert attributes["xai_models.cost.usd"] == "0.01299785"
        assert attributes["xai_models.cost.agrees"] is True
        assert "2026-08-01" in str(attributes["xai_models.cost.price_source"])
        assert attributes["gen_ai.response.model"] == "grok-4.3"
        assert attributes["gen_ai.usage.input_tokens"] == 51059

    def test_explicit_span_and_no_recording_span(self) -> None:
        tracer, exporter = tracer_and_exporter()
        meter = Meter(catalog())
        sdk(meter, Upstream()).chat.completions.create(model="grok-4.3", messages=MESSAGES)
        record_on_span(meter.records[0])  # no current span: nothing happens, nothing raises
        with tracer.start_as_current_span("later") as span:  # type: ignore[attr-defined]
            pass
        record_on_span(meter.records[0], span)  # ended: not recording, left alone
        with tracer.start_span("explicit") as span:  # type: ignore[attr-defined]
            record_on_span(meter.records[0], span)
        finished = {s.name: dict(s.attributes or {}) for s in exporter.get_finished_spans()}
        assert "gen_ai.usage.cost_in_usd_ticks" not in finished["later"]
        assert finished["explicit"]["gen_ai.usage.cost_in_usd_ticks"] == CHAT
