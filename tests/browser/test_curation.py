"""A report travels from the public form to a fixed page: a person on a phone (with and
without JavaScript) corrects a listing's phone number, a curator sees the change beside the
listing in the queue, ticks it and accepts, and the listing's page shows the fix. The public
forms and the queue have no axe violations."""

import pytest
from playwright.sync_api import expect

from curation.models import GroupReport, ModerationStatus
from tests import factories
from tests.browser.a11y import axe_violations, describe
from tests.browser.test_lists import PASSWORD

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def listing(db, settings):
    settings.SUBMISSION_MIN_SECONDS = 0  # the robot below fills the form in at once
    factories.make_curator("carol@example.org")
    return factories.make_group(
        name="Lantern Circle", slug="lantern-circle", contact_phone="(404) 555-0100"
    )


def sign_in(page, live_server, email: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("link", name="Sign out")).to_be_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_report_travels_from_the_public_form_to_a_fixed_page(
    browser, live_server, listing, javascript
):
    person = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    try:
        page = person.new_page()
        page.goto(live_server.url + listing.get_absolute_url())
        page.get_by_role("link", name="Report a problem with this listing").click()
        page.get_by_label("A link, phone number or email does not work").check()
        page.get_by_label("Tell us more (optional)").fill("The number rings out.")
        page.get_by_text("Correct the details yourself (optional)").click()
        phone = page.get_by_label("Contact phone")
        expect(phone).to_have_value("(404) 555-0100")
        phone.fill("(404) 555-0199")
        page.get_by_role("button", name="Send report").click()
        expect(
            page.get_by_role("heading", name="Thank you. We have what you sent.")
        ).to_be_visible()
    finally:
        person.close()
    report = GroupReport.objects.get()
    assert report.proposed == {"contact_phone": "(404) 555-0199"}

    curator = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = curator.new_page()
        sign_in(page, live_server, "carol@example.org")
        page.goto(live_server.url + "/curation/")
        page.get_by_role("link", name=str(report)).click()
        row = page.get_by_role("row", name="Contact phone")
        expect(row).to_contain_text("(404) 555-0100")
        expect(row).to_contain_text("(404) 555-0199")
        violations = axe_violations(page)
        assert violations == [], describe(violations)
        page.get_by_label("Contact phone").check()
        page.get_by_label("Accept it").check()
        page.get_by_label("Why (kept with the decision)").fill("Called them to check.")
        page.get_by_role("button", name="Save decision").click()
        expect(page.get_by_text("Accepted. The ticked fields were applied.")).to_be_visible()
    finally:
        curator.close()
    report.refresh_from_db()
    assert report.status == ModerationStatus.ACCEPTED

    visitor = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    try:
        page = visitor.new_page()
        page.goto(live_server.url + listing.get_absolute_url())
        expect(page.locator("main")).to_contain_text("(404) 555-0199")
        expect(page.locator("main")).not_to_contain_text("(404) 555-0100")
    finally:
        visitor.close()


@pytest.mark.parametrize(
    "path",
    ["/groups/suggest/", "/resources/suggest/", "/groups/lantern-circle/report/"],
)
def test_the_public_forms_have_no_axe_violations_even_with_their_errors(
    page, live_server, listing, path
):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + path)
    for details in page.locator("details").all():
        details.evaluate("node => node.open = true")
    violations = axe_violations(page)
    assert violations == [], f"{path}: {describe(violations)}"
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".notice-error")).to_be_visible()
    violations = axe_violations(page)
    assert violations == [], f"{path} with errors: {describe(violations)}"


def test_the_queue_and_the_due_list_have_no_axe_violations(page, live_server, listing):
    GroupReport.objects.create(group=listing, problem="closed", details="Closed in May.")
    sign_in(page, live_server, "carol@example.org")
    for path in ["/curation/", "/curation/?status=declined", "/curation/due/"]:
        page.goto(live_server.url + path)
        violations = axe_violations(page)
        assert violations == [], f"{path}: {describe(violations)}"


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_listings_contact_says_it_is_still_right_from_the_email(
    browser, live_server, listing, settings, javascript
):
    import datetime
    import re

    from django.core import mail
    from django.core.management import call_command
    from django.utils import timezone

    from groups.models import SupportGroup

    settings.SITE_URL = live_server.url
    SupportGroup.objects.filter(pk=listing.pk).update(
        contact_email="lantern@example.org", last_verified=datetime.date(2025, 1, 1)
    )
    call_command("send_verification_requests")
    [message] = mail.outbox
    link = re.search(r"(http://\S+/check/\S+/)\n", message.body)[1]
    person = browser.new_context(viewport=PHONE, java_script_enabled=javascript)
    try:
        page = person.new_page()
        page.goto(link)
        if javascript:  # axe runs as a script in the page
            violations = axe_violations(page)
            assert violations == [], describe(violations)
        page.get_by_role("button", name="Yes, this is still right").click()
        expect(
            page.get_by_role("heading", name=re.compile("is marked as checked today"))
        ).to_be_visible()
        page.goto(link)
        expect(page.get_by_text("This link was used already.")).to_be_visible()
    finally:
        person.close()
    assert SupportGroup.objects.get(pk=listing.pk).last_verified == timezone.localdate()


def test_the_organiser_history_and_import_pages_have_no_axe_violations(page, live_server, listing):
    from curation.models import Organiser

    dana = factories.make_user("dana@example.org")
    Organiser.objects.create(user=dana, organization=listing.organization)
    sign_in(page, live_server, "dana@example.org")
    for path in ["/organisers/", f"/organisers/{listing.slug}/change/"]:
        page.goto(live_server.url + path)
        violations = axe_violations(page)
        assert violations == [], f"{path}: {describe(violations)}"
    page.context.clear_cookies()  # signed out, without leaving for the neutral site
    sign_in(page, live_server, "carol@example.org")
    listing.name = "Lantern Circle Renamed"
    listing.save()
    for path in ["/curation/import/", f"/curation/history/listing/{listing.pk}/"]:
        page.goto(live_server.url + path)
        for details in page.locator("details").all():
            details.evaluate("node => node.open = true")
        violations = axe_violations(page)
        assert violations == [], f"{path}: {describe(violations)}"
