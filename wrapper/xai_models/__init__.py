"""xai_models: a typed Python client for the xAI Models API (the wrapper lands in the next commits)."""

from ._version import __version__

__all__ = ["__version__"]
