"""A content note collapses a detailed description; its summary says, in words, how to open it
and close it again: on a phone, with the keyboard, without JavaScript (docs/safety.md, rule 9)."""

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser.a11y import axe_violations, describe

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def noted(db):
    """A group and a resource whose descriptions sit behind a content note."""
    factories.make_group(
        name="Lantern Circle",
        slug="lantern-circle",
        content_note="Members sometimes talk about abuse.",
        description="People take turns to share how their week went.",
    )
    topic = factories.make_topic(name="Self-injury", content_note="Describes self-injury.")
    factories.make_resource(
        title="Understanding Self-Injury",
        slug="understanding-self-injury",
        summary="What self-injury is and how friends can respond without judging.",
        topics=[topic],
    )


PAGES = [
    (
        "/groups/lantern-circle/",
        "Show what a meeting is like",
        "Hide what a meeting is like",
        "People take turns to share how their week went.",
    ),
    (
        "/resources/understanding-self-injury/",
        "Show the description",
        "Hide the description",
        "What self-injury is and how friends can respond without judging.",
    ),
]


@pytest.mark.parametrize("path, show, hide, text", PAGES)
def test_on_a_phone_without_javascript_the_cue_shows_then_the_text_opens(
    browser, live_server, noted, path, show, hide, text
):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(live_server.url + path)
        note = page.locator("details.content-note")
        cue = note.locator("summary .reveal")
        expect(cue).to_be_visible()
        expect(cue).to_have_text(show, use_inner_text=True)
        expect(note.get_by_text(text)).to_be_hidden()
        for target in (note.locator("summary"), cue):
            box = target.bounding_box()
            assert box["height"] >= 44, target
            assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], target

        cue.click()
        expect(note.get_by_text(text)).to_be_visible()
        expect(cue).to_have_text(hide, use_inner_text=True)
        cue.click()
        expect(note.get_by_text(text)).to_be_hidden()
        expect(cue).to_have_text(show, use_inner_text=True)
    finally:
        context.close()


@pytest.mark.parametrize("path, show, hide, text", PAGES)
def test_the_cue_is_reached_and_used_with_the_keyboard_and_shows_its_focus(
    page, live_server, noted, path, show, hide, text
):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + path)
    summary = page.locator("details.content-note summary")
    for _ in range(60):
        page.keyboard.press("Tab")
        if summary.evaluate("node => node === document.activeElement"):
            break
    else:
        pytest.fail("The content note could not be reached with Tab")
    outline = summary.evaluate(
        "node => { const s = getComputedStyle(node); return [s.outlineStyle, s.outlineWidth] }"
    )
    assert outline[0] != "none" and float(outline[1].removesuffix("px")) >= 2
    page.keyboard.press("Enter")
    expect(page.get_by_text(text)).to_be_visible()
    expect(summary.locator(".reveal")).to_have_text(hide, use_inner_text=True)
    page.keyboard.press("Enter")
    expect(page.get_by_text(text)).to_be_hidden()
    expect(summary.locator(".reveal")).to_have_text(show, use_inner_text=True)


def arrow_transition(page) -> str:
    return page.locator("details.content-note .reveal").evaluate(
        "node => getComputedStyle(node, '::before').transitionDuration"
    )


def test_the_cue_turns_its_arrow_only_for_people_who_accept_motion(browser, live_server, noted):
    moving = browser.new_context(viewport=PHONE, reduced_motion="no-preference")
    still = browser.new_context(viewport=PHONE, reduced_motion="reduce")
    try:
        durations = []
        for context in (moving, still):
            page = context.new_page()
            page.goto(live_server.url + "/groups/lantern-circle/")
            durations.append(arrow_transition(page))
        assert durations[0] != "0s"
        assert durations[1] == "0s"
    finally:
        moving.close()
        still.close()


@pytest.mark.parametrize("path, show, hide, text", PAGES)
def test_content_notes_have_no_axe_violations_closed_or_open(
    page, live_server, noted, path, show, hide, text
):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + path)
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    page.locator("details.content-note summary").click()
    expect(page.get_by_text(text)).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], describe(violations)
