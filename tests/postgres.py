"""A throwaway PostgreSQL server for tests: Debian's binaries, a temp cluster, loopback only.

Dagster's run, event and schedule storage can live in PostgreSQL
(dagster-postgres); the test that proves it needs a real server. PostgreSQL
refuses to run as root, so under root the cluster belongs to the `postgres`
system user and the server is started as that user.
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PostgresServer:
    host: str
    port: int
    user: str
    db_name: str


def _bin(name: str) -> str:
    """A PostgreSQL server binary: Debian keeps them off PATH, under /usr/lib/postgresql/<version>/bin."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}")) or ([shutil.which(name)] if shutil.which(name) else [])
    if not found:
        raise FileNotFoundError(f"{name}: install Debian's postgresql package (.ci/run does)")
    return found[-1]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_owner(cmd: list[str], owner: str | None) -> list[str]:
    return ["runuser", "-u", owner, "--", *cmd] if owner else cmd


@contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    """Start a fresh cluster on 127.0.0.1 at a free port; stop and delete it afterwards."""
    owner = "postgres" if os.geteuid() == 0 else None
    root = Path(tempfile.mkdtemp(prefix="pgtest-"))
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    if owner:
        uid = pwd.getpwnam(owner).pw_uid
        os.chown(root, uid, -1)
        os.chown(sock, uid, -1)
    user = owner or pwd.getpwuid(os.geteuid()).pw_name
    port = _free_port()
    subprocess.run(_as_owner([_bin("initdb"), "-D", str(data), "-A", "trust", "-U", user, "--no-sync"], owner),
                   check=True, capture_output=True)
    subprocess.run(
        _as_owner([_bin("pg_ctl"), "-D", str(data), "-w", "-l", str(root / "log"),
                   "-o", f"-h 127.0.0.1 -p {port} -k {sock} -F", "start"], owner),
        check=True, capture_output=True,
    )
    try:
        deadline = time.monotonic() + 30
        while subprocess.run([_bin("pg_isready"), "-h", "127.0.0.1", "-p", str(port)], capture_output=True).returncode:
            if time.monotonic() > deadline:
                raise TimeoutError("PostgreSQL did not start within 30 s")
            time.sleep(0.2)
        yield PostgresServer("127.0.0.1", port, user, "postgres")
    finally:
        subprocess.run(_as_owner([_bin("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], owner), capture_output=True)
        shutil.rmtree(root, ignore_errors=True)
