"""The public's forms: suggest a listing of any kind or a resource, report a problem with a
listing or a resource, correct its details. Everything accepted is stored exactly as sent
before anything else happens; a bad answer is shown again with a message (422) and nothing is
stored (docs/safety.md, rule 10)."""

import datetime
import re
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone

from curation.models import GroupReport, GroupSuggestion, ResourceReport, ResourceSuggestion
from groups.models import Category, ListingKind
from tests.factories import make_curator, shown_form

pytestmark = pytest.mark.django_db


def sent(**answers) -> dict:
    """A form's answers as a person sends them, a minute after the page was shown."""
    return {"started": shown_form(), **answers}


def test_a_problem_report_is_stored_as_sent_and_thanks_the_sender(client, make_group):
    group = make_group()
    url = reverse("curation:group_report", args=[group.slug])
    assert client.get(url).status_code == 200
    response = client.post(url, sent(problem="closed", details="  It closed in May.  "))
    assert response.status_code == 302
    assert response["Location"] == reverse("curation:sent")
    report = GroupReport.objects.get()
    assert (report.group, report.problem, report.details, report.status) == (
        group,
        "closed",
        "It closed in May.",
        "new",
    )
    assert report.proposed == {}  # the details were left as they were
    assert "Thank you" in client.get(response["Location"]).content.decode()


def test_an_invalid_report_is_shown_again_with_a_message_and_nothing_is_stored(client, make_group):
    group = make_group()
    response = client.post(
        reverse("curation:group_report", args=[group.slug]),
        sent(problem="bogus", details="x", submitter_email="not-an-email"),
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Please check the answers marked below." in page
    assert re.search(r'name="details"[^>]*>\s*x</textarea>', page)  # what they wrote is kept
    assert GroupReport.objects.count() == 0


def test_an_unpublished_listing_or_resource_cannot_be_reported(client, make_group, make_resource):
    group, resource = make_group(status="draft"), make_resource(status="archived")
    assert client.get(reverse("curation:group_report", args=[group.slug])).status_code == 404
    assert client.get(reverse("curation:resource_report", args=[resource.slug])).status_code == 404


def test_the_report_form_offers_only_real_problems_and_picks_none(client, make_group):
    group = make_group()
    page = client.get(reverse("curation:group_report", args=[group.slug])).content.decode()
    radios = re.findall(r'<input type="radio" name="problem"[^>]*>', page)
    values = [re.search(r'value="([^"]*)"', radio).group(1) for radio in radios]
    assert values == list(GroupReport.Problem.values)
    assert {"wrong_time", "moved", "closed", "broken_link", "unsafe", "other"} <= set(values)
    assert not any("checked" in radio for radio in radios)
    assert "---------" not in page
    # Sending no choice is refused with a message, as any other missing answer is.
    response = client.post(reverse("curation:group_report", args=[group.slug]), sent(details="x"))
    assert response.status_code == 422
    assert GroupReport.objects.count() == 0


def test_a_correction_stores_only_the_fields_the_sender_changed(client, make_group):
    group = make_group(contact_phone="404-555-0100", how_to_join="Call us.")
    url = reverse("curation:group_report", args=[group.slug])
    page = client.get(url).content.decode()
    # The correction form starts as the listing is now.
    assert 'name="fix-contact_phone"' in page and 'value="404-555-0100"' in page
    answers = {
        "fix-name": group.name,
        "fix-summary": group.summary,
        "fix-description": group.description,
        "fix-how_to_join": "Call us.",
        "fix-cost": group.cost,
        "fix-contact_phone": "404-555-0199",
    }
    response = client.post(url, sent(problem="wrong_details", **answers))
    assert response.status_code == 302
    report = GroupReport.objects.get()
    assert report.proposed == {"contact_phone": "404-555-0199"}
    assert report.seen == {"contact_phone": "404-555-0100"}
    group.refresh_from_db()
    assert group.contact_phone == "404-555-0100"  # nothing changes until a curator applies it


def test_a_correction_cannot_empty_a_field_the_listing_needs(client, make_group):
    group = make_group()
    response = client.post(
        reverse("curation:group_report", args=[group.slug]),
        sent(problem="wrong_details", **{"fix-name": "", "fix-summary": group.summary}),
    )
    assert response.status_code == 422
    assert "Leave this as it was" in response.content.decode()
    assert GroupReport.objects.count() == 0


def test_a_warmline_can_be_corrected_in_what_only_warmlines_have(client, make_group):
    line = make_group(kind=ListingKind.WARMLINE, format="phone", timezone="America/New_York")
    page = client.get(reverse("curation:group_report", args=[line.slug])).content.decode()
    assert 'name="fix-who_may_call"' in page and 'name="fix-contact_chat"' in page
    group = make_group()
    page = client.get(reverse("curation:group_report", args=[group.slug])).content.decode()
    assert 'name="fix-who_may_call"' not in page


def test_a_resource_report_with_a_new_address_is_stored(client, make_resource):
    resource = make_resource(url="https://example.org/old")
    url = reverse("curation:resource_report", args=[resource.slug])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        sent(
            problem="moved",
            **{
                "fix-title": resource.title,
                "fix-summary": resource.summary,
                "fix-url": "https://example.org/new",
            },
        ),
    )
    assert response.status_code == 302
    report = ResourceReport.objects.get()
    assert (report.resource, report.problem) == (resource, "moved")
    assert report.proposed == {"url": "https://example.org/new"}


@pytest.mark.parametrize("kind", ListingKind.values)
def test_a_listing_of_every_kind_can_be_suggested_without_an_account(client, kind):
    url = reverse("curation:suggest_listing")
    page = client.get(url).content.decode()
    assert f'value="{kind}"' in page
    topic = Category.objects.filter(is_separated=False).first()
    response = client.post(
        url,
        sent(
            kind=kind,
            name="Riverside Peer Circle",
            description="A peer group for survivors.",
            categories=[topic.pk],
            city="Decatur",
            state="ga",
            submitter_email="me@example.org",
        ),
    )
    assert response.status_code == 302
    suggestion = GroupSuggestion.objects.get()
    assert (suggestion.kind, suggestion.name, suggestion.state) == (
        kind,
        "Riverside Peer Circle",
        "GA",
    )
    assert list(suggestion.categories.all()) == [topic]
    assert suggestion.submitter_email == "me@example.org"


def test_a_listing_suggestion_needs_a_name_a_description_and_a_real_state(client):
    response = client.post(
        reverse("curation:suggest_listing"), sent(kind="support_group", state="Georgia")
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert {"name", "description", "state"} <= set(errors)
    assert GroupSuggestion.objects.count() == 0


def test_the_suggestion_form_never_offers_programs_for_people_who_use_violence_as_a_topic(client):
    page = client.get(reverse("curation:suggest_listing")).content.decode()
    offered = {int(pk) for pk in re.findall(r'name="categories" value="(\d+)"', page)}
    separated = set(Category.objects.filter(is_separated=True).values_list("pk", flat=True))
    assert offered and separated
    assert offered == set(Category.objects.values_list("pk", flat=True)) - separated


def test_a_resource_can_be_suggested(client):
    url = reverse("curation:suggest_resource")
    assert client.get(url).status_code == 200
    response = client.post(
        url, sent(title="Safety planning guide", url="https://example.org/guide", kind="toolkit")
    )
    assert response.status_code == 302
    suggestion = ResourceSuggestion.objects.get()
    assert (suggestion.title, suggestion.url, suggestion.kind) == (
        "Safety planning guide",
        "https://example.org/guide",
        "toolkit",
    )


def test_a_resource_suggestion_needs_a_real_web_address(client):
    response = client.post(
        reverse("curation:suggest_resource"), sent(title="A guide", url="javascript:alert(1)")
    )
    assert response.status_code == 422
    assert ResourceSuggestion.objects.count() == 0


def test_the_senders_contact_details_are_optional_and_marked_for_curators_only(client):
    page = client.get(reverse("curation:suggest_resource")).content.decode()
    assert "Only our curators see them" in page
    response = client.post(
        reverse("curation:suggest_resource"),
        sent(title="A guide", url="https://example.org/guide"),
    )
    assert response.status_code == 302


def test_curators_are_emailed_once_a_submission_is_stored(client, settings, make_group):
    settings.CURATION_EMAIL = "each"
    make_curator("dana@example.org")
    group = make_group()
    with mock.patch("curation.services.transaction.on_commit", lambda callback: callback()):
        client.post(reverse("curation:group_report", args=[group.slug]), sent(problem="moved"))
    assert GroupReport.objects.count() == 1
    [message] = mail.outbox
    assert message.to == ["dana@example.org"]
    report = GroupReport.objects.get()
    assert reverse("curation:review", args=["listing-report", report.pk]) in message.body


def test_with_daily_digests_no_email_goes_out_per_submission(client, settings, make_group):
    settings.CURATION_EMAIL = "daily"
    make_curator("dana@example.org")
    group = make_group()
    with mock.patch("curation.services.transaction.on_commit", lambda callback: callback()):
        client.post(reverse("curation:group_report", args=[group.slug]), sent(problem="moved"))
    assert GroupReport.objects.count() == 1
    assert mail.outbox == []


def test_a_mail_server_that_fails_loses_no_submission(client, settings, make_group):
    settings.CURATION_EMAIL = "each"
    make_curator("dana@example.org")
    group = make_group()
    with (
        mock.patch("curation.services.transaction.on_commit", lambda callback: callback()),
        mock.patch("curation.services.send_mail", side_effect=ConnectionRefusedError),
    ):
        response = client.post(
            reverse("curation:group_report", args=[group.slug]), sent(problem="moved")
        )
    assert response.status_code == 302
    assert GroupReport.objects.count() == 1


def test_a_database_that_refuses_the_write_midway_keeps_nothing_half_stored(client):
    """The suggestion is stored, then its topics fail: the whole submission is undone, and the
    person sees their answers again with a message, not an error page."""
    topic = Category.objects.filter(is_separated=False).first()
    with mock.patch(
        "django.db.models.query.QuerySet.bulk_create", side_effect=DatabaseError("disk full")
    ):
        response = client.post(
            reverse("curation:suggest_listing"),
            sent(
                kind="support_group",
                name="Riverside Peer Circle",
                description="A peer group.",
                categories=[topic.pk],
            ),
        )
    assert response.status_code == 503
    page = response.content.decode()
    assert "We could not save this just now" in page and "Riverside Peer Circle" in page
    assert GroupSuggestion.objects.count() == 0


def test_the_daily_digest_counts_the_days_submissions_for_curators(make_group):
    make_curator("dana@example.org")
    GroupReport.objects.create(group=make_group(), problem="moved")
    GroupSuggestion.objects.create(name="A circle", description="x")
    GroupSuggestion.objects.create(name="Another circle", description="x")
    call_command("send_curation_digest")
    [message] = mail.outbox
    assert message.to == ["dana@example.org"]
    assert "3 new" in message.subject
    assert "Suggested listings: 2" in message.body and "Problems with listings: 1" in message.body
    mail.outbox.clear()
    two_days_on = timezone.now() + datetime.timedelta(days=2)
    with mock.patch("django.utils.timezone.now", return_value=two_days_on):
        call_command("send_curation_digest")
    assert mail.outbox == []  # nothing new, no email


def test_the_corrections_start_folded_and_stay_open_when_a_change_comes_back(client, make_group):
    group = make_group()
    url = reverse("curation:group_report", args=[group.slug])
    assert '<details class="correction">' in client.get(url).content.decode()
    response = client.post(url, sent(**{"fix-contact_phone": "404-555-0123"}))  # no problem picked
    assert response.status_code == 422
    assert '<details class="correction" open>' in response.content.decode()


def test_a_text_box_sent_back_unchanged_with_browser_line_endings_is_no_change(client, make_group):
    group = make_group(description="First line.\nSecond line.")
    url = reverse("curation:group_report", args=[group.slug])
    response = client.post(
        url,
        sent(problem="other", **{"fix-description": "First line.\r\nSecond line."}),
    )
    assert response.status_code == 302
    assert GroupReport.objects.get().proposed == {}


def test_the_suggestion_form_picks_no_kind_for_the_person(client):
    page = client.get(reverse("curation:suggest_listing")).content.decode()
    radios = re.findall(r'<input type="radio" name="kind"[^>]*>', page)
    assert len(radios) == 4 and not any("checked" in radio for radio in radios)


def test_answers_to_fix_are_shown_before_any_word_about_speed(client, settings):
    settings.SUBMISSION_MIN_SECONDS = 3
    response = client.post(
        reverse("curation:suggest_listing"), {"started": shown_form(0.1), "kind": "warmline"}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Please check the answers marked below." in page and "quicker" not in page


def test_the_public_forms_set_no_cookie_but_the_csrf_one(make_group):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    group = make_group()
    for url in [
        reverse("curation:suggest_listing"),
        reverse("curation:suggest_resource"),
        reverse("curation:group_report", args=[group.slug]),
    ]:
        client.cookies.clear()
        client.get(url)
        token = client.cookies["csrftoken"].value
        response = client.post(
            url, sent(problem="closed", csrfmiddlewaretoken=token), HTTP_ORIGIN="null"
        )
        assert response.status_code in (302, 422)
        assert set(client.cookies) == {"csrftoken"}, url
