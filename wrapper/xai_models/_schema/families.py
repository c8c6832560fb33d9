"""The endpoint families of the API, declared once: each one's name (the attribute of a `Client`
and a `Catalog`), its short label, its path, the key of its list response, and its value type.

`_model/families.py` joins each to its decoder; the client, the catalog, the CLI, the mock, the
offline catalog and the scripts all iterate over `ENDPOINT_FAMILIES`. A new family is one entry
here (plus its value class in `_model/types.py`, its `Shape` in `_model/codec.py`, and its
attribute on `Catalog` and `Client`).
"""

from __future__ import annotations

from typing import Final

import attrs

__all__ = ["ENDPOINT_FAMILIES", "Endpoints"]


@attrs.frozen(kw_only=True)
class Endpoints:
    """One endpoint family: `GET {path}` lists, `GET {path}/{model_id}` gets one."""

    name: str
    label: str
    path: str
    list_key: str
    type_name: str

    @property
    def list_operation(self) -> str:
        """The generated module that lists the family (`list_language_models`)."""
        return f"list_{self.name}"

    @property
    def get_operation(self) -> str:
        """The generated module that gets one model (`get_language_model`)."""
        return f"get_{self.name.removesuffix('s')}"


ENDPOINT_FAMILIES: Final = (
    Endpoints(name="models", label="model", path="/v1/models", list_key="data",
              type_name="Model"),
    Endpoints(name="language_models", label="language", path="/v1/language-models",
              list_key="models", type_name="LanguageModel"),
    Endpoints(name="image_generation_models", label="image", path="/v1/image-generation-models",
              list_key="models", type_name="ImageGenerationModel"),
    Endpoints(name="video_generation_models", label="video", path="/v1/video-generation-models",
              list_key="models", type_name="VideoGenerationModel"),
)  # fmt: skip
"""Every family, in the order the catalog, `list` and the exports show them."""
