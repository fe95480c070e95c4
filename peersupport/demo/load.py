"""Load the demo content: the library from `library.toml`, the generated example groups and the
example warmlines, drop-in centres and peer respites.

Loading is an upsert keyed on slugs and URLs, so running it again changes nothing and never
deletes what people saved in their lists.
"""

import datetime
import tomllib
import zoneinfo
from pathlib import Path

import zipcodes
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from groups.models import (
    Category,
    Closure,
    ListingKind,
    Meeting,
    MeetingPlace,
    OpeningHours,
    Organization,
    Place,
    SupportGroup,
)
from groups.services import refresh_meeting_summaries
from peersupport.demo import groups as demo_groups
from peersupport.demo import kinds as demo_kinds
from resources.models import Collection, CollectionItem, CollectionSection, Resource, Topic
from resources.services import refresh_library_words, refresh_top_matches
from search.choices import EditorialStatus

LIBRARY_FILE = Path(__file__).with_name("library.toml")


def read_library() -> dict:
    with LIBRARY_FILE.open("rb") as handle:
        return tomllib.load(handle)


def is_loaded(library: dict) -> bool:
    return (
        Resource.objects.filter(is_demo=True).count() == len(library["resource"])
        and Collection.objects.filter(is_demo=True).count() == len(library["collection"])
        and SupportGroup.objects.filter(is_demo=True).count()
        == demo_groups.GROUP_COUNT + demo_kinds.LISTING_COUNT
    )


def generate_groups(today: datetime.date) -> list[demo_groups.DemoGroup]:
    return demo_groups.generate(*demo_areas(), today)


def generate_listings(today: datetime.date) -> list[demo_groups.DemoGroup]:
    """Every example listing: the groups, then the warmlines, drop-in centres and respites."""
    centres, nearby = demo_areas()
    return demo_groups.generate(centres, nearby, today) + demo_kinds.generate(centres, today)


def demo_areas() -> tuple[dict[str, dict], dict[str, list[dict]]]:
    """Each metro's central ZIP code row, and the ordinary ZIP codes within 20 miles of it."""
    wanted = {zip_code for _, zip_code in demo_groups.METROS}
    zones = zoneinfo.available_timezones()
    rows = [row for row in zipcodes.list_all() if row["timezone"] in zones]
    centres = {row["zip_code"]: row for row in rows if row["zip_code"] in wanted}
    standard = [row for row in rows if row["zip_code_type"] == "STANDARD"]
    nearby = {}
    for zip_code, centre in centres.items():
        lat, lon = float(centre["lat"]), float(centre["long"])
        nearby[zip_code] = sorted(
            zipcodes.filter_by_coordinates(lat, lon, 20, zips=standard),
            key=lambda row: row["zip_code"],
        )
    return centres, nearby


@transaction.atomic
def load_demo(*, today: datetime.date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    library = read_library()
    if is_loaded(library):
        return {}
    groups = generate_listings(today)
    counts = load_library(library, today)
    counts["groups"] = load_groups(groups)
    refresh_meeting_summaries()
    refresh_library_words()
    refresh_top_matches()
    return counts


def load_library(library: dict, today: datetime.date) -> dict[str, int]:
    topics = {}
    for position, data in enumerate(library["topic"], start=1):
        topics[data["slug"]], _ = Topic.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "name": data["name"],
                "description": data.get("description", ""),
                "content_note": data.get("content_note", ""),
                "position": position * 10,
            },
        )
    resources = {}
    for data in library["resource"]:
        resource, _ = Resource.objects.update_or_create(
            slug=unique_resource_slug(data),
            defaults={
                "title": data["title"],
                "kind": data["kind"],
                "url": data["url"],
                "publisher": data.get("publisher", ""),
                "authors": data.get("authors", ""),
                "year": data.get("year") or None,
                "language": data.get("language", "en"),
                "languages": data.get("languages", []),
                "audience": data.get("audience", []),
                "phone": data.get("phone", ""),
                "text_number": data.get("text_number", ""),
                "summary": data["summary"],
                "status": EditorialStatus.PUBLISHED,
                "last_reviewed": today,
                "next_review_due": today + datetime.timedelta(days=365),
                "is_demo": True,
            },
        )
        resource.topics.set([topics[slug] for slug in data.get("topics", [])])
        resources[data["url"]] = resource
    for position, data in enumerate(library["collection"], start=1):
        collection, _ = Collection.objects.update_or_create(
            slug=data["slug"],
            defaults={
                "title": data["title"],
                "summary": data["summary"],
                "introduction": data["introduction"],
                "status": EditorialStatus.PUBLISHED,
                "position": position * 10,
                "is_demo": True,
            },
        )
        collection.sections.all().delete()
        for section_position, section_data in enumerate(data.get("section", []), start=1):
            section = CollectionSection.objects.create(
                collection=collection,
                title=section_data["title"],
                introduction=section_data.get("introduction", ""),
                position=section_position * 10,
            )
            CollectionItem.objects.bulk_create(
                CollectionItem(section=section, resource=resources[url], position=n * 10)
                for n, url in enumerate(section_data["resources"], start=1)
            )
    return {
        "topics": len(topics),
        "resources": len(resources),
        "collections": len(library["collection"]),
    }


def unique_resource_slug(data: dict) -> str:
    return data.get("slug") or slugify(data["title"])[:200]


def load_groups(groups: list[demo_groups.DemoGroup]) -> int:
    categories = {category.slug: category for category in Category.objects.all()}
    wanted = {demo.place.postal_code for demo in groups if demo.place}
    areas = {
        place.postal_code: place
        for place in Place.objects.filter(kind=Place.Kind.ZIP, postal_code__in=wanted)
    }
    organizations: dict[str, Organization] = {}
    for demo in groups:
        if demo.organization not in organizations:
            organizations[demo.organization], _ = Organization.objects.update_or_create(
                slug=slugify(demo.organization),
                defaults={
                    "name": demo.organization,
                    "description": "A made-up organisation that shows how listings look.",
                    "website": f"https://{slugify(demo.organization)}.example.org/",
                    "email": demo.contact_email,
                    "is_demo": True,
                },
            )
        group, _ = SupportGroup.objects.update_or_create(
            slug=demo.slug,
            defaults={
                "name": demo.name,
                "organization": organizations[demo.organization],
                "summary": demo.summary,
                "description": demo.description,
                "content_note": demo.content_note,
                "audiences": demo.audiences,
                "languages": demo.languages,
                "format": demo.format,
                "facilitation": demo.facilitation,
                "clinical_partner": demo.clinical_partner,
                "cost": demo.cost,
                "cost_note": demo.cost_note,
                "joining": demo.joining,
                "cohort": demo.cohort,
                "how_to_join": demo.how_to_join,
                "what_happens_next": demo.what_happens_next,
                "childcare": demo.childcare,
                "contact_phone": demo.contact_phone,
                "contact_text": demo.contact_text,
                "contact_email": demo.contact_email,
                "contact_website": demo.contact_website,
                "safe_contact_hours": demo.safe_contact_hours,
                "online_url": demo.online_url,
                "online_link_visibility": demo.online_link_visibility,
                "serves_states": demo.serves_states,
                "kind": demo.kind,
                "timezone": demo.timezone,
                "who_may_call": demo.who_may_call,
                "contact_chat": demo.contact_chat,
                "stay_length": demo.stay_length,
                "eligibility": demo.eligibility,
                "status": EditorialStatus.PUBLISHED,
                "last_verified": demo.last_verified,
                "is_demo": True,
            },
        )
        group.categories.set([categories[slug] for slug in demo.categories])
        replace_meetings(group, demo, organizations[demo.organization], areas)
        replace_hours(group, demo)
    return len(groups)


def replace_hours(listing: SupportGroup, demo: demo_groups.DemoGroup) -> None:
    listing.opening_hours.all().delete()
    listing.closures.all().delete()
    OpeningHours.objects.bulk_create(
        OpeningHours(
            listing=listing,
            weekday=hours.weekday,
            opens=hours.opens,
            closes=hours.closes,
            closes_next_day=hours.closes_next_day,
        )
        for hours in demo.hours
    )
    Closure.objects.bulk_create(
        Closure(listing=listing, date=closure.date, note=closure.note) for closure in demo.closures
    )


def replace_meetings(
    group: SupportGroup,
    demo: demo_groups.DemoGroup,
    organization: Organization,
    areas: dict[str, Place],
) -> None:
    old_places = set(group.meetings.exclude(place=None).values_list("place_id", flat=True))
    if group.place_id:
        old_places.add(group.place_id)
        SupportGroup.objects.filter(pk=group.pk).update(place=None)
    group.meetings.all().delete()
    MeetingPlace.objects.filter(
        pk__in=old_places, is_demo=True, meetings=None, listings=None
    ).delete()
    place = None
    if demo.place is not None:
        spec = demo.place
        place = MeetingPlace.objects.create(
            organization=organization,
            name=spec.name,
            street_address=spec.street,
            city=spec.city,
            state=spec.state,
            postal_code=spec.postal_code,
            timezone=spec.timezone,
            address_visibility=spec.visibility,
            venue_latitude=spec.venue_latitude,
            venue_longitude=spec.venue_longitude,
            area=areas.get(spec.postal_code),
            area_latitude=spec.area_latitude,
            area_longitude=spec.area_longitude,
            access_notes=spec.access_notes,
            is_demo=True,
            **spec.access,
        )
    if demo.kind != ListingKind.SUPPORT_GROUP:
        # Drop-in centres and respites are places themselves; they hold no meetings.
        SupportGroup.objects.filter(pk=group.pk).update(place=place)
        return
    Meeting.objects.bulk_create(
        Meeting(
            group=group,
            place=place,
            frequency=meeting.frequency,
            interval=meeting.interval,
            weekday=meeting.weekday,
            week_of_month=meeting.week_of_month,
            start_time=meeting.start,
            end_time=meeting.end,
            timezone=meeting.timezone,
            valid_from=meeting.valid_from,
        )
        for meeting in demo.meetings
    )
