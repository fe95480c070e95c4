"""Someone searches the library, narrows the results, opens one and follows its collection."""

import pytest
from playwright.sync_api import expect

from resources.models import ResourceKind
from resources.services import refresh_library_words
from tests import factories
from tests.browser.a11y import axe_violations, describe


@pytest.fixture
def library(db):
    planning = factories.make_topic(name="Safety planning", slug="safety-planning")
    self_injury = factories.make_topic(
        name="Self-injury", slug="self-injury", content_note="Describes self-injury."
    )
    workbook = factories.make_resource(
        title="Safety Planning Workbook",
        slug="safety-planning-workbook",
        kind=ResourceKind.TOOLKIT,
        summary="Pages to fill in about safe places, people to call and what to take.",
        topics=[planning],
    )
    factories.make_resource(
        title="Planning Ahead With Children",
        kind=ResourceKind.ARTICLE,
        summary="How a safety plan can include children and what to tell them.",
        topics=[planning],
    )
    factories.make_resource(
        title="Understanding Self-Injury",
        slug="understanding-self-injury",
        kind=ResourceKind.FACT_SHEET,
        summary="What self-injury is and how friends can respond without judging.",
        topics=[self_injury],
    )
    factories.make_resource(
        title="Plan de seguridad",
        language="es",
        kind=ResourceKind.TOOLKIT,
        summary="Cómo hacer un plan de seguridad para usted y su familia.",
        topics=[planning],
    )
    factories.make_collection(title="Starting Out", slug="starting-out", resources=[workbook])
    refresh_library_words()


def test_search_then_narrow_then_open_a_resource_and_follow_its_collection(
    page, live_server, library
):
    page.goto(live_server.url + "/resources/")
    page.fill("#q", "saftey plan")
    page.locator("form[aria-label='Search the library'] .finder-where button").click()
    page.get_by_role("link", name="safety plan").click()
    # The Spanish workbook is filed under the topic "Safety planning", so it matches too.
    expect(page.locator("#results-heading")).to_contain_text("3 resources")
    expect(page.locator(".results mark").first).to_be_visible()

    page.locator("summary", has_text="Filter results").click()
    page.check("#kind-toolkit")
    page.locator("details.filters button[type=submit]").click()
    expect(page.locator("#results-heading")).to_contain_text("2 resources")

    page.get_by_role("link", name="Safety Planning Workbook").click()
    expect(page.locator("h1")).to_have_text("Safety Planning Workbook")
    expect(page.locator("main a.print-url[rel=noreferrer]")).to_contain_text("leaves this site")
    page.get_by_role("link", name="Starting Out").click()
    expect(page.locator("h1")).to_have_text("Starting Out")
    expect(page.locator("main")).to_contain_text("Safety Planning Workbook")


def test_words_typed_into_the_library_page_come_back_best_match_first(page, live_server, library):
    # The library's own form holds the order too; before words are given it must not send
    # "by title", or the words typed in next would be listed alphabetically.
    page.goto(live_server.url + "/resources/")
    page.fill("#q", "safety")
    page.locator("form[aria-label='Search the library'] .finder-where button").click()
    expect(page.locator("ol.results h3").first).to_have_text("Safety Planning Workbook")
    expect(page.locator("#sort")).to_have_value("")
    titles = page.locator("ol.results h3").all_inner_texts()
    assert titles != sorted(titles)  # best match, not A to Z


@pytest.mark.parametrize(
    "path",
    [
        "/resources/",
        "/resources/?q=plan&kind=toolkit",
        "/resources/?q=nothing-matches-this",
        "/resources/?topic=self-injury",
        "/resources/understanding-self-injury/",
        "/resources/collections/starting-out/",
    ],
)
def test_library_pages_have_no_axe_violations(page, live_server, library, path):
    page.goto(live_server.url + path)
    filters = page.locator("summary", has_text="Filter results")
    if filters.count():
        filters.click()
    violations = axe_violations(page)
    assert violations == [], describe(violations)
