"""The local gazetteer: US ZIP codes and towns with centre points, built from `zipcodes`.

Geocoding never leaves the server (docs/safety.md, rule 5), so the whole table ships with
the project and is loaded into the database once.
"""

import re
import zoneinfo
from collections import Counter, defaultdict
from collections.abc import Iterator

import zipcodes
from django.db import transaction

from groups.models import Place
from groups.models.places import normalize_town

# Military ZIP codes have no town, timezone or useful centre point.
SKIPPED_TYPES = {"MILITARY"}
# The ZIP data writes names in capitals without punctuation; these are the names people
# know, where the plain rules below would get them wrong.
TOWN_NAMES = {
    "Bois D Arc": "Bois d'Arc",
    "Coeur D Alene": "Coeur d'Alene",
    "D Hanis": "D'Hanis",
    "D LO": "D'Lo",
    "Land O Lakes": "Land O' Lakes",
    "Mcbh Kaneohe Bay": "MCBH Kaneohe Bay",
    "O Brien": "O'Brien",
    "O Fallon": "O'Fallon",
    "O Kean": "O'Kean",
    "O Neals": "O'Neals",
    "Pointe A La Hache": "Pointe à la Hache",
    "Port O Connor": "Port O'Connor",
    "S Coffeyville": "South Coffeyville",
    "Winston Salem": "Winston-Salem",
}


def town_name(name: str) -> str:
    """A town's name as people write it: 'O'Fallon', 'McAllen', 'Winston-Salem'."""
    if name in TOWN_NAMES:
        return TOWN_NAMES[name]
    name = re.sub(r"\bMc([a-z])", lambda match: "Mc" + match.group(1).upper(), name)
    return re.sub(r"-([a-z])", lambda match: "-" + match.group(1).upper(), name)


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
            city=town_name(row["city"]),
            search_key=normalize_town(row["city"]),
            state=row["state"],
            county=row["county"] or "",
            latitude=float(row["lat"]),
            longitude=float(row["long"]),
            timezone=row["timezone"],
        )


def town_places(rows: list[dict]) -> Iterator[Place]:
    """One place per town: the mean of its ZIP centres, preferring ordinary delivery ZIPs.

    Spellings of one name ('Winston Salem', 'Winston-salem') make one town.
    """
    for (state, key), members in towns_by_name(rows).items():
        standard = [row for row in members if row["zip_code_type"] == "STANDARD"] or members
        zones = Counter(row["timezone"] for row in members)
        counties = Counter(row["county"] for row in standard if row["county"])
        spellings = Counter(town_name(row["city"]) for row in members)
        yield Place(
            kind=Place.Kind.TOWN,
            city=spellings.most_common(1)[0][0],
            search_key=key,
            state=state,
            county=counties.most_common(1)[0][0] if counties else "",
            latitude=sum(float(row["lat"]) for row in standard) / len(standard),
            longitude=sum(float(row["long"]) for row in standard) / len(standard),
            timezone=zones.most_common(1)[0][0],
            zip_count=len(members),
        )


def towns_by_name(rows: list[dict]) -> dict[tuple[str, str], list[dict]]:
    towns: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in rows:
        towns[(row["state"], normalize_town(row["city"]))].append(row)
    return towns


def expected_count(rows: list[dict]) -> int:
    return len(rows) + len(towns_by_name(rows))


def is_current(expected: int) -> bool:
    """Whether the table holds what this code builds (an older build counted towns differently
    and had no sizes)."""
    return (
        Place.objects.count() == expected
        and not Place.objects.filter(kind=Place.Kind.TOWN, zip_count=0).exists()
    )


@transaction.atomic
def load_places(*, force: bool = False) -> tuple[bool, int]:
    """Fill the gazetteer; return whether anything was written and how many places there are.

    The table is written in one transaction, so a filled table is a complete one; it is left
    alone when it is what this code builds (`force` reloads it anyway). Meeting places keep
    their own area coordinates, so replacing the gazetteer never changes a listing.
    """
    rows = usable_zip_rows()
    expected = expected_count(rows)
    if not force and is_current(expected):
        return False, expected
    Place.objects.all().delete()
    Place.objects.bulk_create(zip_places(rows), batch_size=5000)
    Place.objects.bulk_create(town_places(rows), batch_size=5000)
    return True, expected
