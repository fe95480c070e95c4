"""A group's calendar file and its own page: schedules in their timezone, and never a
confidential address or a private link (docs/safety.md, rule 6)."""

import datetime

import pytest
from django.urls import reverse

from groups.models import AddressVisibility, Format, LinkVisibility

pytestmark = pytest.mark.django_db


def calendar_text(client, group) -> str:
    response = client.get(reverse("groups:calendar", args=[group.slug]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    # Undo RFC 5545 line folding so assertions can read whole lines.
    return response.content.decode().replace("\r\n ", "")


def rules(ics: str) -> list[set[str]]:
    return [
        set(line[len("RRULE:") :].split(";"))
        for line in ics.splitlines()
        if line.startswith("RRULE:")
    ]


def test_the_calendar_file_repeats_each_schedule_in_its_own_timezone(
    client, make_group, make_meeting, make_place
):
    group = make_group(name="Lantern Circle")
    make_meeting(group, place=make_place(), weekday=1, valid_from=datetime.date(2026, 1, 6))
    make_meeting(
        group,
        place=make_place(),
        frequency="monthly",
        interval=1,
        week_of_month=-1,
        weekday=3,
        valid_from=datetime.date(2026, 1, 1),
        valid_to=datetime.date(2026, 12, 31),
    )
    ics = calendar_text(client, group)
    assert "BEGIN:VTIMEZONE" in ics and "TZID:America/New_York" in ics
    assert "DTSTART;TZID=America/New_York:20260106T183000" in ics
    assert rules(ics) == [
        {"FREQ=WEEKLY", "INTERVAL=1", "BYDAY=TU"},
        {"FREQ=MONTHLY", "INTERVAL=1", "UNTIL=20261231T235959Z", "BYDAY=-1TH"},
    ]
    assert "DTSTART;TZID=America/New_York:20260129T183000" in ics
    assert "SUMMARY:Lantern Circle" in ics


def test_the_calendar_file_never_has_a_confidential_address_or_a_private_link(
    client, make_group, make_meeting, make_place
):
    group = make_group(
        format=Format.HYBRID,
        online_url="https://meet.example.org/secret-room",
        online_link_visibility=LinkVisibility.PRIVATE,
    )
    for visibility in (AddressVisibility.AREA_ONLY, AddressVisibility.ON_REQUEST):
        place = make_place(
            street_address="12 Hidden Lane", name="Hidden Hall", address_visibility=visibility
        )
        make_meeting(group, place=place)
    ics = calendar_text(client, group)
    assert "Hidden Lane" not in ics
    assert "Hidden Hall" not in ics
    assert "secret-room" not in ics
    assert "LOCATION:Atlanta\\, GA 30303" in ics
    assert "LOCATION:Atlanta\\, GA\r\n" in ics
    assert "33.7525" not in ics


def test_a_public_place_is_in_the_calendar_file(client, make_group, make_meeting, make_place):
    group = make_group()
    place = make_place(
        address_visibility=AddressVisibility.PUBLIC,
        name="Example Library",
        street_address="1 Main Street",
    )
    make_meeting(group, place=place)
    assert "LOCATION:Example Library\\, 1 Main Street\\, Atlanta\\, GA 30303" in calendar_text(
        client, group
    )


def test_the_group_page_lists_next_meetings_and_links_the_calendar(
    client, make_group, make_meeting
):
    group = make_group()
    make_meeting(group)
    html = client.get(group.get_absolute_url()).content.decode()
    assert "Next meetings" in html
    assert 'data-zone="America/New_York"' in html
    assert reverse("groups:calendar", args=[group.slug]) in html
    assert reverse("curation:group_report", args=[group.slug]) in html


def test_an_unpublished_group_has_no_calendar(client, make_group):
    group = make_group(status="draft")
    assert client.get(reverse("groups:calendar", args=[group.slug])).status_code == 404


def test_the_group_page_shows_access_features_and_dialable_contact_links(
    client, make_group, make_meeting, make_place
):
    group = make_group(contact_phone="(404) 555-0101", contact_text="(404) 555-0102")
    place = make_place(
        step_free_access=True, near_transit=True, access_notes="Ramp at the side door."
    )
    make_meeting(group, place=place)
    html = " ".join(client.get(group.get_absolute_url()).content.decode().split())
    assert "Access: step-free entrance, near public transit. Ramp at the side door." in html
    assert 'href="tel:4045550101"' in html
    assert 'href="sms:4045550102"' in html


@pytest.mark.parametrize(
    ("features", "shown"),
    [
        ({"parking": True}, "Access: parking."),
        ({"accessible_restroom": True, "parking": True}, "Access: accessible restroom, parking."),
        ({"access_notes": "Lift to the 2nd floor."}, "Access: Lift to the 2nd floor."),
    ],
)
def test_access_features_read_as_a_sentence(
    client, make_group, make_meeting, make_place, features, shown
):
    group = make_group()
    make_meeting(group, place=make_place(**features))
    html = " ".join(client.get(group.get_absolute_url()).content.decode().split())
    assert shown in html
