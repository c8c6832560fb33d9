"""Other tools' price tables: one module per format (reads and writes), the registry, the audit.

The names of the formats live here, so that the command line lists them without importing any.
"""

__all__ = ["AUDITED", "NAMES"]

NAMES = ("litellm", "genai-prices", "models-dev", "openrouter", "csv", "markdown", "jsonl")
"""Every table format, by the name `export --format` and `audit --table` take."""
AUDITED = ("litellm", "genai-prices", "models-dev", "openrouter")
"""The formats of other tools (the rest are the plain rows of `xai-models list`)."""
