"""The test PostgreSQL (tests/postgres.py) is a real server: tables are made, written and read back."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from postgres import PostgresServer

psycopg = pytest.importorskip("psycopg")


def test_create_write_read(postgres_url: str) -> None:
    parts = urlsplit(postgres_url)
    assert parts.scheme == "postgresql"
    assert parts.hostname == "127.0.0.1"
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS fixture_check")
        conn.execute("CREATE TABLE fixture_check (id serial PRIMARY KEY, name text NOT NULL, data jsonb)")
        conn.execute(
            "INSERT INTO fixture_check (name, data) VALUES (%s, %s::jsonb), (%s, %s::jsonb)",
            ("gemeente-één", '{"verdict": "voldoet"}', "leverancier", '{"verdict": "voldoet niet"}'),
        )
        rows = conn.execute("SELECT name, data->>'verdict' FROM fixture_check ORDER BY id").fetchall()
        version = conn.execute("SHOW server_version").fetchone()
        conn.execute("DROP TABLE fixture_check")
    assert rows == [("gemeente-één", "voldoet"), ("leverancier", "voldoet niet")]
    assert version is not None and int(version[0].split(".")[0]) >= 12


def test_listens_on_loopback_only_with_a_password(postgres_server: PostgresServer) -> None:
    with postgres_server.connect() as conn:
        listen = conn.execute("SHOW listen_addresses").fetchone()
        sockets = conn.execute("SHOW unix_socket_directories").fetchone()
    if postgres_server.datadir is not None:  # our own cluster, not CGCOMPLY_TEST_POSTGRES_URL's server
        assert listen == ("127.0.0.1",)
        assert sockets == ("",)
    wrong = postgres_server.url().replace(postgres_server.password, "wrong-password", 1)
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(wrong, connect_timeout=10)


def test_fresh_database_is_empty_and_separate(fresh_postgres_url: str, postgres_url: str) -> None:
    assert fresh_postgres_url != postgres_url
    with psycopg.connect(fresh_postgres_url, autocommit=True) as conn:
        tables = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
        conn.execute("CREATE TABLE only_here (x int)")
    assert tables == (0,)
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        seen = conn.execute("SELECT to_regclass('public.only_here')").fetchone()
    assert seen == (None,)
