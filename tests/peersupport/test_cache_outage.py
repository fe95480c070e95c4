"""With Redis away the site keeps serving from the database; sign-ins wait rather than go
uncounted; /healthz says the cache is degraded (docs/safety.md, rule 10)."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from curation.models import GroupReport
from tests import factories
from tests.peersupport.test_accounts import REDIS_URL, redis_reachable, sign_in

pytestmark = pytest.mark.django_db

NOTHING_LISTENS = "redis://127.0.0.1:9/0"  # the discard port: connections are refused


def redis_cache(url: str) -> dict:
    return {
        "default": {
            "BACKEND": "peersupport.cache.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "peersupport-test",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


@pytest.fixture
def redis_away(settings):
    settings.CACHES = redis_cache(NOTHING_LISTENS)


def test_every_kind_of_page_is_served_without_the_cache(
    redis_away, client, make_group, make_resource
):
    group, resource = make_group(), make_resource()
    pages = [
        "/",
        reverse("safety"),
        reverse("groups:list"),
        reverse("groups:list") + "?format=online",
        group.get_absolute_url(),
        reverse("resources:list"),
        reverse("resources:list") + "?q=safety",
        resource.get_absolute_url(),
        "/no-such-page/",
    ]
    answers = {url: client.get(url) for url in pages}
    assert {url: r.status_code for url, r in answers.items()} == dict.fromkeys(pages, 200) | {
        "/no-such-page/": 404
    }
    for response in answers.values():
        page = response.content.decode()
        assert "Exit this page" in page and "988" in page  # the safety shell, crisis lines too


def test_a_report_is_stored_and_thanked_for_without_the_cache(redis_away, client, make_group):
    group = make_group()
    response = client.post(
        reverse("curation:group_report", args=[group.slug]),
        {"started": factories.shown_form(), "problem": "closed"},
        follow=True,
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("curation:sent")
    assert GroupReport.objects.filter(group=group).count() == 1


def test_sign_in_waits_while_the_cache_cannot_count_attempts(redis_away, client, alice):
    response = sign_in(client, alice.email)
    assert response.status_code == 429
    assert "Please wait a moment" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_healthz_says_the_cache_is_degraded(redis_away, client):
    response = client.get(reverse("healthz"))
    assert (response.status_code, response.content) == (200, b"ok, cache degraded\n")


def test_healthz_with_redis_there_is_plain_ok(settings, client):
    if not redis_reachable(REDIS_URL):
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.CACHES = redis_cache(REDIS_URL)
    assert client.get(reverse("healthz")).content == b"ok\n"
    assert cache.reachable()
