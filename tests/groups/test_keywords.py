"""The keyword box finds groups by what they are (times, joining, format, audience, topic,
language) as well as by their words, in English and Spanish."""

import datetime
import html as html_lib
import re

import pytest
from django.http import QueryDict
from django.urls import reverse

from groups.filters import DIMENSIONS_BY_PARAM
from groups.keywords import EVERY_GROUP, EXAMPLES, PHRASES, read_keywords
from groups.models import Category, Format, Joining
from groups.search import GroupOptions, search_groups
from tests import factories


def found(q: str) -> list[str]:
    return sorted(group.name for group in search_groups(QueryDict(f"q={q}")).page)


@pytest.fixture
def groups(db):
    """Groups whose texts never name what they are."""
    quiet = {"summary": "A calm weekly group.", "description": "People talk about their week."}
    evening = factories.make_group(
        name="Late Circle", joining=Joining.REGISTRATION, audiences=["men"], **quiet
    )
    factories.make_meeting(evening, start_time=datetime.time(19), end_time=datetime.time(20))
    morning = factories.make_group(name="Early Circle", joining=Joining.DROP_IN, **quiet)
    factories.make_meeting(morning, start_time=datetime.time(9), end_time=datetime.time(10))
    online = factories.make_group(
        name="Screen Circle",
        format=Format.ONLINE,
        joining=Joining.REGISTRATION,
        audiences=["women"],
        languages=["es"],
        **quiet,
    )
    online.categories.set([Category.objects.get(slug="mental-health")])
    factories.make_meeting(online, start_time=datetime.time(13), end_time=datetime.time(14))
    return evening, morning, online


@pytest.mark.parametrize(
    ("q", "names"),
    [
        ("evening", ["Late Circle"]),
        ("noche", ["Late Circle"]),
        ("morning", ["Early Circle"]),
        ("por la mañana", ["Early Circle"]),
        ("drop-in", ["Early Circle"]),
        ("Drop in", ["Early Circle"]),
        ("online", ["Screen Circle"]),
        ("en línea", ["Screen Circle"]),
        # Groups open to anyone are for women too.
        ("women", ["Early Circle", "Screen Circle"]),
        ("mujeres", ["Early Circle", "Screen Circle"]),
        ("Spanish", ["Screen Circle"]),
        ("español", ["Screen Circle"]),
        ("mental health", ["Screen Circle"]),
        ("salud mental", ["Screen Circle"]),
        ("Tuesday", ["Early Circle", "Late Circle", "Screen Circle"]),
    ],
)
def test_a_word_for_what_a_group_is_finds_it_though_its_text_does_not_say_it(groups, q, names):
    assert found(q) == names


def test_every_word_must_match_whether_it_names_a_filter_or_is_text(groups):
    assert found("evening drop-in") == []
    assert found("morning drop-in") == ["Early Circle"]
    assert found("morning week") == ["Early Circle"]
    assert found("morning zebra") == []


def test_a_phrase_also_matches_a_groups_own_words(db):
    factories.make_group(name="Circle", summary="We stay late into the evening.")
    assert found("evening") == ["Circle"]


def test_a_short_word_matches_whole_words_not_the_start_of_longer_ones(db):
    factories.make_group(name="Mind Circle", summary="A mental health group.", audiences=["women"])
    factories.make_group(name="Mens Circle", audiences=["men"])
    assert found("men") == ["Mens Circle"]


def test_words_every_group_is_narrow_nothing(groups):
    assert found("support group") == found("") == ["Early Circle", "Late Circle", "Screen Circle"]
    assert found("grupo de apoyo en español") == ["Screen Circle"]


def test_keywords_never_bring_up_programs_for_people_who_use_violence(db):
    separated = Category.objects.get(is_separated=True)
    factories.make_group(name="Change Program", categories=[separated], summary="Domestic violence")
    factories.make_group(name="Survivor Circle", summary="Domestic violence")
    assert found("domestic violence") == ["Survivor Circle"]


def test_every_phrase_stands_for_a_real_option(db):
    options = GroupOptions.load()
    for phrase, (param, value) in PHRASES.items():
        assert value in {v for v, _ in options.choices[param]}, phrase
        assert DIMENSIONS_BY_PARAM[param]
        assert read_keywords(phrase) == ([(phrase, (param, value))], ""), phrase
    separated = {slug for slug in options.separated_slugs}
    assert not {value for param, value in PHRASES.values() if param == "category"} & separated
    assert not set(PHRASES) & EVERY_GROUP


def test_the_keyword_hint_offers_examples_that_find_groups(client, groups):
    html = client.get(reverse("groups:list")).content.decode()
    hint = re.search(r'<label for="q">.*?</label>', html, re.S).group(0)
    shown = re.findall(r"“([^”]+)”", html_lib.unescape(hint))
    assert shown == list(EXAMPLES)
    for word in shown:
        assert found(word), word
