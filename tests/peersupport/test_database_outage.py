"""With the database unreachable every page is a calm 503 with the exit link and the crisis
lines; when it comes back the site recovers without a restart (docs/safety.md, rules 2, 10)."""

import urllib.error
import urllib.request

import pytest
from django.db import connection

from tests import faults, servers


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=20) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.django_db(transaction=True)
def test_pages_answer_503_while_the_database_is_away_and_recover_after(tmp_path, make_group):
    group = make_group()
    proxy = faults.Proxy(faults.database_address())
    name = connection.settings_dict["NAME"]
    url = f"postgres://{connection.settings_dict['USER']}@127.0.0.1:{proxy.port}/{name}"
    try:
        with servers.gunicorn(tmp_path, DATABASE_URL=url, CACHE_URL="") as server:
            assert fetch(server.url + "/")[0] == 200  # the worker has shown the lines once
            proxy.cut()
            away = {path: fetch(server.url + path) for path in ["/", "/groups/", "/healthz"]}
            proxy.restore()
            back = {path: fetch(server.url + path)[0] for path in ["/", group.get_absolute_url()]}
    finally:
        proxy.close()
    assert {path: status for path, (status, _) in away.items()} == dict.fromkeys(away, 503)
    for path in ["/", "/groups/"]:
        page = away[path][1]
        assert "The directory is back in a moment" in page
        assert "Exit this page" in page and 'href="tel:988"' in page
        assert "Traceback" not in page
    assert back == dict.fromkeys(back, 200)
    assert "Service Unavailable: /groups/" in server.output  # logged, for whoever is on call
    assert away["/healthz"][1] == "database unreachable\n"
