"""The filters of a search page as people see them: each option with the number of results it
would give (counted by search.counts), and the messages a bad choice gets."""

from collections.abc import Sequence
from dataclasses import dataclass

import django_filters

from search.counts import Counts
from search.dimensions import Dimension


class InvalidSearch(Exception):
    """A search page's parameters did not validate: the messages say what to change."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    checked: bool
    estimated: bool = False

    @property
    def count_text(self) -> str:
        return count_text(self.count, self.estimated)

    @property
    def leads_nowhere(self) -> bool:
        """Ticking it would find nothing (an estimate's zero may be wrong, so it isn't one)."""
        return self.count == 0 and not self.checked and not self.estimated


@dataclass
class Facet:
    param: str
    label: str
    options: list[FacetOption]
    note: str = ""  # what people should know about the options, under the label


def count_text(count: int, estimated: bool) -> str:
    """A count as an option shows it: as it is, or as an estimate reads."""
    return about(count) if estimated else str(count)


def about(count: int) -> str:
    """An estimated count as people read one: two significant figures, nothing under 100."""
    if count < 100:
        return "under 100"
    digits = len(str(count)) - 2
    return f"about {round(count, -digits):,}"


def build_facets(
    dimensions: Sequence[Dimension],
    counts: Counts,
    chosen: dict[str, list],
    choices: dict[str, list[tuple[str, str]]],
) -> list[Facet]:
    """The facets as the page shows them: every option, its count, and whether it is chosen."""
    return [
        Facet(
            param=d.param,
            label=d.label,
            note=getattr(d, "note", ""),
            options=[
                FacetOption(
                    value,
                    label,
                    counts.count(d.param, value),
                    value in chosen.get(d.param, ()),
                    counts.estimated,
                )
                for value, label in choices[d.param]
            ],
        )
        for d in dimensions
    ]


class FacetFilterSet(django_filters.FilterSet):
    """What the search pages' filter sets share: one multiple-choice filter per dimension,
    blank values read as no choice, and errors people can act on."""

    # Names people see for the parameters that are not dimensions.
    labels: dict[str, str] = {}
    dimensions: Sequence[Dimension] = ()

    def __init__(self, data=None, *args, **kwargs) -> None:
        if data is not None:
            # An empty value ("Anything" in a select, a blank box) is no choice, not a bad one.
            data = data.copy()
            for key in list(data):
                data.setlist(key, [value for value in data.getlist(key) if value.strip()])
        super().__init__(data, *args, **kwargs)

    def add_dimension_filters(
        self, choices: dict[str, list[tuple[str, str]]], *, method: str = "skip"
    ) -> None:
        """One "any of" filter per dimension, offering `choices[param]`."""
        for param, options in choices.items():
            dimension_filter = django_filters.MultipleChoiceFilter(
                field_name=param, choices=options, method=method
            )
            dimension_filter.parent = self
            self.filters[param] = dimension_filter

    def skip(self, queryset, name, value):
        return queryset

    def error_messages(self) -> list[str]:
        labels = {**self.labels, **{d.param: d.label for d in self.dimensions}}
        return [
            f"{labels.get(name, name)}: {' '.join(errors)}"
            for name, errors in self.form.errors.items()
        ]
