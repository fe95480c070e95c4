"""The project served as `make run` serves it, by gunicorn in a child process, for tests that
need the real server: its own error pages and logs, several instances, faults."""

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Server:
    port: int
    process: subprocess.Popen
    log_path: Path
    output: str = field(default="")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def raw(self, request: bytes) -> bytes:
        """The whole answer to bytes sent as they are, however malformed."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as conn:
            conn.sendall(request)
            answer = b""
            while chunk := conn.recv(65536):
                answer += chunk
        return answer


def environment(env: dict[str, str]) -> dict[str, str]:
    """This process's environment for a child, on this test run's database."""
    return os.environ | {"DATABASE_NAME": connection.settings_dict["NAME"]} | env


@contextlib.contextmanager
def gunicorn(tmp_path: Path, **env: str) -> Iterator[Server]:
    """gunicorn with the project's settings on a free port, using this test run's database;
    when the block ends it is stopped and `output` holds everything it logged."""
    port = free_port()
    log_path = tmp_path / f"gunicorn-{port}.log"
    environ = environment({"PORT": str(port), "WEB_CONCURRENCY": "1"} | env)
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [str(GUNICORN), "-c", "peersupport/gunicorn_conf.py", "peersupport.wsgi"],
            cwd=ROOT,
            env=environ,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    server = Server(port, process, log_path)
    try:
        wait_for_port(server)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)
        server.output = log_path.read_text(errors="replace")


def wait_for_port(server: Server, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped: {server.log_path.read_text(errors='replace')}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", server.port)):
            return
        time.sleep(0.1)
    raise RuntimeError("gunicorn did not start listening in time")
