"""Hostile input, at every URL pattern and every form the site has (docs/safety.md, rule 10).

The URL patterns come from the URL conf (tests/fuzz/routes.py) and the forms from each page's
own HTML (tests/fuzz/forms.py), so a page or form added later is fuzzed without anyone
remembering to. Each page is tried anonymously and signed in (advocate pages as the owner of
a list, the review queue as a curator, the admin as the site's administrator), with
hypothesis choosing the values: huge and control characters, NUL, invalid percent-encoded
UTF-8, repeated and missing parameters, numbers where words belong, tsquery operators, forged
page cursors, odd charsets. No answer may be a 5xx, and no HTML page may echo input
unescaped. Every request runs in a savepoint that is rolled back, so one example's deletions
do not starve the next.

`make test` runs a bounded number of examples (FUZZ_EXAMPLES, default 5 per page and kind);
`make fuzz` runs many more.
"""

import datetime
import os
from contextlib import contextmanager
from urllib.parse import urlencode

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from groups.filters import SORTS
from groups.geo import RADIUS_CHOICES
from groups.models import AddressVisibility, Category, ListingKind
from groups.search import GroupOptions
from tests import factories
from tests.fuzz import strategies as hostile
from tests.fuzz.forms import forms_of
from tests.fuzz.routes import Route, all_routes, fill
from tests.fuzz.world import HOSTILE_PATH_VALUES, clients, real_values

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=os.environ.get("FUZZ_RANDOM") != "1",
    suppress_health_check=list(HealthCheck),
)
ROUTES = all_routes()
# Parameters some pages read without showing them in a form.
COMMON_PARAMETERS = ["page", "after", "before", "next", "q", "sort", "o", "p", "e", "_to_field"]
ADMIN_PARAMETERS = ["term", "app_label", "model_name", "field_name", "_changelist_filters"]
SENT = {"requests": 0}


@pytest.fixture(autouse=True)
def _forms_sent_at_once(settings):
    """Hostile posts come at once after the page; let them past the minimum fill time
    (curation.spam) to reach validation and storing."""
    settings.SUBMISSION_MIN_SECONDS = 0
    settings.SUBMISSIONS_PER_HOUR = 10_000


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def check(response, who: str, sent) -> None:
    SENT["requests"] += 1
    assert response.status_code < 500, f"{response.status_code} for {who}: {sent!r}"
    if response.get("Content-Type", "").startswith("text/html"):
        body = response.content.decode(errors="replace")
        assert hostile.CANARY not in body, f"input echoed unescaped for {who}: {sent!r}"


SCRIPT_FIELDS = ["at"]


def page_parameters(route: Route, path: str, client: Client) -> tuple[list[str], list]:
    """The names a page's forms use, and its forms that post."""
    with rolled_back():
        response = client.get(path)
    html = response.content.decode(errors="replace") if response.status_code == 200 else ""
    forms = forms_of(html)
    names = {name for form in forms for name in form.names} | set(COMMON_PARAMETERS)
    if route.is_admin:
        names |= set(ADMIN_PARAMETERS)
    return sorted(names), [form for form in forms if form.method == "post"]


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_no_page_fails_on_hostile_query_strings(route, world, record_property):
    before = SENT["requests"]
    for who, client in clients(route, world).items():
        fuzz_query_strings(route, who, client, fill(route, real_values(route, world)))
    record_property("fuzz_requests", SENT["requests"] - before)


@pytest.mark.parametrize("route", ROUTES, ids=str)
def test_no_form_fails_on_hostile_posts(route, world, record_property):
    before = SENT["requests"]
    for who, client in clients(route, world).items():
        fuzz_posts(route, who, client, fill(route, real_values(route, world)))
    record_property("fuzz_requests", SENT["requests"] - before)


@pytest.fixture
def programs_beside_groups(db):
    """A support group and a program for people who use violence near 30303, and the
    finder's valid values, by parameter."""
    factories.make_gazetteer_place()
    dv, separated = Category.objects.filter(slug__in=BOTH).order_by("is_separated")
    for name, topics in [("Fuzz Circle", [dv]), ("Fuzz Program", [separated, dv])]:
        group = factories.make_group(name=name, categories=topics)
        factories.make_meeting(group, place=factories.make_place())
    factories.make_group(name="Fuzz Online Program", categories=[separated], format="online")
    valid = {param: [v for v, _ in values] for param, values in GroupOptions.load().choices.items()}
    valid |= {
        "near": ["30303", "Atlanta, GA", "Georgia", "Atlanta", "Nowhereville", ""],
        "radius": [str(miles) for miles in RADIUS_CHOICES],
        "sort": ["", *SORTS],
        "page": ["1", "2", "0"],
        "q": ["", "circle", "program", "evening"],
    }
    return valid


BOTH = ["domestic-violence", "people-who-use-violence"]


def test_the_finder_with_programs_beside_another_topic_never_fails(
    programs_beside_groups, client, record_property
):
    """With both topics chosen the page lists the programs in a section of their own (rule 7):
    around that choice, valid and hostile values, and no program outside its section."""
    valid = programs_beside_groups
    before = SENT["requests"]

    @settings(FUZZ, max_examples=EXAMPLES * 4)  # one page, many ways around one choice
    @given(
        picked=st.lists(
            st.sampled_from(sorted(valid)).flatmap(
                lambda name: st.tuples(
                    st.just(name), st.one_of(st.sampled_from(valid[name]), hostile.value)
                )
            ),
            max_size=6,
        )
    )
    def fuzz(picked):
        params = [("category", topic) for topic in BOTH] + picked
        with rolled_back():
            response = client.get(reverse("groups:list"), QUERY_STRING=urlencode(params))
        check(response, "anonymous", params)
        html = response.content.decode()
        if 'id="programs-heading"' in html:
            start = html.index('id="programs-heading"')
            html = html[:start] + html[html.index("</section>", start) :]
        assert "Fuzz Program" not in html and "Fuzz Online Program" not in html, params

    fuzz()
    record_property("fuzz_requests", SENT["requests"] - before)


@pytest.fixture
def every_kind(db) -> dict[str, str]:
    """A published listing of each kind with hours, a closed date and a confidential place,
    by kind: its slug."""
    slugs = {}
    for kind in ListingKind:
        listing = factories.make_group(
            kind=kind,
            timezone="America/New_York",
            place=factories.make_place(address_visibility=AddressVisibility.ON_REQUEST),
            categories=[factories.make_category()],
        )
        factories.make_hours(
            listing,
            weekday=4,
            opens=datetime.time(17),
            closes=datetime.time(2),
            closes_next_day=True,
        )
        factories.make_closure(listing, datetime.date(2026, 12, 25))
        slugs[kind] = listing.slug
    return slugs


@pytest.mark.parametrize("kind", ListingKind, ids=str)
def test_every_kind_of_listing_page_never_fails_on_hostile_query_strings(
    kind, every_kind, client, record_property
):
    before = SENT["requests"]
    [route] = [route for route in ROUTES if route.name == "groups:detail"]
    fuzz_query_strings(route, "anonymous", client, reverse(route.name, args=[every_kind[kind]]))
    record_property("fuzz_requests", SENT["requests"] - before)


def fuzz_query_strings(route: Route, who: str, client: Client, real_path: str) -> None:
    names, _ = page_parameters(route, real_path, client)

    @FUZZ
    @given(
        parameters=hostile.query(names),
        raw=st.one_of(st.none(), hostile.raw_query),
        path_value=st.one_of(st.none(), st.sampled_from(HOSTILE_PATH_VALUES)),
    )
    def fuzz(parameters, raw, path_value):
        path = real_path
        if path_value is not None and route.parameters:
            path = fill(route, dict.fromkeys(route.parameters, path_value))
        with rolled_back():
            if raw is not None:
                response = client.get(path, QUERY_STRING=raw)
            else:
                response = client.get(path, parameters)
        check(response, who, (path, raw if raw is not None else parameters))

    fuzz()


def fuzz_posts(route: Route, who: str, client: Client, real_path: str) -> None:
    page_names, forms = page_parameters(route, real_path, client)
    targets = [(form.action or real_path, form) for form in forms] or [(real_path, None)]

    @FUZZ
    @given(
        target=st.sampled_from(targets),
        changes=st.lists(st.tuples(st.integers(0, 30), hostile.value), max_size=5),
        dropped=st.sets(st.integers(0, 30), max_size=3),
        encoding=st.sampled_from(["multipart", "urlencoded", "charset"]),
        charset=st.sampled_from(hostile.CHARSETS),
    )
    def fuzz(target, changes, dropped, encoding, charset):
        action, form = target
        fields = list(form.fields) if form else []
        # Without a form that posts, the page's own names are posted, with those a script
        # adds when it posts a form (static/js/locate.js posts the finder with `at`).
        names = list(form.names) if form else [*page_names, *SCRIPT_FIELDS]
        for index, value in changes:
            name = names[index % len(names)]
            fields.append((name, value)) if index % 3 == 0 else fields.insert(0, (name, value))
        fields = [pair for position, pair in enumerate(fields) if position not in dropped]
        with rolled_back():
            if encoding == "multipart":
                data: dict[str, list[str]] = {}
                for name, value in fields:
                    data.setdefault(name, []).append(value)
                response = client.post(action, data)
            else:
                body = "&".join(f"{quote(name)}={quote(value)}" for name, value in fields)
                kind = "application/x-www-form-urlencoded"
                if encoding == "charset":
                    kind += f"; charset={charset}"
                response = client.generic("POST", action, body.encode(), content_type=kind)
        check(response, who, (action, encoding, charset, fields))

    fuzz()


def quote(text: str) -> str:
    from urllib.parse import quote_plus

    return quote_plus(text, encoding="utf-8", errors="surrogatepass")
