"""Anonymous visitors carry no state and no request leaves our origin
(docs/safety.md, rules 3 and 4)."""

import pytest

from tests.browser.a11y import axe_violations, describe, landmark_violations


def visit_everything(page, base: str, listing) -> None:
    page.goto(base + "/")
    page.fill("#near", "30303")
    page.locator("form[aria-label='Find a group'] button").click()
    page.wait_for_load_state()
    page.goto(base + listing["group"].get_absolute_url())
    page.goto(base + "/resources/")
    page.goto(base + listing["resource"].get_absolute_url())
    page.goto(base + "/resources/collections/start-here/")
    page.goto(base + "/safety/")


def test_anonymous_browsing_leaves_no_cookies_and_no_storage(page, context, live_server, listing):
    visit_everything(page, live_server.url, listing)
    assert context.cookies() == []
    stored = page.evaluate("localStorage.length + sessionStorage.length")
    assert stored == 0


def test_every_request_goes_to_our_own_origin(page, live_server, listing):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    visit_everything(page, live_server.url, listing)
    assert requested
    foreign = [url for url in requested if not url.startswith(live_server.url)]
    assert foreign == []


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/safety/",
        "/groups/lantern-circle/",
        "/resources/planning-for-safety/",
        "/groups/",
        "/resources/",
        "/resources/collections/start-here/",
    ],
)
def test_pages_have_no_axe_violations(page, live_server, listing, path):
    page.goto(live_server.url + path)
    violations = axe_violations(page)
    assert violations == [], describe(violations)


@pytest.mark.parametrize("path", ["/", "/groups/", "/resources/", "/groups/lantern-circle/"])
def test_everything_on_the_page_sits_in_a_landmark_the_exit_bar_included(
    page, live_server, listing, path
):
    page.goto(live_server.url + path)
    violations = landmark_violations(page)
    assert violations == [], describe(violations)


@pytest.mark.parametrize("path", ["/", "/safety/", "/groups/lantern-circle/", "/resources/"])
def test_pages_log_no_console_errors_or_warnings(page, live_server, listing, path):
    messages = []
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: messages.append(f"pageerror: {error}"))
    page.goto(live_server.url + path)
    page.wait_for_load_state("load")
    assert [m for m in messages if m.split(":")[0] in ("error", "warning", "pageerror")] == []
