"""Finding places and measuring distances, entirely inside our own database.

A searched place is never stored, logged or sent anywhere (docs/safety.md, rule 5): it is
parsed here, matched against the gazetteer, and forgotten with the request.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.contrib.postgres.search import TrigramSimilarity
from django.db import models

from groups.earth import METERS_PER_MILE, Earth, EarthCloseness, earth_point
from groups.models import Place

RADIUS_CHOICES = [5, 10, 25, 50, 100]
DEFAULT_RADIUS = 25

US_STATES = {
    "AL": "Alabama",
    "AK": "Alaska",
    "AZ": "Arizona",
    "AR": "Arkansas",
    "CA": "California",
    "CO": "Colorado",
    "CT": "Connecticut",
    "DE": "Delaware",
    "DC": "District of Columbia",
    "FL": "Florida",
    "GA": "Georgia",
    "HI": "Hawaii",
    "ID": "Idaho",
    "IL": "Illinois",
    "IN": "Indiana",
    "IA": "Iowa",
    "KS": "Kansas",
    "KY": "Kentucky",
    "LA": "Louisiana",
    "ME": "Maine",
    "MD": "Maryland",
    "MA": "Massachusetts",
    "MI": "Michigan",
    "MN": "Minnesota",
    "MS": "Mississippi",
    "MO": "Missouri",
    "MT": "Montana",
    "NE": "Nebraska",
    "NV": "Nevada",
    "NH": "New Hampshire",
    "NJ": "New Jersey",
    "NM": "New Mexico",
    "NY": "New York",
    "NC": "North Carolina",
    "ND": "North Dakota",
    "OH": "Ohio",
    "OK": "Oklahoma",
    "OR": "Oregon",
    "PA": "Pennsylvania",
    "RI": "Rhode Island",
    "SC": "South Carolina",
    "SD": "South Dakota",
    "TN": "Tennessee",
    "TX": "Texas",
    "UT": "Utah",
    "VT": "Vermont",
    "VA": "Virginia",
    "WA": "Washington",
    "WV": "West Virginia",
    "WI": "Wisconsin",
    "WY": "Wyoming",
    "PR": "Puerto Rico",
    "GU": "Guam",
    "VI": "U.S. Virgin Islands",
    "AS": "American Samoa",
    "MP": "Northern Mariana Islands",
}
STATE_BY_NAME = {name.lower().replace(".", ""): code for code, name in US_STATES.items()}
# Common short forms people type for the first word of a town name.
ABBREVIATIONS = {"st": "saint", "ste": "sainte", "ft": "fort", "mt": "mount", "pt": "point"}

ZIP_CODE = re.compile(r"^(\d{5})(?:-?\d{4})?$")
COORDINATES = re.compile(r"^(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)$")
# How alike two town names must be for a typo to count as that town.
TYPO_SIMILARITY = 0.45


def normalize_town(text: str) -> str:
    """'St. Paul' and 'Saint Paul' both become 'saint paul'; accents and punctuation go."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(char for char in text if not unicodedata.combining(char)).lower()
    words = re.sub(r"[^a-z0-9]+", " ", text).split()
    return " ".join(
        ABBREVIATIONS.get(word, word) if n == 0 else word for n, word in enumerate(words)
    )


@dataclass
class PlaceQuery:
    """What someone typed, understood: a ZIP code, a point, or a town with an optional state."""

    zip_code: str = ""
    town: str = ""
    state: str = ""
    latitude: float | None = None
    longitude: float | None = None


def parse_place(text: str) -> PlaceQuery | None:
    """Understand 30303, 30303-1234, 'atlanta ga', 'Atlanta, Georgia' or '33.75,-84.39'."""
    text = " ".join(text.split())[:100]
    if not text:
        return None
    if match := ZIP_CODE.match(text):
        return PlaceQuery(zip_code=match.group(1))
    if match := COORDINATES.match(text):
        lat, lon = float(match.group(1)), float(match.group(2))
        if -90 <= lat <= 90 and -180 <= lon <= 180:
            # About 1 km: precise enough to find nearby groups, vague enough not to be an address.
            return PlaceQuery(latitude=round(lat, 2), longitude=round(lon, 2))
        return None
    if "," in text:
        town, _, state_text = text.rpartition(",")
        state = parse_state(state_text)
        if state and normalize_town(town):
            return PlaceQuery(town=normalize_town(town), state=state)
    words = normalize_town(text).split()
    for size in (3, 2, 1):
        if len(words) > size and (state := parse_state(" ".join(words[-size:]))):
            return PlaceQuery(town=" ".join(words[:-size]), state=state)
    return PlaceQuery(town=" ".join(words)) if words else None


def parse_state(text: str) -> str:
    text = text.strip().lower().replace(".", "")
    if len(text) == 2 and text.upper() in US_STATES:
        return text.upper()
    return STATE_BY_NAME.get(" ".join(text.split()), "")


@dataclass
class PlaceMatch:
    place: Place | None = None
    choices: list[Place] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return self.place is not None

    @property
    def ambiguous(self) -> bool:
        return self.place is None and bool(self.choices)


def find_place(text: str) -> PlaceMatch:
    """Look a place up in the gazetteer. Several equally good towns are offered as choices."""
    query = parse_place(text)
    if query is None:
        return PlaceMatch()
    if query.zip_code:
        return PlaceMatch(
            place=Place.objects.filter(kind=Place.Kind.ZIP, postal_code=query.zip_code).first()
        )
    if query.latitude is not None:
        return PlaceMatch(place=nearest_place(query.latitude, query.longitude))
    towns = Place.objects.filter(kind=Place.Kind.TOWN)
    if query.state:
        towns = towns.filter(state=query.state)
    exact = list(towns.filter(search_key=query.town)[:8])
    if len(exact) == 1:
        return PlaceMatch(place=exact[0])
    if exact:
        return PlaceMatch(choices=exact)
    similar = list(
        towns.filter(search_key__trigram_similar=query.town)
        .annotate(similarity=TrigramSimilarity("search_key", query.town))
        .filter(similarity__gte=TYPO_SIMILARITY)
        .order_by("-similarity", "state", "city")[:8]
    )
    best = (
        [place for place in similar if place.similarity == similar[0].similarity] if similar else []
    )
    if len(best) == 1:
        return PlaceMatch(place=best[0])
    return PlaceMatch(choices=similar)


def nearest_place(latitude: float, longitude: float) -> Place | None:
    """The gazetteer ZIP nearest to a point, found through the earth-distance index."""
    return (
        Place.objects.filter(kind=Place.Kind.ZIP)
        .order_by(
            EarthCloseness(
                Earth(models.F("latitude"), models.F("longitude")), earth_point(latitude, longitude)
            )
        )
        .first()
    )


def distance_band(meters: float) -> str:
    """Coarse bands, so a listed distance never pins down a confidential place."""
    miles = meters / METERS_PER_MILE
    for limit, label in [
        (1, "Under 1 mile"),
        (5, "Within 5 miles"),
        (10, "5–10 miles"),
        (25, "10–25 miles"),
        (50, "25–50 miles"),
        (100, "50–100 miles"),
    ]:
        if miles <= limit:
            return label
    return "Over 100 miles"
