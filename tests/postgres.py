"""A real, throwaway PostgreSQL for the tests: :func:`postgres_server`, :func:`postgres_url`,
:func:`fresh_postgres_url`.

One cluster per test session, made with Debian's own binaries (``/usr/lib/postgresql/<version>/bin``:
``initdb``, ``pg_ctl``, ``postgres``) in a temporary folder, listening on 127.0.0.1 only at a free port
(no Unix socket), with a password (scram-sha-256) for a superuser ``cgcomply``. PostgreSQL refuses to run
as root: when the tests run as root the cluster runs as the package's ``postgres`` user (``runuser``).
It is stopped and removed at the end of the session.

``make test`` installs the Debian package ``postgresql`` when the binaries are missing (as root, through
apt). Without binaries the fixtures skip with the reason. ``CGCOMPLY_TEST_POSTGRES_URL`` (a superuser URL
such as ``postgresql://user:pw@127.0.0.1:5432/postgres``) uses a server that is already running instead,
for a CI service container.

Use::

    def test_store(postgres_url):  # session-wide database "cgcomply" (shared: clean up your tables)
        ...

    def test_migrations(fresh_postgres_url):  # a new empty database for this test, dropped after it
        ...
"""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

import pytest

SUPERUSER = "cgcomply"
DATABASE = "cgcomply"
#: Speed over durability: the cluster is thrown away, and a crash of the server is not what tests test
#: (a killed *client* is; its committed transactions stay visible with these settings too).
SETTINGS = {
    "listen_addresses": "127.0.0.1",
    "unix_socket_directories": "",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
    "shared_buffers": "32MB",
    "log_min_messages": "warning",
}
START_TIMEOUT = 60.0


def find_bindir() -> Path | None:
    """The newest ``/usr/lib/postgresql/<version>/bin`` with ``initdb`` and ``pg_ctl``, else the folder of
    an ``initdb`` on PATH; ``None`` without PostgreSQL."""
    candidates = glob.glob("/usr/lib/postgresql/*/bin/initdb")

    def version(path: str) -> tuple[int, ...]:
        part = Path(path).parent.parent.name
        return tuple(int(p) for p in part.split(".") if p.isdigit())

    for initdb in sorted(candidates, key=version, reverse=True):
        bindir = Path(initdb).parent
        if (bindir / "pg_ctl").exists():
            return bindir
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).parent
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _url(user: str, password: str, host: str, port: int, database: str) -> str:
    auth = quote(user, safe="") + (":" + quote(password, safe="") if password else "")
    return f"postgresql://{auth}@{host}:{port}/{quote(database, safe='')}"


@dataclass
class PostgresServer:
    """A running PostgreSQL server the tests may use as superuser."""

    host: str
    port: int
    user: str
    password: str
    bindir: Path | None = None
    datadir: Path | None = None
    run_as: str | None = None
    database: str = DATABASE  # the session-wide database
    _created: list[str] = field(default_factory=list)

    def url(self, database: str | None = None) -> str:
        """``postgresql://cgcomply:…@127.0.0.1:PORT/DATABASE`` (libpq form: SQLAlchemy, psycopg, procrastinate)."""
        return _url(self.user, self.password, self.host, self.port, database or self.database)

    def connect(self, database: str | None = None):  # -> psycopg.Connection
        import psycopg

        return psycopg.connect(self.url(database), autocommit=True, connect_timeout=10)

    def create_database(self, prefix: str = "t") -> str:
        """A new empty database; its name."""
        name = f"{prefix}_{secrets.token_hex(6)}"
        with self.connect("postgres") as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        self._created.append(name)
        return name

    def drop_database(self, name: str) -> None:
        with self.connect("postgres") as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if name in self._created:
            self._created.remove(name)


def _command(server_user: str | None, args: list[str]) -> list[str]:
    return ["runuser", "-u", server_user, "--", *args] if server_user else args


def _run(server_user: str | None, args: list[str], timeout: float = START_TIMEOUT) -> None:
    result = subprocess.run(
        _command(server_user, args), capture_output=True, text=True, timeout=timeout, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(
            f"{' '.join(args[:2])} failed ({result.returncode}): {(result.stderr or result.stdout).strip()}"
        )


def start_cluster(bindir: Path) -> tuple[PostgresServer, Path]:
    """initdb + pg_ctl start in a new temporary folder; the server and that folder."""
    server_user: str | None = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no 'postgres' user to run PostgreSQL as")
        if shutil.which("runuser") is None:
            pytest.skip("running as root and 'runuser' is missing: cannot start PostgreSQL as another user")
        server_user = "postgres"
    base = Path(tempfile.mkdtemp(prefix="cgcomply-pg-"))
    datadir = base / "data"
    password = secrets.token_urlsafe(18)
    pwfile = base / "pw"
    pwfile.write_text(password + "\n", "utf-8")
    if server_user:
        entry = pwd.getpwnam(server_user)
        os.chown(base, entry.pw_uid, entry.pw_gid)
        os.chown(pwfile, entry.pw_uid, entry.pw_gid)
    os.chmod(pwfile, 0o600)
    _run(
        server_user,
        [
            str(bindir / "initdb"),
            "-D",
            str(datadir),
            "-U",
            SUPERUSER,
            f"--pwfile={pwfile}",
            "--auth-host=scram-sha-256",
            "--auth-local=scram-sha-256",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        ],
    )
    pwfile.unlink()
    last_error = ""
    for _attempt in range(3):  # the free port may be taken between choosing and binding it
        port = _free_port()
        # pg_ctl hands these to a shell: '' is the empty value (no Unix socket)
        options = " ".join(f"-c {key}={value or chr(39) * 2}" for key, value in SETTINGS.items())
        args = [
            str(bindir / "pg_ctl"),
            "-D",
            str(datadir),
            "-l",
            str(base / "server.log"),
            "-w",
            "-t",
            str(int(START_TIMEOUT)),
            "-o",
            f"-p {port} {options}",
            "start",
        ]
        try:
            _run(server_user, args, timeout=START_TIMEOUT + 10)
        except RuntimeError as error:
            log = base / "server.log"
            last_error = f"{error}; log: {log.read_text('utf-8', 'replace')[-2000:] if log.exists() else '-'}"
            continue
        server = PostgresServer("127.0.0.1", port, SUPERUSER, password, bindir, datadir, server_user)
        _wait_ready(server)
        return server, base
    shutil.rmtree(base, ignore_errors=True)
    raise RuntimeError(f"PostgreSQL did not start: {last_error}")


def _wait_ready(server: PostgresServer) -> None:
    import psycopg

    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            with server.connect("postgres") as conn:
                conn.execute(f'CREATE DATABASE "{DATABASE}"')
            return
        except psycopg.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def stop_cluster(server: PostgresServer, base: Path) -> None:
    if server.bindir and server.datadir:
        args = [str(server.bindir / "pg_ctl"), "-D", str(server.datadir), "-m", "immediate", "-w", "stop"]
        subprocess.run(_command(server.run_as, args), capture_output=True, timeout=60, check=False)
    shutil.rmtree(base, ignore_errors=True)


def _external(url: str) -> PostgresServer:
    parts = urlsplit(url)
    server = PostgresServer(
        parts.hostname or "127.0.0.1", parts.port or 5432, parts.username or "postgres", parts.password or ""
    )
    name = f"{DATABASE}_{secrets.token_hex(4)}"
    with server.connect(urlsplit(urlunsplit(parts)).path.lstrip("/") or "postgres") as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    server.database = name
    server._created.append(name)
    return server


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The session's PostgreSQL server (see the module text)."""
    pytest.importorskip("psycopg", reason="psycopg (a dependency of cgcomply) is not installed")
    external = os.environ.get("CGCOMPLY_TEST_POSTGRES_URL")
    if external:
        server = _external(external)
        try:
            yield server
        finally:
            for name in list(server._created):
                server.drop_database(name)
        return
    bindir = find_bindir()
    if bindir is None:
        pytest.skip(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): `make test` installs the "
            "Debian package 'postgresql' as root, or set CGCOMPLY_TEST_POSTGRES_URL to a server"
        )
    server, base = start_cluster(bindir)
    try:
        yield server
    finally:
        stop_cluster(server, base)


@pytest.fixture(scope="session")
def postgres_url(postgres_server: PostgresServer) -> str:
    """URL of the session-wide database (shared by every test that uses it)."""
    return postgres_server.url(postgres_server.database)


@pytest.fixture
def fresh_postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """URL of a new, empty database for one test; dropped after it."""
    name = postgres_server.create_database()
    try:
        yield postgres_server.url(name)
    finally:
        postgres_server.drop_database(name)
