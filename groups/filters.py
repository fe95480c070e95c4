"""The group finder's parameters: validation, filtering, and the counts beside each option.

Every parameter is optional and repeated values mean "any of" (PRODUCT.md). Each dimension
knows how to turn its chosen values into a `Q`, so the same rule filters the results and
counts what every other option would give.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import BooleanField, Q, QuerySet

from groups.geo import RADIUS_CHOICES, parse_place
from groups.keywords import read_keywords
from groups.models import Audience, Cost, Facilitation, Format, Joining, ListingKind
from groups.schedule import (
    MEETS_IN_THE_NEXT_HOURS_SQL,
    MEETS_LATER_TODAY_SQL,
    MEETS_WITHIN_A_WEEK_SQL,
    NEXT_HOURS,
)
from groups.services import ACCESS_FEATURES, TIMES_OF_DAY
from search.choices import Language
from search.facets import FacetFilterSet
from search.sql import RowSql

DAYS = {
    "mon": (0, "Monday"),
    "tue": (1, "Tuesday"),
    "wed": (2, "Wednesday"),
    "thu": (3, "Thursday"),
    "fri": (4, "Friday"),
    "sat": (5, "Saturday"),
    "sun": (6, "Sunday"),
}
SORTS = {"distance": "Nearest first", "name": "Name", "verified": "Most recently checked"}
ONLINE_FORMATS = [Format.ONLINE, Format.PHONE]
# What the finder lists when no kind is chosen: it is where people find a group.
DEFAULT_KINDS = [str(ListingKind.SUPPORT_GROUP)]


def keyword_words(text: str) -> list[str]:
    """The searchable words of a keyword box: letters and digits, at most eight words."""
    return re.findall(r"[^\W_]+", text.lower())[:8]


def keyword_query(text: str) -> SearchQuery | None:
    """Match every word, each as a prefix ('counsel' finds 'counseling')."""
    words = keyword_words(text)
    if not words:
        return None
    return SearchQuery(
        " & ".join(f"{word}:*" for word in words), search_type="raw", config="english"
    )


@dataclass(frozen=True)
class Dimension:
    """One filter: its parameter, what people see, its options, and the column it reads.

    `kind` says how a group's column holds the options: one value ("scalar"), a list of
    values ("array") or a yes/no ("flag"). The database filter and the SQL that counts the
    options both follow from it, so they cannot disagree.
    """

    param: str
    label: str
    choices: Callable[[], list[tuple[str, str]]]
    column: str
    kind: str = "scalar"
    to_db: Callable[[str], object] = str
    from_db: Callable[[str], str] = str
    # For options the database works out rather than stores: a condition in SQL for each
    # option, with {group} where the group's id goes. Constant text; nothing from a request
    # reaches it. Choosing several means any of them.
    sql: Mapping[str, str] = field(default_factory=dict)
    # An array option that goes with every other: a group open to anyone is for women too,
    # so choosing "Women" lists it, and it counts under every option.
    matches_every: str = ""
    note: str = ""  # shown under the filter's label

    def __post_init__(self) -> None:
        # It is written into the counting SQL, so it must be a plain word of our own.
        assert re.fullmatch(r"[a-z_]*", self.matches_every)

    def to_q(self, values: list[str]) -> Q:
        if self.sql:
            found = Q()
            for value in values:
                sql = self.sql[value]
                found |= Q(RowSql(sql, columns={"group": "pk"}, output_field=BooleanField()))
            return found
        if self.kind == "flag":
            return Q(**{self.column: True})
        if self.kind == "array":
            wanted = [self.to_db(value) for value in values]
            if self.matches_every:
                # A group that names no one is open to anyone too.
                return Q(**{f"{self.column}__overlap": [*wanted, self.matches_every]}) | Q(
                    **{self.column: []}
                )
            return Q(**{f"{self.column}__overlap": wanted})
        return Q(**{f"{self.column}__in": values})

    def option_sql(self, alias: str) -> tuple[str, str]:
        """SQL for counting: what to add to FROM, and the option value (as text) per row."""
        if self.sql:
            each = ", ".join(
                f"CASE WHEN {sql.format(group=alias + '.pk')} THEN '{value}' END"
                for value, sql in self.sql.items()
            )
            return "", f"unnest(array_remove(ARRAY[{each}]::text[], NULL))"
        column = f"{alias}.{self.column}"
        if self.kind == "flag":
            return "", f"CASE WHEN {column} THEN 'yes' END"
        if self.kind == "array" and self.matches_every:
            every = ", ".join(f"'{value}'" for value, _ in self.choices())
            return "", (
                f"unnest(CASE WHEN '{self.matches_every}' = ANY({column})"
                f" OR cardinality({column}) = 0"
                f" THEN ARRAY[{every}]::varchar[] ELSE {column} END)"
            )
        if self.kind == "array":
            return "", f"unnest({column})"
        return "", column


DAY_BY_NUMBER = {number: key for key, (number, _) in DAYS.items()}

DIMENSIONS = [
    Dimension(
        "kind",
        "Kind of support",
        lambda: ListingKind.choices,
        "kind",
        note="Support groups are listed unless you choose another kind. Warmlines open now "
        "are on the page “Talk to someone now”.",
    ),
    Dimension("category", "Topic", list, "category_slugs", "array"),
    Dimension("format", "How it meets", lambda: Format.choices, "format"),
    Dimension(
        "day",
        "Day",
        lambda: [(key, name) for key, (_, name) in DAYS.items()],
        "meeting_days",
        "array",
        lambda value: DAYS[value][0],
        lambda text: DAY_BY_NUMBER[int(text)],
    ),
    Dimension("time", "Time of day", lambda: list(TIMES_OF_DAY.items()), "meeting_times", "array"),
    Dimension(
        "audience",
        "Who it is for",
        lambda: Audience.choices,
        "audiences",
        "array",
        matches_every=Audience.ANYONE,
        note="Groups open to anyone are included in each.",
    ),
    Dimension("language", "Language", lambda: Language.choices, "languages", "array"),
    Dimension("cost", "Cost", lambda: Cost.choices, "cost"),
    Dimension("facilitation", "Who leads it", lambda: Facilitation.choices, "facilitation"),
    Dimension("joining", "Joining", lambda: Joining.choices, "joining"),
    Dimension(
        "access", "Access", lambda: list(ACCESS_FEATURES.items()), "access_features", "array"
    ),
    Dimension(
        "soon",
        "When",
        lambda: [
            ("hours", f"In the next {NEXT_HOURS} hours"),
            ("today", "Today"),
            ("yes", "In the next 7 days"),
        ],
        "meets_soon",
        "array",
        sql={
            "hours": MEETS_IN_THE_NEXT_HOURS_SQL,
            "today": MEETS_LATER_TODAY_SQL,
            "yes": MEETS_WITHIN_A_WEEK_SQL,
        },
        note="Meetings going on now count; ones already over don't.",
    ),
    Dimension(
        "childcare", "Childcare", lambda: [("yes", "Childcare available")], "childcare", "flag"
    ),
]
DIMENSIONS_BY_PARAM = {dimension.param: dimension for dimension in DIMENSIONS}
# The columns the counts read. Conditions the database works out (meets in the next 7 days)
# are not columns: they are worked out only for the rows every other choice lets through.
COUNT_COLUMNS = ["is_separated", *dict.fromkeys(d.column for d in DIMENSIONS if not d.sql)]
# What a search keeps when "Use my location" replaces its place.
FINDER_PARAMS = {"radius", "q", "sort", *DIMENSIONS_BY_PARAM}


class LocateForm(forms.Form):
    """A position from "Use my location", rounded to about a kilometre on the device."""

    at = forms.CharField(
        max_length=40,
        error_messages={"required": "Your location didn't reach us. Type a ZIP code or town."},
    )

    def clean_at(self) -> tuple[float, float]:
        query = parse_place(self.cleaned_data["at"])
        if query is None or query.latitude is None:
            raise forms.ValidationError(
                "That location isn't one we can read. Type a ZIP code or town instead."
            )
        return query.latitude, query.longitude


class GroupFilterForm(forms.Form):
    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("radius") and not cleaned.get("near"):
            cleaned["radius"] = None
        return cleaned


class GroupFilter(FacetFilterSet):
    """Validates the finder's query string; groups.search applies what it chose."""

    near = django_filters.CharFilter(method="skip", max_length=100)
    radius = django_filters.TypedChoiceFilter(
        method="skip",
        choices=[(str(miles), f"{miles} miles") for miles in RADIUS_CHOICES],
        coerce=int,
        empty_value=None,
    )
    # Applied once, by groups.search, to every list the page shows (with_keywords). Twice
    # would square the planner's guess of how many groups match and lead it to a full scan.
    q = django_filters.CharFilter(method="skip", max_length=200)
    sort = django_filters.ChoiceFilter(method="skip", choices=list(SORTS.items()))

    labels = {"near": "Place", "radius": "Distance", "q": "Keywords", "sort": "Sort"}
    dimensions = DIMENSIONS

    class Meta:
        form = GroupFilterForm
        fields: list[str] = []

    def __init__(self, data=None, *args, choices: dict[str, list[tuple[str, str]]], **kwargs):
        super().__init__(data, *args, **kwargs)
        # Each dimension's options (groups.search.GroupOptions), shared with the counts.
        self.add_dimension_filters(choices)

    def chosen(self) -> dict[str, list[str]]:
        """The dimension values chosen, by parameter; support groups when no kind is."""
        data = self.form.cleaned_data
        chosen = {d.param: data[d.param] for d in DIMENSIONS if data.get(d.param)}
        return {"kind": DEFAULT_KINDS, **chosen}


def with_keywords(queryset: QuerySet, text: str) -> QuerySet:
    """The groups that match every keyword: a phrase naming what a group is ('evening',
    'drop-in', 'en línea') matches groups that are so or say so; any other word matches the
    group's or its organization's words (prefixes too)."""
    phrases, rest = read_keywords(text)
    wanted = Q()
    for phrase, (param, value) in phrases:
        wanted &= DIMENSIONS_BY_PARAM[param].to_q([value]) | words_q(phrase)
    if rest and not only_stop_words(rest):
        wanted &= keyword_q(rest)
    return queryset.filter(wanted) if wanted else queryset


def words_q(phrase: str) -> Q:
    """The groups whose text has these words, as words ('men' is not 'mental')."""
    query = SearchQuery(phrase, search_type="phrase", config="english")
    return Q(search_vector=query) | Q(organization__search_vector=query)


def keyword_q(text: str) -> Q:
    query = keyword_query(text)
    if query is None:
        return Q()
    return Q(search_vector=query) | Q(organization__search_vector=query)


def only_stop_words(text: str) -> bool:
    """True when nothing searchable is left ('the', '___'), so the box is best ignored."""
    words = keyword_words(text)
    if not words:
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT numnode(plainto_tsquery('english', %s))", [" ".join(words)])
        return cursor.fetchone()[0] == 0
