"""An advocate signs up, saves a resource from a search, adds a note, shares the list, and
a client opens the link and prints it."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests import factories
from tests.browser.a11y import axe_violations, describe

PASSWORD = "a long test password"


@pytest.fixture
def library(db):
    topic = factories.make_topic(name="Safety planning", slug="safety-planning")
    factories.make_resource(
        title="Safety Planning Workbook",
        slug="safety-planning-workbook",
        summary="Pages to fill in about safe places and people to call.",
        phone="1-800-555-0100",
        topics=[topic],
    )


def sign_up_and_verify(page, live_server, email: str) -> None:
    page.goto(live_server.url + "/accounts/signup/")
    page.fill("input[name=email]", email)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_have_text("Check your email")
    (message,) = [m for m in mail.outbox if email in m.to]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    page.goto(link)
    page.locator("main form button[type=submit]").click()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("link", name="Your lists")).to_be_visible()


def test_sign_up_save_from_search_note_share_and_print(page, live_server, library, browser):
    sign_up_and_verify(page, live_server, "advocate@example.org")

    page.goto(live_server.url + "/resources/?q=safety")
    card = page.locator(".result", has_text="Safety Planning Workbook")
    card.locator("summary", has_text="Save to a list").click()
    card.locator("input[name=new_list]").fill("For Dana")
    card.get_by_role("button", name="Save").click()
    expect(page.locator(".messages")).to_contain_text("Saved to “For Dana”")
    expect(page).to_have_url(re.compile(r"/resources/\?q=safety$"))

    page.get_by_role("link", name="Your lists").click()
    page.get_by_role("link", name="For Dana").click()
    page.get_by_label("Your note").fill("Call from a safe phone.")
    page.get_by_role("button", name="Save note").click()
    expect(page.get_by_label("Your note")).to_have_value("Call from a safe phone.")
    page.get_by_role("button", name="Make a share link").click()
    share_url = page.get_by_label("Share link").input_value()
    assert "/shared/" in share_url

    client = browser.new_context()
    try:
        shared = client.new_page()
        shared.goto(share_url)
        expect(shared.locator("h1")).to_have_text("For Dana")
        expect(shared.locator("main")).to_contain_text("Call from a safe phone.")
        expect(shared.locator("main")).not_to_contain_text("advocate@example.org")
        shared.emulate_media(media="print")
        expect(shared.locator(".handout-lines")).to_be_visible()
        expect(shared.locator(".exit-bar")).to_be_hidden()
        # The handout ends with the crisis lines; the strip above would print them twice.
        expect(shared.locator(".safety-strip")).to_be_hidden()
        assert client.cookies() == []
    finally:
        client.close()

    page.get_by_role("button", name="Stop sharing").click()
    expect(page.get_by_role("button", name="Make a share link")).to_be_visible()
    assert page.request.get(share_url).status == 404


@pytest.mark.parametrize(
    "path",
    ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/accounts/login/code/"],
)
def test_account_pages_have_no_axe_violations(page, live_server, path):
    page.goto(live_server.url + path)
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_list_pages_have_no_axe_violations(page, live_server, library):
    user = factories.make_user("axe@example.org")
    resource = factories.make_resource(title="Another guide")
    from lists import services as lists

    saved = lists.create_list(owner=user, name="Clients")
    lists.save_to_lists(lists=[saved], resource=resource, note="Read first.")
    lists.share_list(saved_list=saved)
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=login]", "axe@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    for path in [
        "/lists/",
        f"/lists/{saved.pk}/",
        f"/lists/{saved.pk}/print/",
        f"/shared/{saved.share_token}/",
        "/resources/safety-planning-workbook/",
        "/accounts/sessions/",
        "/accounts/2fa/",
        "/accounts/email/",
    ]:
        page.goto(live_server.url + path)
        for details in page.locator("details").all():
            details.evaluate("node => node.open = true")
        violations = axe_violations(page)
        assert violations == [], f"{path}: {describe(violations)}"
