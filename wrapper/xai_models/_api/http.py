"""The seam between the wrapper and the generated client, and everything about one HTTP exchange.

The generated code builds each request (`_get_kwargs`: method, and the path with the model id
percent-encoded as one segment) and its client holds the httpx client that sends it. The wrapper
never calls the generated `_parse_response` / `_build_response`: they parse any declared error body
as JSON (an HTML 502 would escape as JSONDecodeError), build `HTTPStatus(520)` (ValueError), and
copy every object into generated classes (too slow, and they check no types). Instead `finish()`
maps statuses to exceptions and `_model/codec` decodes success bodies, checking every type.
"""

from __future__ import annotations

import importlib
import ipaddress
import json
import logging
import time
import urllib.request
from collections.abc import Callable
from typing import Any, TypeVar

import httpx

from .._model.codec import InvalidBody
from .._schema.errors import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    make_status_error,
    redact,
)

__all__ = [
    "connection_error",
    "env_proxy",
    "finish",
    "is_loopback",
    "request_kwargs",
]

T = TypeVar("T")
logger = logging.getLogger("xai_models")

_GENERATED_API = "xai_models_generated.api.models."
_kwargs_builders: dict[str, Callable[..., dict[str, Any]]] = {}


def request_kwargs(operation: str, base_url: str, **params: str) -> dict[str, Any]:
    """The generated request description for `operation` (a module of xai_models_generated.api),
    with its URL made absolute: httpx then parses it once instead of merging it with a base."""
    build = _kwargs_builders.get(operation)
    if build is None:
        module = importlib.import_module(_GENERATED_API + operation)
        build = _kwargs_builders[operation] = module._get_kwargs
    kwargs = build(**params)
    kwargs["url"] = base_url + kwargs["url"]
    return kwargs


def connection_error(exc: Exception) -> APIConnectionError:
    """The typed error for an httpx failure that left no usable response."""
    detail = str(exc) or type(exc).__name__
    if isinstance(exc, httpx.TimeoutException):
        return APITimeoutError(f"Request timed out ({type(exc).__name__}: {detail})")
    if isinstance(exc, httpx.TooManyRedirects):
        return APIConnectionError(f"Too many redirects: {detail}")
    return APIConnectionError(f"Connection error ({type(exc).__name__}: {detail})")


def finish(
    response: httpx.Response,
    decode: Callable[[Any], T],
    *,
    secret: str,
    started: float,
) -> T:
    """Turn a complete response into the decoded result, or raise the typed error for it."""
    status = response.status_code
    content = response.content
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(
            "%s %s -> %d in %.1f ms (%d bytes)",
            response.request.method,
            response.request.url,
            status,
            (time.perf_counter() - started) * 1000,
            len(content),
        )
    if not 200 <= status < 300:
        headers = response.headers
        raise make_status_error(
            status,
            content,
            content_type=headers.get("content-type", ""),
            request_id=headers.get("x-request-id"),
            secret=secret,
        )
    try:
        body = json.loads(content)
    except (ValueError, RecursionError):
        kind = "empty" if not content.strip() else "not JSON"
        content_type = response.headers.get("content-type", "unknown")
        problem = f"body is {kind} ({len(content)} bytes, content-type {content_type!r})"
    else:
        try:
            return decode(body)
        except InvalidBody as exc:
            problem = f"does not match the spec: {exc}"
    # Raised outside the except blocks, so no chained exception repeats the server's text.
    raise APIResponseValidationError(
        redact(f"the {status} response {problem}", secret), status_code=status, body=content
    )


def is_loopback(host: str) -> bool:
    """True for `localhost` and loopback addresses, decided from the text alone (no lookup).

    Subdomains of localhost are not trusted: many resolvers send them to DNS.
    """
    host = host.lower().rstrip(".")
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def env_proxy(url: httpx.URL) -> str | None:
    """The proxy that `HTTPS_PROXY`, `NO_PROXY`... set for `url`; none for loopback."""
    if is_loopback(url.host) or urllib.request.proxy_bypass(url.host):
        return None
    proxies = urllib.request.getproxies()
    return proxies.get(url.scheme) or proxies.get("all")
