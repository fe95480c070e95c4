"""Sign-out-and-leave, the health check and the error page (docs/safety.md, rules 1 and 2)."""

import pytest
from django.db.utils import DatabaseError, OperationalError
from django.test import RequestFactory
from django.urls import reverse

from peersupport import context_processors, views


def exit_links(html: str) -> list[str]:
    """The href of every "Exit this page" link (they carry `data-exit`)."""
    hrefs = []
    for chunk in html.split("<a ")[1:]:
        tag = chunk.split(">", 1)[0]
        if "data-exit" in tag:
            hrefs.append(tag.split('href="', 1)[1].split('"', 1)[0])
    return hrefs


def test_exit_signs_out_clears_the_site_and_leaves_for_the_neutral_page(client, settings, alice):
    client.force_login(alice)
    response = client.get(reverse("exit"))
    assert response.status_code == 303
    assert response["Location"] == settings.EXIT_URL
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'
    assert "no-store" in response["Cache-Control"]


def test_after_exit_the_next_request_is_anonymous(client, alice):
    client.force_login(alice)
    assert client.get(reverse("home")).context["user"] == alice
    client.get(reverse("exit"))
    assert client.get(reverse("home")).context["user"].is_anonymous
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_exit_also_works_for_anonymous_visitors(client, settings):
    response = client.get(reverse("exit"))
    assert response.status_code == 303
    assert response["Location"] == settings.EXIT_URL
    assert response["Clear-Site-Data"] == '"cache", "cookies", "storage"'


@pytest.mark.parametrize("name", ["home", "safety", "groups:list", "resources:list"])
def test_signed_in_people_leave_through_exit_so_their_session_ends(client, alice, name):
    client.force_login(alice)
    links = exit_links(client.get(reverse(name)).content.decode())
    assert len(links) == 2
    assert set(links) == {reverse("exit")}


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["home", "safety", "groups:list", "resources:list"])
def test_anonymous_visitors_leave_straight_for_the_neutral_page(client, settings, name):
    links = exit_links(client.get(reverse(name)).content.decode())
    assert len(links) == 2
    assert set(links) == {settings.EXIT_URL}


def test_the_exit_url_is_configurable(client, settings, alice):
    settings.EXIT_URL = "https://example.com/weather"
    assert set(exit_links(client.get(reverse("home")).content.decode())) == {
        "https://example.com/weather"
    }
    client.force_login(alice)
    assert client.get(reverse("exit"))["Location"] == "https://example.com/weather"


@pytest.mark.django_db
def test_the_health_check_says_ok_when_the_database_answers(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content.decode().strip() == "ok"
    assert response["Content-Type"].startswith("text/plain")
    assert "no-store" in response["Cache-Control"]


class UnreachableDatabase:
    def cursor(self):
        raise DatabaseError("connection refused")


@pytest.mark.django_db
def test_the_health_check_fails_with_503_when_the_database_is_unreachable(client, monkeypatch):
    monkeypatch.setattr(views, "connection", UnreachableDatabase())
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert "connection refused" not in response.content.decode()


@pytest.mark.django_db
def test_the_error_page_still_shows_the_crisis_lines(settings):
    response = views.server_error(RequestFactory().get("/groups/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in html
    assert 'href="tel:911"' in html
    assert 'href="tel:988"' in html
    assert 'href="tel:18007997233"' in html
    assert f'href="{settings.EXIT_URL}"' in html


def broken_lines(country: str):
    raise DatabaseError("the database is down")


@pytest.mark.django_db
def test_the_error_page_renders_even_when_no_crisis_lines_can_be_found(settings, monkeypatch):
    monkeypatch.setattr(context_processors, "crisis_lines", broken_lines)
    monkeypatch.setattr(context_processors, "LAST_SHOWN", {})
    response = views.server_error(RequestFactory().get("/groups/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in html
    assert "tel:" not in html
    assert "call your local emergency number" in html
    assert f'href="{settings.EXIT_URL}"' in html
    assert "the database is down" not in html


@pytest.mark.django_db
def test_without_the_database_the_error_page_is_a_calm_503_with_the_lines_last_shown(
    client, settings, monkeypatch
):
    client.get(reverse("home"))  # this process has shown the lines once
    monkeypatch.setattr(context_processors, "crisis_lines", broken_lines)
    try:
        raise OperationalError("connection to server failed: Connection refused")
    except OperationalError:
        response = views.server_error(RequestFactory().get("/groups/"))
    html = response.content.decode()
    assert (response.status_code, response["Retry-After"]) == (503, "30")
    assert "The directory is back in a moment" in html
    assert 'href="tel:988"' in html and 'href="tel:18007997233"' in html
    assert f'href="{settings.EXIT_URL}"' in html
    assert "Connection refused" not in html
