"""Searched places stay out of logs, error reports and titles (docs/safety.md, rule 5)."""

import logging
import os
import re
import sys
import uuid
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory
from django.urls import reverse

import groups.views
from peersupport.privacy import PrivateExceptionReporter, StripQueryStrings, strip_query_strings

PLACE = "30303"


def record(msg: str, *args, exc_info=None) -> logging.LogRecord:
    return logging.LogRecord("django.server", logging.INFO, __file__, 1, msg, args, exc_info)


def failed_search() -> tuple:
    """The exc_info of an error whose message names the searched place."""
    place = PLACE
    try:
        raise ValueError(f"No groups near {place}")
    except ValueError:
        return sys.exc_info()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"GET /groups/?near=30303 HTTP/1.1" 200 512', '"GET /groups/ HTTP/1.1" 200 512'),
        ("GET /groups/?near=Atlanta%2C+GA&radius=5 HTTP/1.1", "GET /groups/ HTTP/1.1"),
        ("/groups/?near=30303", "/groups/"),
        ("GET /groups/ HTTP/1.1", "GET /groups/ HTTP/1.1"),
        ("No query string here.", "No query string here."),
    ],
)
def test_strip_query_strings_leaves_only_the_path(text, expected):
    assert strip_query_strings(text) == expected


def test_the_log_filter_strips_query_strings_from_the_request_line():
    entry = record('"%s" %s %s', "GET /groups/?near=30303 HTTP/1.1", "200", "512")
    assert StripQueryStrings().filter(entry) is True
    assert entry.getMessage() == '"GET /groups/ HTTP/1.1" 200 512'


def test_the_log_filter_strips_query_strings_from_the_message_itself():
    entry = record("Not Found: /groups/?near=30303")
    StripQueryStrings().filter(entry)
    assert entry.getMessage() == "Not Found: /groups/"


def test_the_log_filter_leaves_other_arguments_alone():
    entry = record("%s took %d ms", "GET /groups/?near=30303", 12)
    StripQueryStrings().filter(entry)
    assert entry.args == ("GET /groups/", 12)


def test_the_log_filter_drops_the_exception_message_but_keeps_its_type():
    entry = record("Internal Server Error: %s", "/groups/", exc_info=failed_search())
    StripQueryStrings().filter(entry)
    formatted = logging.Formatter().format(entry)
    assert entry.exc_info is None
    assert "ValueError" in formatted
    assert "failed_search" in formatted  # the traceback's frames stay
    assert PLACE not in formatted


def error_report_request():
    return RequestFactory().get(
        "/groups/", {"near": PLACE}, HTTP_REFERER=f"http://testserver/?near={PLACE}"
    )


def test_error_reports_in_text_never_contain_the_searched_place(settings):
    settings.DEBUG = False
    reporter = PrivateExceptionReporter(error_report_request(), *failed_search())
    text = reporter.get_traceback_text()
    assert "ValueError" in text
    assert "/groups/" in text
    assert PLACE not in text


def test_error_reports_in_html_never_contain_the_searched_place(settings):
    settings.DEBUG = False
    reporter = PrivateExceptionReporter(error_report_request(), *failed_search())
    html = reporter.get_traceback_html()
    assert "ValueError" in html
    assert PLACE not in html


def test_the_project_uses_the_private_exception_reporter(settings):
    assert settings.DEFAULT_EXCEPTION_REPORTER == "peersupport.privacy.PrivateExceptionReporter"


@pytest.mark.django_db
def test_a_failing_search_logs_nothing_about_the_searched_place(
    client, settings, monkeypatch, caplog
):
    settings.DEBUG = False
    client.raise_request_exception = False

    def failing_render(request, *args, **kwargs):
        raise RuntimeError(f"No groups near {request.GET['near']}")

    monkeypatch.setattr(groups.views, "render", failing_render)
    with caplog.at_level(logging.INFO):
        response = client.get(reverse("groups:list"), {"near": PLACE})

    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert PLACE not in response.content.decode()
    assert caplog.records, "the error should be logged"
    assert "RuntimeError" in caplog.text
    assert PLACE not in caplog.text
    assert all(PLACE not in entry.getMessage() for entry in caplog.records)


@pytest.mark.django_db
def test_the_place_input_asks_the_browser_not_to_remember_it(client):
    html = client.get(reverse("home")).content.decode()
    place_input = re.search(r'<input[^>]*name="near"[^>]*>', html).group(0)
    assert 'autocomplete="off"' in place_input


@pytest.mark.django_db
@pytest.mark.parametrize("near", [PLACE, "Atlanta, GA"])
def test_the_page_title_never_contains_the_searched_place(client, near):
    html = client.get(reverse("groups:list"), {"near": near}).content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.DOTALL).group(1)
    assert near not in title
    assert "Atlanta" not in title


@pytest.mark.skipif(
    bool(os.environ.get("DATABASE_URL")), reason="the embedded server's own log is checked"
)
def test_the_embedded_database_server_never_logs_a_failed_statement(settings, db):
    # A search's SQL holds the searched point; PostgreSQL logs a failed statement's text
    # unless told not to.
    marker = f"near-{uuid.uuid4().hex}"
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT 1 / 0 WHERE %s <> ''", [marker])
    folder = Path(os.environ.get("EMBEDDED_PG_DATA") or settings.BASE_DIR / ".pgdata")
    log = (folder / "log").read_text()
    assert "division by zero" in log
    assert marker not in log
