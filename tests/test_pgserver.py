"""The PostgreSQL the tests start themselves (tests/pgserver.py, the pg_cluster and pg_url fixtures) is a real,
private server: a database per test, reachable on 127.0.0.1 only, not run as root, gone after stop()."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import psycopg
import pytest
from pgserver import PgCluster, PgUnavailable

own_cluster_only = pytest.mark.skipif(
    bool(os.environ.get("MONITOR_TEST_POSTGRES_URL")), reason="checks the cluster the tests start themselves"
)


def test_a_table_round_trips(pg_url: str) -> None:
    with psycopg.connect(pg_url) as connection:
        connection.execute("CREATE TABLE item (id serial PRIMARY KEY, title text NOT NULL)")
        connection.execute("INSERT INTO item (title) VALUES (%s), (%s)", ["Ölpreis steigt", "日本"])
        rows = connection.execute("SELECT id, title, upper(title) FROM item ORDER BY id").fetchall()
    assert rows == [(1, "Ölpreis steigt", "ÖLPREIS STEIGT"), (2, "日本", "日本")]


def test_the_database_is_new_empty_and_utf8(pg_url: str) -> None:
    with psycopg.connect(pg_url) as connection:
        tables = connection.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()
        encoding = connection.execute("SHOW server_encoding").fetchone()
        database = connection.execute("SELECT current_database()").fetchone()
    assert tables == (0,)
    assert encoding == ("UTF8",)
    assert database is not None and pg_url.endswith("/" + database[0])


def test_two_databases_are_separate(pg_cluster: PgCluster, pg_url: str) -> None:
    other = f"separate_{os.getpid()}"
    other_url = pg_cluster.create_database(other)
    try:
        with psycopg.connect(pg_url) as first, psycopg.connect(other_url) as second:
            first.execute("CREATE TABLE only_here (x int)")
            first.commit()
            second.execute("CREATE TABLE only_here (y text)")  # no clash: another database
            second.commit()
            first.execute("INSERT INTO only_here VALUES (1)")
            first.commit()
            assert second.execute("SELECT count(*) FROM only_here").fetchone() == (0,)
            assert first.execute("SELECT count(*) FROM only_here").fetchone() == (1,)
    finally:
        pg_cluster.drop_database(other)
    assert other_url != pg_url


@own_cluster_only
def test_the_server_listens_on_127_0_0_1_only(pg_cluster: PgCluster, pg_url: str) -> None:
    with psycopg.connect(pg_url) as connection:
        assert connection.execute("SHOW listen_addresses").fetchone() == ("127.0.0.1",)
        assert connection.execute("SELECT host(inet_server_addr())").fetchone() == ("127.0.0.1",)
    elsewhere = [(socket.AF_INET, "127.0.0.2")]  # the rest of the loopback range is this machine too
    if socket.has_ipv6:
        elsewhere.append((socket.AF_INET6, "::1"))
    for family, address in elsewhere:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.settimeout(5)
            try:
                probe.connect((address, pg_cluster.port))
            except OSError:  # refused; or no such address here (IPv6 off), where nothing can listen either
                continue
            pytest.fail(f"the test server accepts connections on {address}")


@own_cluster_only
def test_the_server_runs_as_a_user_other_than_root(pg_cluster: PgCluster) -> None:
    postmaster_pid = int((pg_cluster.datadir / "postmaster.pid").read_text().split()[0])
    status = Path(f"/proc/{postmaster_pid}/status").read_text()
    real_uid = int(next(line for line in status.splitlines() if line.startswith("Uid:")).split()[1])
    assert real_uid != 0
    assert real_uid == os.geteuid() or os.geteuid() == 0


@own_cluster_only
def test_a_cluster_of_its_own_starts_and_is_gone_after_stop(pg_cluster: PgCluster) -> None:
    with PgCluster(pg_cluster.bindir) as cluster:
        base, port = cluster.base, cluster.port
        assert base is not None and base.is_dir()
        assert port != pg_cluster.port
        url = cluster.create_database("lifecycle")
        assert url == f"postgresql://monitor@127.0.0.1:{port}/lifecycle"
        with psycopg.connect(url) as connection:
            assert connection.execute("SELECT current_user").fetchone() == ("monitor",)
    assert not base.exists()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe, pytest.raises(ConnectionRefusedError):
        probe.connect(("127.0.0.1", port))


def test_no_binaries_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PgUnavailable, match="no PostgreSQL server binaries .* apt-get install postgresql"):
        PgCluster(tmp_path).start()


def test_database_names_are_checked(pg_cluster: PgCluster) -> None:
    with pytest.raises(ValueError, match="not a database name"):
        pg_cluster.create_database('x"; DROP DATABASE postgres; --')
