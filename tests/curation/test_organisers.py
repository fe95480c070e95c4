"""Organisers keep their listings true: an account linked to an organisation proposes edits to
its listings, which go through the review queue; it never publishes, and never reaches
anyone else's listings."""

import pytest
from django.urls import reverse

from curation.models import GroupReport, ModerationStatus, Organiser, Source
from groups.models import SupportGroup
from search.choices import EditorialStatus
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser(db):
    """dana, who runs Hillside Center and its two listings."""
    dana = factories.make_user("dana@example.org", first_name="Dana")
    center = factories.make_organization(name="Hillside Center")
    Organiser.objects.create(user=dana, organization=center)
    for name in ("Hillside Circle", "Hillside Line"):
        factories.make_group(name=name, organization=center, contact_phone="404-555-0100")
    return dana


@pytest.fixture
def as_dana(client, organiser):
    client.force_login(organiser)
    return client


def propose_url(slug: str) -> str:
    return reverse("curation:propose_change", args=[slug])


def test_an_organiser_sees_their_own_listings_only(as_dana, make_group):
    make_group(name="Someone Else's Circle")
    page = as_dana.get(reverse("curation:organiser_listings")).content.decode()
    assert "Hillside Circle" in page and "Hillside Line" in page
    assert "Someone Else" not in page
    assert "Your listings" in page  # in the menu


def test_an_organisers_edit_goes_to_the_queue_not_the_site(as_dana, organiser):
    listing = SupportGroup.objects.get(name="Hillside Circle")
    page = as_dana.get(propose_url(listing.slug)).content.decode()
    assert 'value="404-555-0100"' in page
    response = as_dana.post(
        propose_url(listing.slug),
        {"details": "We meet on Wednesdays now.", "fix-contact_phone": "404-555-0177"},
    )
    assert response.status_code == 302
    report = GroupReport.objects.get()
    assert (report.source, report.submitted_by, report.status) == (
        Source.ORGANISER,
        organiser,
        ModerationStatus.NEW,
    )
    assert report.proposed == {"contact_phone": "404-555-0177"}
    assert report.details == "We meet on Wednesdays now."
    listing.refresh_from_db()
    assert listing.contact_phone == "404-555-0100"  # unchanged until a curator applies it
    page = as_dana.get(reverse("curation:organiser_listings")).content.decode()
    assert "1 change waiting for a curator" in page


def test_a_proposal_that_says_nothing_is_shown_again(as_dana):
    listing = SupportGroup.objects.get(name="Hillside Circle")
    response = as_dana.post(propose_url(listing.slug), {"details": "  "})
    assert response.status_code == 422
    assert "Change at least one detail" in response.content.decode()
    assert GroupReport.objects.count() == 0


def test_an_organiser_cannot_reach_another_organisations_listing(as_dana, make_group):
    other = make_group(name="Elsewhere Circle")
    assert as_dana.get(propose_url(other.slug)).status_code == 404
    assert as_dana.post(propose_url(other.slug), {"details": "x"}).status_code == 404
    assert GroupReport.objects.count() == 0


def test_an_organiser_never_reaches_the_queue_or_the_admin(as_dana, make_group):
    report = GroupReport.objects.create(group=make_group(), problem="closed")
    for url in [
        reverse("curation:queue"),
        reverse("curation:due"),
        reverse("curation:review", args=["listing-report", report.pk]),
        reverse("curation:history", args=["listing", report.group_id]),
    ]:
        assert as_dana.get(url).status_code == 404, url
    assert as_dana.get(reverse("admin:index")).status_code == 302  # to the admin's sign-in


def test_an_archived_listing_is_not_offered(as_dana):
    SupportGroup.objects.filter(name="Hillside Line").update(status=EditorialStatus.ARCHIVED)
    page = as_dana.get(reverse("curation:organiser_listings")).content.decode()
    assert "Hillside Line" not in page


def test_someone_who_organises_nothing_is_told_the_page_does_not_exist(client, alice):
    client.force_login(alice)
    assert client.get(reverse("curation:organiser_listings")).status_code == 404
    assert "Your listings" not in client.get(reverse("lists:index")).content.decode()


def test_signed_out_organisers_are_asked_to_sign_in(client, organiser):
    listing = SupportGroup.objects.get(name="Hillside Circle")
    for url in [reverse("curation:organiser_listings"), propose_url(listing.slug)]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_curators_name_an_organiser_by_their_accounts_email(client, carol, organiser):
    newcomer = factories.make_user("erin@example.org")
    center = factories.make_organization(name="Riverside Center")
    client.force_login(carol)
    add = reverse("admin:curation_organiser_add")
    response = client.post(add, {"email": "ERIN@example.org", "organization": center.pk})
    assert response.status_code == 302
    assert Organiser.objects.filter(user=newcomer, organization=center).exists()
    again = client.post(add, {"email": "erin@example.org", "organization": center.pk})
    assert (
        again.status_code == 200 and "organises this organisation already" in again.content.decode()
    )
    nobody = client.post(add, {"email": "nobody@example.org", "organization": center.pk})
    assert "No account uses this email" in nobody.content.decode()


def test_an_organiser_who_deletes_their_account_leaves_their_reports_behind(
    as_dana, organiser, carol
):
    listing = SupportGroup.objects.get(name="Hillside Circle")
    as_dana.post(propose_url(listing.slug), {"details": "We moved."})
    report = GroupReport.objects.get()
    GroupReport.objects.filter(pk=report.pk).update(reviewer=organiser)  # and reviewed one
    organiser.delete()
    report.refresh_from_db()
    assert (report.submitted_by, report.reviewer, report.details) == (None, None, "We moved.")
    assert not Organiser.objects.exists()
