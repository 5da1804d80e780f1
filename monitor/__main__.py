"""`python -m monitor` is the same as the `monitor` command."""

import sys

from .cli import main

sys.exit(main())
