"""Curators edit a listing's kind, timezone, opening hours and closed dates in the admin, and
hours that cannot be right are refused with words saying why."""

import datetime

import pytest
from django.urls import reverse

from groups.models import Closure, ListingKind, OpeningHours, SupportGroup
from tests import factories

pytestmark = pytest.mark.django_db

ADD = reverse("admin:groups_supportgroup_add")


@pytest.fixture
def curator(client, carol):
    client.force_login(carol)
    return client


def listing_form(**overrides) -> dict:
    """What the admin's add form posts for a warmline, with no meetings, hours or closures."""
    data = {
        "kind": ListingKind.WARMLINE,
        "name": "Night Line",
        "slug": "night-line",
        "organization": factories.make_organization().pk,
        "categories": [factories.make_category().pk],
        "status": "published",
        "summary": "Someone to talk to in the evening.",
        "description": "A peer answers and listens.",
        "format": "phone",
        "facilitation": "peer",
        "cost": "free",
        "joining": "drop_in",
        "cohort": "open",
        "how_to_join": "Call the line.",
        "online_link_visibility": "private",
        "country": "US",
        "timezone": "America/Chicago",
    }
    for prefix in ("meetings", "opening_hours", "closures"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data | overrides


def with_hours(data: dict, *rows: tuple) -> dict:
    """Rows of (weekday, opens, closes, closes the next day) in the hours inline."""
    data = dict(data, **{"opening_hours-TOTAL_FORMS": str(len(rows))})
    for n, (weekday, opens, closes, next_day) in enumerate(rows):
        data |= {
            f"opening_hours-{n}-weekday": str(weekday),
            f"opening_hours-{n}-opens": opens,
            f"opening_hours-{n}-closes": closes,
        }
        if next_day:
            data[f"opening_hours-{n}-closes_next_day"] = "on"
    return data


def errors_of(response) -> str:
    """Every error the admin shows on the page it sent back."""
    parts = [str(response.context["adminform"].form.errors)]
    for formset in response.context["inline_admin_formsets"]:
        parts += [str(formset.formset.non_form_errors()), str(formset.formset.errors)]
    return " ".join(parts)


def test_a_curator_adds_a_warmline_with_its_hours_and_closed_dates(curator):
    data = with_hours(
        listing_form(),
        (0, "17:00", "02:00", True),
        (5, "09:00", "12:00", False),
        (5, "12:00", "17:00", False),
    )
    data |= {
        "closures-TOTAL_FORMS": "1",
        "closures-0-date": "2026-12-25",
        "closures-0-note": "Christmas Day",
    }
    response = curator.post(ADD, data)
    assert response.status_code == 302, errors_of(response)
    listing = SupportGroup.objects.get(slug="night-line")
    assert (listing.kind, listing.timezone) == (ListingKind.WARMLINE, "America/Chicago")
    assert [str(hours.time_text) for hours in listing.opening_hours.all()] == [
        "5:00 pm to 2:00 am",
        "9:00 am to 12 noon",
        "12 noon to 5:00 pm",
    ]
    assert listing.opening_hours.first().closes_next_day
    assert list(listing.closures.values_list("date", "note")) == [
        (datetime.date(2026, 12, 25), "Christmas Day")
    ]


def test_the_change_page_shows_the_kind_timezone_hours_and_closures(curator, make_group):
    listing = make_group(kind=ListingKind.DROP_IN_CENTRE, timezone="America/Denver")
    factories.make_hours(listing, weekday=2)
    factories.make_closure(listing, datetime.date(2026, 7, 4), note="Independence Day")
    response = curator.get(reverse("admin:groups_supportgroup_change", args=[listing.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="kind"' in html and 'name="timezone"' in html
    assert 'value="America/Denver"' in html
    assert 'name="opening_hours-0-closes_next_day"' in html
    assert 'value="Independence Day"' in html
    assert "Closes the next day" in html


def test_hours_that_end_before_they_start_must_be_marked_overnight(curator):
    response = curator.post(ADD, with_hours(listing_form(), (0, "17:00", "02:00", False)))
    assert response.status_code == 200
    assert "If they close at or after midnight, tick “Closes the next day”." in errors_of(response)
    assert "opening_hours_close_after_they_open" not in response.content.decode()
    assert not SupportGroup.objects.filter(slug="night-line").exists()


def test_overlapping_hours_on_one_day_are_refused(curator):
    data = with_hours(listing_form(), (0, "09:00", "13:00", False), (0, "12:00", "17:00", False))
    response = curator.post(ADD, data)
    assert response.status_code == 200
    assert (
        "Monday, 9:00 am to 1:00 pm and Monday, 12 noon to 5:00 pm overlap: make them one range, "
        "or change one of them." in errors_of(response)
    )
    assert not OpeningHours.objects.exists()


def test_an_overnight_range_may_not_run_into_the_next_days_first_range(curator):
    data = with_hours(listing_form(), (4, "17:00", "02:00", True), (5, "01:00", "05:00", False))
    response = curator.post(ADD, data)
    assert response.status_code == 200
    assert "Friday, 5:00 pm to 2:00 am and Saturday, 1:00 am to 5:00 am overlap" in errors_of(
        response
    )
    assert not SupportGroup.objects.filter(slug="night-line").exists()


def test_hours_need_the_listings_timezone(curator):
    data = with_hours(listing_form(timezone=""), (0, "09:00", "17:00", False))
    response = curator.post(ADD, data)
    assert response.status_code == 200
    assert (
        "A listing with opening hours needs the timezone they are in. Fill in “Timezone” above."
        in errors_of(response)
    )
    assert not SupportGroup.objects.filter(slug="night-line").exists()
    # Every problem with the hours is said at once.
    data = with_hours(data, (0, "09:00", "17:00", False), (0, "16:00", "18:00", False))
    errors = errors_of(curator.post(ADD, data))
    assert "needs the timezone" in errors and "overlap" in errors
    # Without hours a listing needs none: a support group's meetings have their own.
    assert curator.post(ADD, listing_form(timezone="")).status_code == 302


def test_clearing_the_timezone_of_a_listing_with_hours_is_refused(curator):
    response = curator.post(ADD, with_hours(listing_form(), (0, "09:00", "17:00", False)))
    assert response.status_code == 302, errors_of(response)
    listing = SupportGroup.objects.get(slug="night-line")
    hours = listing.opening_hours.get()
    data = listing_form(
        timezone="",
        organization=listing.organization_id,
        categories=list(listing.categories.values_list("pk", flat=True)),
    )
    data |= {
        "opening_hours-TOTAL_FORMS": "1",
        "opening_hours-INITIAL_FORMS": "1",
        "opening_hours-0-id": str(hours.pk),
        "opening_hours-0-listing": str(listing.pk),
        "opening_hours-0-weekday": "0",
        "opening_hours-0-opens": "09:00",
        "opening_hours-0-closes": "17:00",
    }
    response = curator.post(reverse("admin:groups_supportgroup_change", args=[listing.pk]), data)
    assert response.status_code == 200
    assert "needs the timezone they are in" in errors_of(response)
    listing.refresh_from_db()
    assert listing.timezone == "America/Chicago"


def test_a_range_being_deleted_overlaps_nothing(curator):
    response = curator.post(ADD, with_hours(listing_form(), (0, "09:00", "17:00", False)))
    assert response.status_code == 302, errors_of(response)
    listing = SupportGroup.objects.get(slug="night-line")
    hours = listing.opening_hours.get()
    data = listing_form(
        organization=listing.organization_id,
        categories=list(listing.categories.values_list("pk", flat=True)),
    )
    data = with_hours(data, (0, "09:00", "17:00", False), (0, "10:00", "14:00", False))
    data |= {
        "opening_hours-INITIAL_FORMS": "1",
        "opening_hours-0-id": str(hours.pk),
        "opening_hours-0-listing": str(listing.pk),
        "opening_hours-0-DELETE": "on",
    }
    response = curator.post(reverse("admin:groups_supportgroup_change", args=[listing.pk]), data)
    assert response.status_code == 302, errors_of(response)
    assert [str(hours.time_text) for hours in listing.opening_hours.all()] == [
        "10:00 am to 2:00 pm"
    ]


def test_a_closed_date_is_entered_once(curator):
    data = listing_form() | {
        "closures-TOTAL_FORMS": "2",
        "closures-0-date": "2026-12-25",
        "closures-1-date": "2026-12-25",
    }
    response = curator.post(ADD, data)
    assert response.status_code == 200
    assert "Please correct the duplicate data for date" in errors_of(response)
    assert not Closure.objects.exists()


def test_the_listings_can_be_filtered_by_kind(curator, make_group):
    make_group(name="Evening Circle")
    make_group(name="Night Line", kind=ListingKind.WARMLINE)
    response = curator.get(reverse("admin:groups_supportgroup_changelist"), {"kind": "warmline"})
    html = response.content.decode()
    assert "Night Line" in html and "Evening Circle" not in html
