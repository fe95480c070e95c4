"""The library search's parameters: validation, filtering, and the counts beside each option.

Every parameter is optional and repeated values mean "any of" (PRODUCT.md). Each dimension
turns chosen values into a `Q` for the results and lists a row's options in SQL for the
counts (search.facets), so the two cannot disagree.
"""

from collections.abc import Callable
from dataclasses import dataclass

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery
from django.db.models import Exists, OuterRef, Q

from resources import textsearch
from resources.models import (
    CollectionItem,
    ResourceAudience,
    ResourceKind,
)
from search.choices import EditorialStatus, Language
from search.facets import FacetFilterSet

SORTS = {"relevance": "Best match", "newest": "Newest first", "title": "Title, A to Z"}
YEAR_RANGE = (1900, 2100)


@dataclass(frozen=True)
class ColumnDimension:
    """Options held in a column of the resource: one value ("scalar") or a list ("array")."""

    param: str
    label: str
    choices: Callable[[], list[tuple[str, str]]]
    column: str
    kind: str = "scalar"

    def to_q(self, values: list[str]) -> Q:
        if self.kind == "array":
            return Q(**{f"{self.column}__overlap": values})
        return Q(**{f"{self.column}__in": values})

    def option_sql(self, alias: str) -> tuple[str, str]:
        if self.kind == "array":
            return "", f"unnest({alias}.{self.column})"
        return "", f"{alias}.{self.column}"

    def from_db(self, text: str) -> str:
        return text


# Each resource with the published collections it sits in, once per collection even when it is
# in several of a collection's sections.
COLLECTED_SQL = (
    "(SELECT DISTINCT ci.resource_id, col.slug"
    " FROM resources_collectionitem AS ci"
    " JOIN resources_collectionsection AS s ON s.id = ci.section_id"
    " JOIN resources_collection AS col ON col.id = s.collection_id"
    " WHERE col.status = 'published')"
)


@dataclass(frozen=True)
class CollectionDimension:
    param: str = "collection"
    label: str = "Collection"

    def to_q(self, values: list[str]) -> Q:
        placed = CollectionItem.objects.filter(
            resource_id=OuterRef("pk"),
            section__collection__slug__in=values,
            section__collection__status=EditorialStatus.PUBLISHED,
        )
        return Q(Exists(placed))

    def option_sql(self, alias: str) -> tuple[str, str]:
        joins = f" JOIN {COLLECTED_SQL} AS cc ON cc.resource_id = {alias}.pk"
        return joins, "cc.slug"

    def from_db(self, text: str) -> str:
        return text


@dataclass(frozen=True)
class YearDimension:
    """The publication year range; its options, for counting, are decades."""

    param: str = "year"
    label: str = "Published"

    def to_q(self, values: list[int | None]) -> Q:
        start, end = values
        q = Q()
        if start is not None:
            q &= Q(year__gte=start)
        if end is not None:
            q &= Q(year__lte=end)
        return q

    def option_sql(self, alias: str) -> tuple[str, str]:
        return "", f"{alias}.year / 10 * 10"

    def from_db(self, text: str) -> str:
        return text


DIMENSIONS = [
    ColumnDimension("topic", "Topic", list, "topic_slugs", "array"),
    ColumnDimension("kind", "Type", lambda: ResourceKind.choices, "kind"),
    ColumnDimension(
        "audience", "Written for", lambda: ResourceAudience.choices, "audience", "array"
    ),
    ColumnDimension("language", "Language", lambda: Language.choices, "languages", "array"),
    CollectionDimension(),
    YearDimension(),
]
DIMENSIONS_BY_PARAM = {dimension.param: dimension for dimension in DIMENSIONS}
CHECKBOX_DIMENSIONS = [d for d in DIMENSIONS if d.param != "year"]


def keyword_q(text: str) -> Q:
    """Web-search syntax ("a phrase", -word, or), read by the rules of each resource's language
    (resources.textsearch), so stemming and exclusions follow the language it is written in."""
    english = SearchQuery(text, search_type="websearch", config=textsearch.ENGLISH)
    spanish = SearchQuery(text, search_type="websearch", config=textsearch.SPANISH)
    return textsearch.each_in_its_language(Q(search_vector=english), Q(search_vector=spanish))


class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class LibraryFilterForm(forms.Form):
    def clean(self) -> dict:
        cleaned = super().clean()
        start, end = cleaned.get("year_from"), cleaned.get("year_to")
        if start is not None and end is not None and start > end:
            self.add_error("year_to", "The last year must not come before the first year.")
        if cleaned.get("after") and cleaned.get("before"):
            self.add_error("before", "A page link goes one way only. Start again.")
        return cleaned


class LibraryFilter(FacetFilterSet):
    """Validates the library's query string; resources.search applies what it chose."""

    q = django_filters.CharFilter(method="skip", max_length=200)
    year_from = YearFilter(method="skip", min_value=YEAR_RANGE[0], max_value=YEAR_RANGE[1])
    year_to = YearFilter(method="skip", min_value=YEAR_RANGE[0], max_value=YEAR_RANGE[1])
    sort = django_filters.ChoiceFilter(method="skip", choices=list(SORTS.items()))
    after = django_filters.CharFilter(method="skip", max_length=400)
    before = django_filters.CharFilter(method="skip", max_length=400)

    labels = {
        "q": "Search words",
        "year_from": "First year",
        "year_to": "Last year",
        "sort": "Order",
        "after": "Page",
        "before": "Page",
    }
    dimensions = DIMENSIONS

    class Meta:
        form = LibraryFilterForm
        fields: list[str] = []

    def __init__(self, data=None, *args, choices: dict[str, list[tuple[str, str]]], **kwargs):
        super().__init__(data, *args, **kwargs)
        # Each dimension's options (resources.search.LibraryOptions), shared with the counts.
        self.add_dimension_filters(choices)

    def chosen(self) -> dict[str, list]:
        """The chosen values by dimension; the year range as [first, last]."""
        data = self.form.cleaned_data
        chosen = {d.param: data[d.param] for d in CHECKBOX_DIMENSIONS if data.get(d.param)}
        start, end = data.get("year_from"), data.get("year_to")
        if start is not None or end is not None:
            chosen["year"] = [
                int(start) if start is not None else None,
                int(end) if end is not None else None,
            ]
        return chosen
