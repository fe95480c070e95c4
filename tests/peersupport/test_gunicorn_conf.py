import runpy
from pathlib import Path

import pytest

from tests import servers

CONF = Path(__file__).resolve().parents[2] / "peersupport" / "gunicorn_conf.py"

# gunicorn access-log atoms that carry a query string, a referrer or who asked.
LEAKY_ATOMS = ["%(r)s", "%(q)s", "%(f)s", "%(h)s", "%({x-forwarded-for}i)s", "%(a)s"]


@pytest.fixture
def conf(monkeypatch):
    monkeypatch.setenv("PORT", "8123")
    return runpy.run_path(str(CONF))


def test_the_access_log_never_records_query_strings_referrers_or_addresses(conf):
    log_format = conf["access_log_format"]
    assert "%(U)s" in log_format  # the path alone
    for atom in LEAKY_ATOMS:
        assert atom not in log_format


def test_gunicorn_listens_on_localhost_and_the_port_from_the_environment(conf):
    assert conf["bind"] == "127.0.0.1:8123"
    assert conf["accesslog"] == "-"


SECRET = b"Secretville"

# Requests gunicorn refuses before Django sees them, each carrying a searched place.
MALFORMED = {
    "a raw non-ASCII byte": b"GET /groups/?near=Secr\xe9tville+GA HTTP/1.1\r\nHost: x\r\n\r\n",
    "a NUL byte": b"GET /groups/?near=Secretville\x00 HTTP/1.1\r\nHost: x\r\n\r\n",
    "a request line too long": b"GET /groups/?near=" + SECRET * 500 + b" HTTP/1.1\r\n\r\n",
    "a bad header name": b"GET /groups/?near=Secretville HTTP/1.1\r\nBad Name: 1\r\n\r\n",
    "a bad method": b"G(T /groups/?near=Secretville HTTP/1.1\r\nHost: x\r\n\r\n",
}


@pytest.mark.django_db
def test_gunicorn_refuses_malformed_requests_without_repeating_or_logging_them(tmp_path):
    with servers.gunicorn(tmp_path) as server:
        answers = {name: server.raw(request) for name, request in MALFORMED.items()}
        fine = server.raw(
            b"GET /healthz?near=Secretville HTTP/1.1\r\n"
            b"Host: 127.0.0.1\r\nConnection: close\r\n\r\n"
        )
    statuses = {name: answer.split(b" ", 2)[1] for name, answer in answers.items()}
    assert statuses == dict.fromkeys(MALFORMED, b"400") | {"a request line too long": b"414"}
    assert not [name for name, answer in answers.items() if b"Secr" in answer]
    assert fine.startswith(b"HTTP/1.1 200")
    assert '"GET /healthz" 200' in server.output  # the access log still works
    assert "Secr" not in server.output
    assert "Refused a request gunicorn could not read (InvalidRequestLine)" in server.output
    assert "ip=127" not in server.output


def test_each_gunicorn_instance_runs_without_a_shared_control_socket(conf):
    assert conf["control_socket_disable"] is True


class FakeWorker:
    """What post_worker_init uses of a gunicorn worker: its log."""

    def __init__(self) -> None:
        self.warnings: list[str] = []
        self.log = self

    def warning(self, message: str, *args) -> None:
        self.warnings.append(message % args if args else message)


@pytest.mark.django_db
def test_each_worker_reads_the_browsing_index_before_taking_requests(conf, monkeypatch):
    from groups import browsing

    monkeypatch.setattr(browsing, "_current", None)
    worker = FakeWorker()
    conf["post_worker_init"](worker)
    assert browsing._current is not None
    assert worker.warnings == []


@pytest.mark.django_db
def test_a_worker_starts_without_the_database_and_reads_the_index_later(conf, monkeypatch):
    from django.db import OperationalError

    from groups import browsing

    def away():
        raise OperationalError("the database is away")

    monkeypatch.setattr(browsing, "_current", None)
    monkeypatch.setattr(browsing, "version", away)
    worker = FakeWorker()
    conf["post_worker_init"](worker)  # no exception: the worker starts
    assert browsing._current is None
    assert worker.warnings == ["The finder's browsing index will be read on first use."]
