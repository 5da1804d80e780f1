"""Shared test setup: make tests/ importable for factories and the feed server, and keep tests off the internet."""

from __future__ import annotations

import ipaddress
import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

_getaddrinfo = socket.getaddrinfo


def _local_only(host: Any, *args: Any, **kwargs: Any) -> Any:
    """Name lookups: IP literals and localhost only. A test that would ask DNS (and so reach out) fails instead."""
    name = host.decode() if isinstance(host, bytes) else host
    try:
        ipaddress.ip_address(str(name).strip("[]"))
    except ValueError:
        if name not in (None, "localhost"):
            raise socket.gaierror(
                socket.EAI_NONAME, f"tests never touch the internet (asked to resolve {name!r})"
            ) from None
    return _getaddrinfo(host, *args, **kwargs)


@pytest.fixture(autouse=True)
def _no_dns(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(socket, "getaddrinfo", _local_only)
    yield
