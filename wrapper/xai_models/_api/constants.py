"""Defaults, in one place."""

from typing import Final

DEFAULT_BASE_URL: Final = "https://api.x.ai"
API_KEY_ENV: Final = "XAI_API_KEY"
BASE_URL_ENV: Final = "XAI_BASE_URL"

DEFAULT_TIMEOUT: Final = 30.0
"""Seconds each attempt may spend connecting, writing, waiting to read, or waiting for the pool."""
DEFAULT_MAX_RETRIES: Final = 2
INITIAL_RETRY_DELAY: Final = 0.5
MAX_RETRY_DELAY: Final = 8.0
MAX_RETRY_AFTER: Final = 60.0
"""A Retry-After longer than this is not waited for: the error is raised instead."""
DEFAULT_CACHE_ENTRIES: Final = 4096
"""At most this many results (lists, and models by id and by alias) stay in a client's cache."""
