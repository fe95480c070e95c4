"""`make run` serves the production profile on this machine, not the debug server's pages."""

import re
import subprocess
import urllib.error
import urllib.request

import pytest

from tests import servers

MAKEFILE = servers.ROOT / "Makefile"


def fetch(url: str) -> tuple[int, dict, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def test_make_run_turns_debug_off_and_keeps_its_key_out_of_git():
    profile = servers.run_profile()
    assert profile["DEBUG"] == "false"
    assert profile["SECRET_KEY_FILE"] == ".secret_key"
    assert set(profile["ALLOWED_HOSTS"].split(",")) <= {"127.0.0.1", "localhost"}
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", ".secret_key"], cwd=servers.ROOT, check=False
    )
    assert ignored.returncode == 0


@pytest.mark.django_db
def test_the_run_profile_serves_our_own_pages_and_hashed_static_files(tmp_path):
    with servers.gunicorn(tmp_path) as server:
        status, _, missing = fetch(server.url + "/no-such-page/")
        _, _, home = fetch(server.url + "/safety/")
        stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', home)
        assert stylesheet, "the stylesheet has no hashed name"
        css_status, css_headers, _ = fetch(server.url + stylesheet.group(1))
    assert status == 404
    assert "Exit this page" in missing and "URLconf" not in missing
    assert css_status == 200 and "immutable" in css_headers["Cache-Control"]
