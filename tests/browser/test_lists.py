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


def test_a_shared_handout_says_its_links_leave_the_site_on_screen_and_prints_their_address(
    page, live_server
):
    from groups.models import LinkVisibility
    from lists import services as lists

    saved = lists.create_list(owner=factories.make_user(), name="For Sam")
    guide = factories.make_resource(title="Leaving Guide", url="https://example.org/leaving")
    group = factories.make_group(
        name="Open Room Circle",
        contact_website="https://circle.example.org/",
        online_url="https://meet.example.org/open-room",
        online_link_visibility=LinkVisibility.PUBLIC,
    )
    lists.save_to_lists(lists=[saved], resource=guide)
    lists.save_to_lists(lists=[saved], group=group)
    token = lists.share_list(saved_list=saved).share_token
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/shared/{token}/")
    links = page.locator("main a[href^='https://']")
    expect(links).to_have_count(3)
    for link in links.all():
        assert link.get_attribute("rel") == "noreferrer"
        assert link.get_attribute("target") is None
        expect(link.locator(".leaves")).to_have_text("(leaves this site)")
        expect(link.locator(".leaves")).to_be_visible()
        expect(link.locator(".leaves-on-paper")).to_be_hidden()
        box = link.bounding_box()
        assert box["x"] + box["width"] <= 390  # long addresses wrap on a phone
    page.emulate_media(media="print")
    for link in links.all():
        href = link.get_attribute("href")
        expect(link).to_have_text(f"{href} (another website)", use_inner_text=True)
        expect(link.locator(".leaves")).to_be_hidden()
