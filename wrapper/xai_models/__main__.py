"""`python -m xai_models`: the `xai-models` command."""

import sys

from ._cli import main

sys.exit(main())
