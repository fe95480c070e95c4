import runpy
from pathlib import Path

import pytest

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
