"""Robots are kept out of the public forms without a third party (curation.spam): a field
people never see, a least time to fill a form in, and a per-client hourly limit that keeps no
address. A person who trips one keeps what they wrote and can send it again."""

import re
import time

import pytest
from django.core import signing
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from curation import spam
from curation.models import GroupReport, ResourceSuggestion
from tests.factories import shown_form

pytestmark = pytest.mark.django_db

GUIDE = {"title": "A guide", "url": "https://example.org/guide"}


def suggest(client, **answers):
    return client.post(reverse("curation:suggest_resource"), answers)


def test_a_form_sent_after_a_minute_is_taken(client):
    assert suggest(client, started=shown_form(60), **GUIDE).status_code == 302
    assert ResourceSuggestion.objects.count() == 1


def test_a_form_filled_in_faster_than_a_person_can_is_shown_again(client, settings):
    settings.SUBMISSION_MIN_SECONDS = 3
    response = suggest(client, started=shown_form(seconds_ago=0.5), **GUIDE)
    assert response.status_code == 422
    page = response.content.decode()
    assert spam.TOO_FAST in page.replace("&#x27;", "'")
    assert 'value="A guide"' in page  # nothing they wrote is lost
    # The page carries a fresh time: sent again a little later, it is taken.
    fresh = re.search(r'name="started" value="([^"]+)"', page)[1]
    assert spam.shown_time(fresh) is not None
    assert ResourceSuggestion.objects.count() == 0


SIGNED_FOR_SOMETHING_ELSE = signing.dumps(time.time() - 60, salt="another.form")


@pytest.mark.parametrize(
    "started",
    ["", "12345", "not:a:signed:value", SIGNED_FOR_SOMETHING_ELSE],
    ids=["missing", "a bare number", "not signed", "signed for another form"],
)
def test_a_missing_or_forged_time_is_refused(client, started):
    assert suggest(client, started=started, **GUIDE).status_code == 422
    assert ResourceSuggestion.objects.count() == 0


def test_a_form_left_open_too_long_is_shown_again(client, settings):
    settings.SUBMISSION_MAX_SECONDS = 3600
    response = suggest(client, started=shown_form(seconds_ago=7200), **GUIDE)
    assert response.status_code == 422
    assert "open for a long time" in response.content.decode()


def test_the_honeypot_is_hidden_from_people_and_refuses_what_fills_it(client):
    page = client.get(reverse("curation:suggest_resource")).content.decode()
    assert re.search(r'<div class="hp" aria-hidden="true">.*name="homepage"', page, re.S)
    assert 'tabindex="-1"' in page
    response = suggest(client, started=shown_form(), homepage="http://spam.example", **GUIDE)
    assert response.status_code == 422
    assert "http://spam.example" not in response.content.decode()
    assert ResourceSuggestion.objects.count() == 0


def test_one_client_may_send_only_so_many_in_an_hour(client, settings, make_group):
    settings.SUBMISSIONS_PER_HOUR = 3
    group = make_group()
    url = reverse("curation:group_report", args=[group.slug])
    answers = [client.post(url, {"started": shown_form(), "problem": "other"}) for _ in range(4)]
    assert [r.status_code for r in answers] == [302, 302, 302, 429]
    assert "A lot has been sent from here" in answers[-1].content.decode()
    assert GroupReport.objects.count() == 3
    # Another address is counted on its own.
    other = client.post(url, {"started": shown_form(), "problem": "other"}, REMOTE_ADDR="10.1.1.1")
    assert other.status_code == 302


def test_the_limit_keeps_no_address_only_a_keyed_hash_that_expires(settings):
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
    key = spam.client_key(request)
    assert "203.0.113.9" not in key
    assert spam.client_key(request, now=0) != spam.client_key(request, now=spam.WINDOW_SECONDS)
    spam.over_limit(request)
    assert cache.get(key) == 1


def test_without_the_cache_people_are_let_through_and_their_reports_kept(
    client, make_group, monkeypatch
):
    def away(*args, **kwargs):
        raise ConnectionError("the cache is away")

    monkeypatch.setattr(spam.cache, "get", away)
    monkeypatch.setattr(spam.cache, "set", away)
    group = make_group()
    url = reverse("curation:group_report", args=[group.slug])
    response = client.post(url, {"started": shown_form(), "problem": "other", "details": "kept"})
    assert response.status_code == 302
    assert GroupReport.objects.get().details == "kept"
