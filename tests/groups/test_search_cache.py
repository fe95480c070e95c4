import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.factories import make_gazetteer_place

pytestmark = pytest.mark.django_db


def cached_keys() -> list[str]:
    return list(cache._cache)  # the local-memory cache the tests run on


def test_browsing_counts_are_shared_for_a_moment(client, make_group):
    make_group(name="Survivor Circle", audiences=["women"])
    first = client.get(reverse("groups:list"), {"audience": "women"})
    assert any("group-counts" in key for key in cached_keys())
    make_group(name="Another Circle", audiences=["women"])
    second = client.get(reverse("groups:list"), {"audience": "women"})
    assert first.status_code == second.status_code == 200
    # The list itself is always fresh; only the option counts may lag for a moment.
    assert "Another Circle" in second.content.decode()


def test_no_searched_place_or_typed_words_ever_reach_the_cache(client, make_group):
    make_gazetteer_place()
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
