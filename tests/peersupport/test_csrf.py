"""Our forms post with `Origin: null` and no Referer (we send no referrer: docs/safety.md, rule 8);
the CSRF token alone decides those, and foreign origins are still refused."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser_like():
    return Client(enforce_csrf_checks=True)


def token(client: Client) -> str:
    client.get(reverse("account_login"))
    return client.cookies["csrftoken"].value


@pytest.mark.parametrize("secure", [False, True])
def test_a_post_with_a_null_origin_and_the_token_is_accepted(browser_like, alice, secure):
    response = browser_like.post(
        reverse("account_login"),
        {"login": alice.email, "password": "a long test password"},
        HTTP_ORIGIN="null",
        HTTP_X_CSRFTOKEN=token(browser_like),
        secure=secure,
        headers={"host": "testserver"},
    )
    assert response.status_code == 302


def test_a_post_with_a_null_origin_but_no_token_is_refused(browser_like, alice):
    token(browser_like)
    response = browser_like.post(
        reverse("account_login"),
        {"login": alice.email, "password": "a long test password"},
        HTTP_ORIGIN="null",
        secure=True,
    )
    assert response.status_code == 403


def test_a_post_from_another_site_is_refused_even_with_a_token(browser_like, alice):
    response = browser_like.post(
        reverse("account_login"),
        {"login": alice.email, "password": "a long test password"},
        HTTP_ORIGIN="https://evil.example",
        HTTP_X_CSRFTOKEN=token(browser_like),
        secure=True,
    )
    assert response.status_code == 403


def test_our_csrf_middleware_is_djangos_and_is_in_use(settings):
    from django.middleware.csrf import CsrfViewMiddleware as DjangoCsrf

    from peersupport.middleware import CsrfViewMiddleware

    assert issubclass(CsrfViewMiddleware, DjangoCsrf)
    assert "peersupport.middleware.CsrfViewMiddleware" in settings.MIDDLEWARE
