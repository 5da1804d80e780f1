"""A throwaway PostgreSQL cluster for the tests: a real server, started and removed by the test run itself.

`PgCluster` finds the server binaries (MONITOR_PG_BINDIR, /usr/lib/postgresql/*/bin, newest first, or
`initdb` on PATH), runs `initdb` into a fresh temporary directory and starts `postgres` on a free port of
127.0.0.1 (and a Unix socket in the same temporary directory), with durability switched off for speed.
Role `monitor`, trust authentication, UTF8. `stop()` stops it (fast mode) and removes the directory.

PostgreSQL refuses to run as root: when the tests run as root, the server runs as the `postgres` system
user (or MONITOR_PG_USER, or `nobody` where there is no `postgres`), and the temporary directory is theirs.

With MONITOR_TEST_POSTGRES_URL set (e.g. postgresql://me@127.0.0.1:5432/postgres, a role that may create
databases), no server is started: that one is used, and the databases made through it are dropped by `stop()`.
"""

from __future__ import annotations

import atexit
import contextlib
import glob
import os
import pwd
import re
import shlex
import shutil
import socket
import stat
import subprocess
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROLE = "monitor"
HOST = "127.0.0.1"
URL_ENV = "MONITOR_TEST_POSTGRES_URL"
BINDIR_ENV = "MONITOR_PG_BINDIR"
USER_ENV = "MONITOR_PG_USER"
SERVER_BINARIES = ("initdb", "pg_ctl", "postgres")
_DBNAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")
_START_TIMEOUT = 60  # seconds that pg_ctl waits for the server to accept connections
_START_TRIES = 3  # a free port can be taken between our probe and the server's bind: try another


class PgUnavailable(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


class PgStartError(RuntimeError):
    """The binaries are there but the cluster could not be made or started; the message says why."""


def _has_server_binaries(directory: Path) -> bool:
    return all(os.access(directory / name, os.X_OK) for name in SERVER_BINARIES)


def _version_key(directory: str) -> tuple[int, ...]:
    version = Path(directory).parent.name  # /usr/lib/postgresql/15/bin -> "15"
    return tuple(int(part) for part in re.findall(r"\d+", version)) or (0,)


def find_bindir() -> Path | None:
    """The directory with initdb, pg_ctl and postgres, or None: MONITOR_PG_BINDIR, Debian's layout, then PATH."""
    configured = os.environ.get(BINDIR_ENV)
    if configured:
        return Path(configured) if _has_server_binaries(Path(configured)) else None
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True):
        if _has_server_binaries(Path(candidate)):
            return Path(candidate)
    on_path = shutil.which("initdb")
    if on_path:
        directory = Path(on_path).resolve().parent  # /usr/local/bin/initdb -> /usr/lib/postgresql/15/bin
        if _has_server_binaries(directory):
            return directory
    return None


def free_port(host: str = HOST) -> int:
    """A TCP port nobody listens on right now (the kernel's pick for port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def _server_user() -> pwd.struct_passwd | None:
    """Who runs the server: None for ourselves, a system user when we are root (PostgreSQL refuses root)."""
    if os.geteuid() != 0:
        return None
    wanted = os.environ.get(USER_ENV)
    for name in [wanted] if wanted else ["postgres", "nobody"]:
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise PgStartError(
        f"running as root, and there is no user {wanted or 'postgres or nobody'} to run PostgreSQL as"
        f" (set {USER_ENV} to a non-root user)"
    )


def _reachable_by_others(directory: Path) -> bool:
    """Whether a user other than root can walk down to `directory` (every parent searchable by others)."""
    for part in [directory, *directory.parents]:
        if not part.stat().st_mode & stat.S_IXOTH:
            return False
    return True


def _tail(path: Path, lines: int = 40) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as error:
        return f"(no server log: {error})"
    return "\n".join(text.splitlines()[-lines:]) or "(the server log is empty)"


class PgCluster:
    """A PostgreSQL cluster for tests; `with PgCluster() as cluster:` or `start()` ... `stop()`."""

    def __init__(self, bindir: Path | None = None, *, external_url: str | None = None) -> None:
        if external_url is None and bindir is None:
            external_url = os.environ.get(URL_ENV) or None
        self.external_url = external_url
        self.bindir = bindir
        self.port = 0
        self.base: Path | None = None
        self.startup_seconds = 0.0
        self._user: pwd.struct_passwd | None = None
        self._created: list[str] = []
        self._running = False

    # -- paths ------------------------------------------------------------------------------------------------

    @property
    def datadir(self) -> Path:
        assert self.base is not None, "the cluster is not started"
        return self.base / "data"

    @property
    def socketdir(self) -> Path:
        assert self.base is not None, "the cluster is not started"
        return self.base / "socket"

    @property
    def logfile(self) -> Path:
        assert self.base is not None, "the cluster is not started"
        return self.base / "server.log"

    # -- lifecycle --------------------------------------------------------------------------------------------

    def __enter__(self) -> PgCluster:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.stop()

    def start(self) -> PgCluster:
        if self._running:
            return self
        began = time.perf_counter()
        if self.external_url is not None:
            self._check_external()
        else:
            self._start_own()
        self._running = True
        atexit.register(self.stop)  # a run that ends without the fixture's finalizer still stops the server
        self.startup_seconds = time.perf_counter() - began
        return self

    def stop(self) -> None:
        atexit.unregister(self.stop)
        if not self._running and self.base is None:
            return
        self._running = False
        if self.external_url is not None:
            for name in reversed(self._created):
                with contextlib.suppress(Exception):
                    self.drop_database(name)
            self._created.clear()
            return
        try:
            if self.base is not None and (self.datadir / "postmaster.pid").exists():
                self._run_quietly([self._bin("pg_ctl"), "stop", "-D", str(self.datadir), "-m", "fast", "-w"])
        finally:
            if self.base is not None:
                shutil.rmtree(self.base, ignore_errors=True)
                self.base = None

    def _start_own(self) -> None:
        bindir = self.bindir or find_bindir()
        if bindir is None or not _has_server_binaries(bindir):
            configured = os.environ.get(BINDIR_ENV)
            if bindir:
                where = str(bindir)
            elif configured:
                where = f"{BINDIR_ENV}={configured}"
            else:
                where = "/usr/lib/postgresql/*/bin or PATH"
            raise PgUnavailable(
                f"no PostgreSQL server binaries ({', '.join(SERVER_BINARIES)}) in {where}:"
                f" install them (Debian: apt-get install postgresql), or point {URL_ENV} at a server to use"
            )
        self.bindir = bindir
        self._user = _server_user()
        parent = Path(tempfile.gettempdir())
        if self._user is not None and not _reachable_by_others(parent):
            parent = Path("/tmp")  # $TMPDIR is closed to the server's user: the system's is not
        self.base = Path(tempfile.mkdtemp(prefix="monitor-pg-", dir=parent))
        try:
            self.socketdir.mkdir()
            if self._user is not None:
                for path in (self.base, self.socketdir):
                    os.chown(path, self._user.pw_uid, self._user.pw_gid)
            self._run(
                [
                    self._bin("initdb"),
                    "-D",
                    str(self.datadir),
                    "-A",
                    "trust",
                    "-U",
                    ROLE,
                    "--no-sync",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",  # Unicode-aware upper/lower and ILIKE; codepoint order
                ],
                "initdb",
            )
            for attempt in range(1, _START_TRIES + 1):
                self.port = free_port()
                try:
                    self._pg_ctl_start()
                    return
                except PgStartError as error:
                    if attempt == _START_TRIES or "could not bind" not in str(error):
                        raise
        except BaseException:
            self.stop()
            raise

    def _pg_ctl_start(self) -> None:
        options = " ".join(
            [
                f"-p {self.port}",
                f"-k {self.socketdir}",
                f"-c listen_addresses={HOST}",
                "-c fsync=off",
                "-c synchronous_commit=off",
                "-c full_page_writes=off",
                "-c max_connections=200",
            ]
        )
        command = [self._bin("pg_ctl"), "start", "-D", str(self.datadir), "-l", str(self.logfile)]
        self._run([*command, "-w", "-t", str(_START_TIMEOUT), "-o", options], "pg_ctl start", with_log=True)

    def _check_external(self) -> None:
        assert self.external_url is not None
        parts = urlsplit(self.external_url)
        if parts.scheme not in ("postgres", "postgresql"):
            raise PgStartError(f"{URL_ENV} must be a postgresql:// URL, not {self.external_url!r}")
        import psycopg

        try:
            with psycopg.connect(self.external_url, connect_timeout=10) as connection:
                connection.execute("SELECT 1")
        except psycopg.Error as error:
            raise PgStartError(f"cannot connect to {URL_ENV}={self.external_url!r}: {error}") from error
        self.port = parts.port or 5432

    # -- databases --------------------------------------------------------------------------------------------

    def url(self, dbname: str = "postgres") -> str:
        """postgresql://monitor@127.0.0.1:PORT/DBNAME (with an external server: its URL, this database)."""
        if self.external_url is not None:
            parts = urlsplit(self.external_url)
            return urlunsplit(parts._replace(path="/" + dbname))
        if not self._running:
            raise PgStartError("the cluster is not running")
        return f"postgresql://{ROLE}@{HOST}:{self.port}/{dbname}"

    def create_database(self, name: str, *, template: str | None = None) -> str:
        """Create the database `name` (lower-case letters, digits, _) and return its URL."""
        self._admin(name, "CREATE DATABASE {}" + (" TEMPLATE {}" if template else ""), template)
        if self.external_url is not None:
            self._created.append(name)
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop `name`, closing any connection still open to it."""
        self._admin(name, "DROP DATABASE IF EXISTS {} WITH (FORCE)")
        if name in self._created:
            self._created.remove(name)

    def _admin(self, name: str, statement: str, other: str | None = None) -> None:
        for identifier in filter(None, (name, other)):
            if not _DBNAME.fullmatch(identifier):
                raise ValueError(f"not a database name for tests: {identifier!r} (want [a-z_][a-z0-9_]*, 63 at most)")
        import psycopg
        from psycopg import sql

        names = [sql.Identifier(identifier) for identifier in (name, other) if identifier]
        admin_url = self.external_url if self.external_url is not None else self.url("postgres")
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(sql.SQL(statement).format(*names))

    # -- running the binaries ---------------------------------------------------------------------------------

    def _bin(self, name: str) -> str:
        assert self.bindir is not None
        return str(self.bindir / name)

    def _child_kwargs(self) -> dict[str, Any]:
        assert self.base is not None
        environment = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.base),
            "LC_ALL": "C.UTF-8",
            "TZ": "UTC",
        }
        kwargs: dict[str, Any] = {"cwd": self.base, "env": environment, "stdin": subprocess.DEVNULL}
        if self._user is not None:
            kwargs.update(user=self._user.pw_uid, group=self._user.pw_gid, extra_groups=[])
        return kwargs

    def _run(self, command: list[str], what: str, *, with_log: bool = False) -> None:
        result = subprocess.run(command, capture_output=True, text=True, check=False, **self._child_kwargs())
        if result.returncode != 0:
            who = f" as {self._user.pw_name}" if self._user is not None else ""
            output = (result.stdout + result.stderr).strip() or "(no output)"
            message = f"{what}{who} failed (exit {result.returncode}): {shlex.join(command)}\n{output}"
            if with_log:
                message += f"\n-- the server log, last lines:\n{_tail(self.logfile)}"
            raise PgStartError(message)

    def _run_quietly(self, command: list[str]) -> None:
        subprocess.run(command, capture_output=True, check=False, **self._child_kwargs())
