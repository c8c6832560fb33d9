"""The tools that maintain xai-models (the spec, the generated client, the embedded catalog, the
import rules): importable and tested, never shipped in the wheel. `scripts/` holds their entry
points."""
