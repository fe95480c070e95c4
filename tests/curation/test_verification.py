"""Re-verification by email (manage.py send_verification_requests): each overdue listing's
contact gets signed links that expire and are spent once used: "Yes, this is still right"
(sets last verified, no sign-in) and "Something changed" (a correction form, into the queue).
Valid, expired, forged and reused links are each handled."""

import datetime
import re
from unittest import mock

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from curation import verification
from curation.models import GroupReport, Source, VerificationRequest
from groups.models import SupportGroup

pytestmark = pytest.mark.django_db


def days_ago(days: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days)


@pytest.fixture
def overdue(make_group, settings):
    settings.STALE_LISTING_DAYS = 100
    settings.SITE_URL = "https://directory.example.org"
    return make_group(
        name="Hillside Circle",
        contact_email="hillside@example.org",
        contact_phone="404-555-0100",
        last_verified=days_ago(200),
    )


def links_in(message) -> dict[str, str]:
    found = re.findall(r"https://directory\.example\.org(/check/[^\s]+)", message.body)
    return {"still_right": found[0], "changed": found[1]}


def test_the_command_emails_each_overdue_listings_contact_once(overdue, make_group):
    make_group(name="Fresh", contact_email="fresh@example.org", last_verified=days_ago(5))
    make_group(name="Nowhere to write", contact_email="", last_verified=None)
    call_command("send_verification_requests")
    [message] = mail.outbox
    assert message.to == ["hillside@example.org"]
    assert "Hillside Circle" in message.subject
    links = links_in(message)
    assert links["changed"].endswith("/changed/")
    call_command("send_verification_requests")  # a week later, say: not asked again so soon
    assert len(mail.outbox) == 1


def test_a_dry_run_sends_nothing(overdue, capsys):
    call_command("send_verification_requests", "--dry-run")
    assert mail.outbox == [] and VerificationRequest.objects.count() == 0
    assert "1 listing would be asked" in capsys.readouterr().out


def test_a_mail_server_away_leaves_the_listing_to_be_asked_next_time(overdue):
    with mock.patch("curation.verification.send_mail", side_effect=ConnectionRefusedError):
        call_command("send_verification_requests")
    assert VerificationRequest.objects.count() == 0
    call_command("send_verification_requests")
    assert len(mail.outbox) == 1


def test_still_right_sets_last_verified_without_signing_in(client, overdue):
    call_command("send_verification_requests")
    url = links_in(mail.outbox[0])["still_right"]
    page = client.get(url)
    assert page.status_code == 200
    assert "Yes, this is still right" in page.content.decode()
    assert SupportGroup.objects.get(pk=overdue.pk).last_verified == days_ago(200)  # not on GET
    response = client.post(url)
    assert response.status_code == 200
    assert SupportGroup.objects.get(pk=overdue.pk).last_verified == timezone.localdate()
    request = VerificationRequest.objects.get()
    assert request.answer == VerificationRequest.Answer.STILL_RIGHT
    assert "sessionid" not in client.cookies  # nobody was signed in


def test_a_used_link_is_spent(client, overdue):
    call_command("send_verification_requests")
    links = links_in(mail.outbox[0])
    client.post(links["still_right"])
    for url in links.values():
        response = client.get(url)
        assert response.status_code == 410
        assert "used already" in response.content.decode()
    assert client.post(links["changed"], {"details": "x"}).status_code == 410
    assert GroupReport.objects.count() == 0


def test_an_expired_link_says_so(client, overdue, settings):
    settings.VERIFICATION_LINK_DAYS = 14
    call_command("send_verification_requests")
    url = links_in(mail.outbox[0])["still_right"]
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=15)
    with mock.patch("django.core.signing.time.time", return_value=later.timestamp()):
        response = client.post(url)
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert SupportGroup.objects.get(pk=overdue.pk).last_verified == days_ago(200)


@pytest.mark.parametrize(
    "token",
    [
        "nonsense",
        signing.dumps({"r": 1}, salt="another.purpose"),
        signing.dumps({"r": 999999}, salt=verification.SALT),
        signing.dumps({"r": "1"}, salt=verification.SALT),
        signing.dumps([1], salt=verification.SALT),
    ],
    ids=["not signed", "signed for something else", "no such request", "a text id", "a list"],
)
def test_a_forged_link_is_not_found(client, overdue, token):
    VerificationRequest.objects.create(listing=overdue, sent_to="hillside@example.org")
    for url in [
        reverse("curation:still_right", args=[token]),
        reverse("curation:changed", args=[token]),
    ]:
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert SupportGroup.objects.get(pk=overdue.pk).last_verified == days_ago(200)


def test_a_link_tampered_with_is_not_found(client, overdue):
    request = VerificationRequest.objects.create(listing=overdue, sent_to="hillside@example.org")
    token = verification.make_token(request)
    tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.post(reverse("curation:still_right", args=[tampered])).status_code == 404


def test_something_changed_opens_the_listing_as_it_is_and_sends_a_correction(client, overdue):
    call_command("send_verification_requests")
    url = links_in(mail.outbox[0])["changed"]
    page = client.get(url).content.decode()
    assert 'value="404-555-0100"' in page
    response = client.post(url, {"details": "We moved.", "fix-contact_phone": "404-555-0188"})
    assert response.status_code == 302
    report = GroupReport.objects.get()
    assert (report.source, report.proposed, report.submitter_email) == (
        Source.VERIFICATION,
        {"contact_phone": "404-555-0188"},
        "hillside@example.org",
    )
    request = VerificationRequest.objects.get()
    assert (request.answer, request.report) == (VerificationRequest.Answer.CHANGED, report)
    assert client.get(url).status_code == 410  # spent


def test_the_history_keeps_the_page_not_the_token(client, overdue):
    from curation.history import history_of

    call_command("send_verification_requests")
    url = links_in(mail.outbox[0])["still_right"]
    client.post(url)
    [latest, *_] = history_of(overdue)
    assert latest.where == "/check/…/"
    token = url.split("/")[2]
    assert token not in latest.where
