"""Shared test setup: make tests/ importable for factories and the feed server, and keep tests off the internet."""

from __future__ import annotations

import ipaddress
import socket
import sys
from collections.abc import Callable, Iterator
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


# -- PostgreSQL: one throwaway cluster for the session (tests/pgserver.py), a fresh database per test ------------

_SKIP_POSTGRES_ENV = "MONITOR_SKIP_POSTGRES"
_pg_database_count = 0


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Any]:
    """The session's PostgreSQL cluster (a started `pgserver.PgCluster`), stopped and removed at the end.

    No server binaries: the tests that use it fail, or skip where MONITOR_SKIP_POSTGRES=1.
    MONITOR_TEST_POSTGRES_URL=postgresql://...: that server is used instead of starting one.
    """
    import os

    from pgserver import PgCluster, PgUnavailable

    cluster = PgCluster()
    try:
        cluster.start()
    except PgUnavailable as error:
        if os.environ.get(_SKIP_POSTGRES_ENV) == "1":
            pytest.skip(f"{_SKIP_POSTGRES_ENV}=1 and {error}")
        pytest.fail(f"PostgreSQL tests need a server: {error} (or set {_SKIP_POSTGRES_ENV}=1 to skip them)")
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def pg_url(pg_cluster: Any, request: pytest.FixtureRequest) -> Iterator[str]:
    """postgresql://monitor@127.0.0.1:PORT/DBNAME of a new, empty database for this test alone, dropped after."""
    import os
    import re

    global _pg_database_count
    _pg_database_count += 1
    slug = re.sub(r"[^a-z0-9_]+", "_", request.node.name.lower()).strip("_")
    name = f"t{os.getpid()}_{_pg_database_count}_{slug}"[:63]
    url = pg_cluster.create_database(name)
    try:
        yield url
    finally:
        pg_cluster.drop_database(name)


@pytest.fixture(params=["sqlite", "postgres"], name="open_store")
def open_store_fixture(request: pytest.FixtureRequest, tmp_path: Path) -> Callable[[], Any]:
    """Opens the test's store, the same one each time (reopening is how a restart looks): a test that
    takes it runs twice, on a SQLite file and on a database of the PostgreSQL server the run starts."""
    from monitor.store import open_store

    location = tmp_path / "s.sqlite3" if request.param == "sqlite" else request.getfixturevalue("pg_url")
    return lambda: open_store(location)
