"""Shared test setup: make tests/ importable for factories and the feed server."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
