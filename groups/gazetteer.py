"""The local gazetteer: US ZIP codes and towns with centre points, built from `zipcodes`.

Geocoding never leaves the server (docs/safety.md, rule 5), so the whole table ships with
the project and is loaded into the database once.
"""

import zoneinfo
from collections import Counter, defaultdict
from collections.abc import Iterator

import zipcodes
from django.db import transaction

from groups.geo import normalize_town
from groups.models import Place

# Military ZIP codes have no town, timezone or useful centre point.
SKIPPED_TYPES = {"MILITARY"}


def usable_zip_rows() -> list[dict]:
    # A few rows carry a town name where the timezone belongs; they are left out.
    zones = zoneinfo.available_timezones()
    return [
        row
        for row in zipcodes.list_all()
        if row["zip_code_type"] not in SKIPPED_TYPES
        and row["timezone"] in zones
        and row["country"] == "US"
        and row["lat"]
        and row["long"]
    ]


def zip_places(rows: list[dict]) -> Iterator[Place]:
    for row in rows:
        yield Place(
            kind=Place.Kind.ZIP,
            postal_code=row["zip_code"],
            city=row["city"],
            search_key=normalize_town(row["city"]),
            state=row["state"],
            county=row["county"] or "",
            latitude=float(row["lat"]),
            longitude=float(row["long"]),
            timezone=row["timezone"],
        )


def town_places(rows: list[dict]) -> Iterator[Place]:
    """One place per town: the mean of its ZIP centres, preferring ordinary delivery ZIPs."""
    towns: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in rows:
        towns[(row["state"], row["city"])].append(row)
    for (state, city), members in towns.items():
        standard = [row for row in members if row["zip_code_type"] == "STANDARD"] or members
        zones = Counter(row["timezone"] for row in members)
        counties = Counter(row["county"] for row in standard if row["county"])
        yield Place(
            kind=Place.Kind.TOWN,
            city=city,
            search_key=normalize_town(city),
            state=state,
            county=counties.most_common(1)[0][0] if counties else "",
            latitude=sum(float(row["lat"]) for row in standard) / len(standard),
            longitude=sum(float(row["long"]) for row in standard) / len(standard),
            timezone=zones.most_common(1)[0][0],
        )


def expected_count(rows: list[dict]) -> int:
    return len(rows) + len({(row["state"], row["city"]) for row in rows})


@transaction.atomic
def load_places(*, force: bool = False) -> tuple[bool, int]:
    """Fill the gazetteer; return whether anything was written and how many places there are.

    The table is written in one transaction, so a filled table is a complete one and is left
    alone (`force` reloads it, e.g. after upgrading `zipcodes`). Meeting places keep their own
    area coordinates, so replacing the gazetteer never changes a listing.
    """
    if not force and Place.objects.exists():
        return False, Place.objects.count()
    rows = usable_zip_rows()
    expected = expected_count(rows)
    Place.objects.all().delete()
    Place.objects.bulk_create(zip_places(rows), batch_size=5000)
    Place.objects.bulk_create(town_places(rows), batch_size=5000)
    return True, expected
