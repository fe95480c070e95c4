"""The project served as `make run` serves it, by gunicorn in a child process, for tests that
need the real server: its own error pages and logs, several instances, faults."""

import contextlib
import functools
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def run_profile() -> dict[str, str]:
    """The variables the Makefile's run target exports: what `make run` serves with."""
    makefile = (ROOT / "Makefile").read_text()
    pattern = r"^run(?: [\w-]+)*: export (\w+) \??= (.*)$"
    return dict(re.findall(pattern, makefile, re.MULTILINE))


@functools.cache
def production_files() -> dict[str, str]:
    """A secret key file and collected static files, made once per test process, for serving
    the run profile."""
    folder = Path(tempfile.mkdtemp(prefix="peersupport-run-"))
    (folder / "secret_key").write_text("test-only-" + "k" * 60)
    files = {"SECRET_KEY_FILE": str(folder / "secret_key"), "STATIC_ROOT": str(folder / "static")}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=environment(run_profile() | files),
        check=True,
    )
    return files


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
def gunicorn(
    tmp_path: Path, *, port: int | None = None, arguments: tuple[str, ...] = (), **env: str
) -> Iterator[Server]:
    """gunicorn as `make run` serves (DEBUG off) on a free port, using this test run's
    database; when the block ends it is stopped and `output` holds everything it logged."""
    port = port or free_port()
    tmp_path.mkdir(parents=True, exist_ok=True)
    log_path = tmp_path / f"gunicorn-{port}.log"
    environ = environment(
        run_profile() | production_files() | {"PORT": str(port), "WEB_CONCURRENCY": "1"} | env
    )
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            [str(GUNICORN), "-c", "peersupport/gunicorn_conf.py", *arguments, "peersupport.wsgi"],
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
