"""Finding places and measuring distances, entirely inside our own database.

A searched place is never stored, logged or sent anywhere (docs/safety.md, rule 5): it is
parsed here, matched against the gazetteer, and forgotten with the request.
"""

import re
from dataclasses import dataclass, field

from django.contrib.postgres.search import TrigramSimilarity
from django.db import models

from groups.earth import METERS_PER_MILE, Earth, EarthCloseness, earth_point
from groups.models import Place
from groups.models.places import normalize_town

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
ZIP_CODE = re.compile(r"^(\d{5})(?:-?\d{4})?$")
COORDINATES = re.compile(r"^(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)$")
# A ZIP code written among other words: 'Atlanta, GA 30303'.
ZIP_IN_TEXT = re.compile(r"(?<![\d.-])(\d{5})(?:-\d{4})?(?![\d.])")
# How alike two town names must be for a typo to count as that town.
TYPO_SIMILARITY = 0.45
TYPO_CANDIDATES = 50
# Towns with many ZIP codes are the ones most people mean; the finder shows LIKELY_CHOICES
# of them at first, and the rest (up to MORE_CHOICES) one tap away.
BIGGEST_FIRST = ["-zip_count", "state", "city"]
LIKELY_CHOICES = 8
# A town this big is what most people mean by its name, even when a state shares it.
CITY_ZIP_COUNT = 20
MORE_CHOICES = 40


@dataclass
class PlaceQuery:
    """What someone typed, understood: a ZIP code, a point, a town with an optional state, or
    a state alone. A ZIP written beside a town ('Atlanta, GA 30303') is kept with it."""

    zip_code: str = ""
    town: str = ""
    state: str = ""
    latitude: float | None = None
    longitude: float | None = None
    state_alone: bool = False


def parse_place(text: str) -> PlaceQuery | None:
    """Understand 30303, 30303-1234, 'atlanta ga', 'Atlanta, Georgia', 'Atlanta, GA 30303',
    'Georgia' or '33.75,-84.39'."""
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
    zip_code = ""
    if match := ZIP_IN_TEXT.search(text):
        zip_code = match.group(1)
        text = (text[: match.start()] + " " + text[match.end() :]).strip(" ,")
    if state := parse_state(text):
        return PlaceQuery(
            zip_code=zip_code, town=normalize_town(text), state=state, state_alone=True
        )
    if "," in text:
        town, _, state_text = text.rpartition(",")
        state = parse_state(state_text)
        if state and normalize_town(town):
            return PlaceQuery(zip_code=zip_code, town=normalize_town(town), state=state)
    words = normalize_town(text).split()
    for size in (3, 2, 1):
        if len(words) > size and (state := parse_state(" ".join(words[-size:]))):
            return PlaceQuery(zip_code=zip_code, town=" ".join(words[:-size]), state=state)
    if words or zip_code:
        return PlaceQuery(zip_code=zip_code, town=" ".join(words))
    return None


def parse_state(text: str) -> str:
    text = text.strip().lower().replace(".", "")
    if len(text) == 2 and text.upper() in US_STATES:
        return text.upper()
    return STATE_BY_NAME.get(" ".join(text.split()), "")


@dataclass
class PlaceMatch:
    """What the gazetteer made of a place: one place, choices to pick from, or a whole state
    (with any towns that share its name as choices)."""

    place: Place | None = None
    choices: list[Place] = field(default_factory=list)
    state: str = ""
    also_state: str = ""  # a city that shares its state's name: the state, offered beside it

    @property
    def found(self) -> bool:
        return self.place is not None

    @property
    def ambiguous(self) -> bool:
        return self.place is None and not self.state and bool(self.choices)

    @property
    def state_name(self) -> str:
        return US_STATES.get(self.state or self.also_state, "")


def find_place(text: str) -> PlaceMatch:
    """Look a place up in the gazetteer. Several equally good towns are offered as choices,
    the biggest first."""
    query = parse_place(text)
    if query is None:
        return PlaceMatch()
    if query.zip_code:
        place = Place.objects.filter(kind=Place.Kind.ZIP, postal_code=query.zip_code).first()
        if place is not None or not query.town:
            return PlaceMatch(place=place)
    if query.latitude is not None:
        return PlaceMatch(place=nearest_place(query.latitude, query.longitude))
    towns = Place.objects.filter(kind=Place.Kind.TOWN)
    if query.state_alone:
        # 'Georgia' is a state. 'New York' is a state and a big city: the city, with the state
        # one tap away. 'Indiana' (a small town too) stays the state, with the town offered.
        named = list(towns.filter(search_key=query.town).order_by(*BIGGEST_FIRST)[:MORE_CHOICES])
        if named and named[0].zip_count >= CITY_ZIP_COUNT:
            return PlaceMatch(place=named[0], also_state=query.state)
        return PlaceMatch(state=query.state, choices=named)
    if query.state:
        towns = towns.filter(state=query.state)
    exact = list(towns.filter(search_key=query.town).order_by(*BIGGEST_FIRST)[:MORE_CHOICES])
    if len(exact) == 1:
        return PlaceMatch(place=exact[0])
    if exact:
        return PlaceMatch(choices=exact)
    similar = list(
        towns.filter(search_key__trigram_similar=query.town)
        .annotate(similarity=TrigramSimilarity("search_key", query.town))
        .filter(similarity__gte=TYPO_SIMILARITY)
        .order_by("-similarity", *BIGGEST_FIRST)[:TYPO_CANDIDATES]
    )
    if not similar:
        return PlaceMatch()
    # Trigrams find the candidates; the fewest letters changed picks among them, so
    # 'Sn Francisco' is San Francisco rather than Francisco.
    closest = min(edit_distance(query.town, place.search_key) for place in similar)
    best = [place for place in similar if edit_distance(query.town, place.search_key) == closest]
    if len(best) == 1:
        return PlaceMatch(place=best[0])
    best.sort(key=lambda place: (-place.zip_count, place.state, place.city))
    return PlaceMatch(choices=best[:MORE_CHOICES])


def edit_distance(a: str, b: str) -> int:
    """How many letters must be added, removed or changed to turn one text into the other."""
    previous = list(range(len(b) + 1))
    for i, letter in enumerate(a, start=1):
        current = [i]
        for j, other in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (letter != other))
            )
        previous = current
    return previous[-1]


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


DISTANCE_BANDS = [
    (1, "Under 1 mile"),
    (5, "Within 5 miles"),
    (10, "5–10 miles"),
    (25, "10–25 miles"),
    (50, "25–50 miles"),
    (100, "50–100 miles"),
]


def distance_band(meters: float, *, exact_place: bool = True) -> str:
    """Coarse bands, so a listed distance never pins down a confidential place.

    A place that is not public is measured from its area's centre, so its finest band is the
    size of an area: "Under 1 mile" would only say how near the searched ZIP is to that centre.
    """
    miles = meters / METERS_PER_MILE
    bands = DISTANCE_BANDS if exact_place else DISTANCE_BANDS[1:]
    for limit, label in bands:
        if miles <= limit:
            return label
    return "Over 100 miles"
