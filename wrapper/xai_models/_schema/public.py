"""Public names report the package, `xai_models.X`, not the private module that defines them."""

from typing import Any

PACKAGE = "xai_models"


def publish(*objects: Any) -> None:
    """Set `__module__` to the package, for reprs, tracebacks and pickles."""
    for obj in objects:
        obj.__module__ = PACKAGE
