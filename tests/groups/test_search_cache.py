import pytest
from django.core.cache import cache
from django.urls import reverse

from groups.search import ONLINE_PREVIEW
from tests import factories

pytestmark = pytest.mark.django_db


def cached_keys() -> list[str]:
    return list(cache._cache)  # the local-memory cache the tests run on


def test_browsing_counts_are_never_cached_and_follow_every_change(client, make_group):
    make_group(name="Survivor Circle", audiences=["women"])
    first = client.get(reverse("groups:list"), {"audience": "women"}).content.decode()
    assert "1 group" in first
    make_group(name="Another Circle", audiences=["women"])
    second = client.get(reverse("groups:list"), {"audience": "women"}).content.decode()
    assert "Another Circle" in second
    assert "2 groups" in second
    assert not any("group-counts" in key for key in cached_keys())


def test_no_searched_place_or_typed_words_ever_reach_the_cache(client, make_group):
    factories.make_gazetteer_place()
    make_group(name="Survivor Circle")
    for params in (
        {"near": "30303"},
        {"near": "Atlanta, GA", "audience": "women"},
        {"q": "grief"},
        {"near": "33.75,-84.39", "q": "sleep"},
    ):
        assert client.get(reverse("groups:list"), params).status_code == 200
    keys = " ".join(cached_keys())
    for secret in ("30303", "atlanta", "Atlanta", "grief", "sleep", "33.75", "84.39"):
        assert secret not in keys
    assert "group-counts" not in keys


def test_see_all_online_groups_keeps_the_filters_and_asks_for_online_formats(client):
    factories.make_gazetteer_place()
    for n in range(ONLINE_PREVIEW + 1):
        factories.make_group(name=f"Online Circle {n}", format="online", audiences=["women"])
    html = client.get(reverse("groups:list"), {"near": "30303", "audience": "women"}).content
    html = html.decode()
    assert "See all the online and phone groups" in html
    link = html.split("See all the online and phone groups")[0].rsplit('href="', 1)[1]
    assert "near=" not in link
    assert "audience=women" in link
    assert "format=online&amp;format=phone" in link
