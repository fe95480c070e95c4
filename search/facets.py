"""How many results each filter option would give, with every other choice kept, in one query.

Used by the group finder and the library. Each filter is a dimension that knows how to turn
chosen values into a `Q` (for the results) and how to list a row's option values in SQL (for
the counts), so the two cannot disagree.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import django_filters
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet


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


@dataclass
class Facet:
    param: str
    label: str
    options: list[FacetOption]


class Dimension(Protocol):
    param: str
    label: str

    def to_q(self, values: list[str]) -> Q: ...

    def option_sql(self, alias: str) -> tuple[str, str]:
        """What to add after `FROM c` (joins), and the option value per row. The value may
        be a set-returning expression (`unnest(c.tags)`) for a column holding several."""
        ...

    def from_db(self, text: str) -> str: ...


@dataclass
class Counts:
    by_option: dict[tuple[str, str], int]
    matches: list[int]  # ids matching every choice, when asked for (or one page of them)
    total: int
    values: dict[int, float] = field(default_factory=dict)  # {id: its `ids_with` column}
    # When asked for: how many candidates there were, and how many meet every choice
    # (`required` aside).
    candidates: int = 0
    chosen_candidates: int = 0
    estimated: bool = False  # the counts are a sample's, scaled up

    def count(self, param: str, value: str) -> int:
        return self.by_option.get((param, value), 0)

    def scaled(self, factor: int) -> "Counts":
        """What a sample of one candidate in `factor` suggests the whole would count."""
        return Counts(
            {option: count * factor for option, count in self.by_option.items()},
            [],
            self.total * factor,
            candidates=self.candidates * factor,
            chosen_candidates=self.chosen_candidates * factor,
            estimated=True,
        )


def count_text(count: int, estimated: bool) -> str:
    """A count as an option shows it: as it is, or as an estimate reads."""
    return about(count) if estimated else str(count)


def about(count: int) -> str:
    """An estimated count as people read one: two significant figures, nothing under 100."""
    if count < 100:
        return "under 100"
    digits = len(str(count)) - 2
    return f"about {round(count, -digits):,}"


@dataclass
class PageQuery:
    """One page of the matching ids, read in the same query as the counts.

    `where` and `order` are SQL over the columns of c (our own text; values in `params`).
    """

    where: str
    order: str
    params: list
    size: int


def count_options(
    candidates: QuerySet,
    dimensions: Sequence[Dimension],
    chosen: dict[str, list],
    *,
    columns: Sequence[str],
    want_ids: bool = False,
    ids_with: str = "",
    part_conditions: dict[str, tuple[str, list, list[str]]] | None = None,
    page: PageQuery | None = None,
    count_candidates: bool = False,
    required: Q | None = None,
) -> Counts:
    """Count every option of every dimension over `candidates`, in one query.

    The candidates become a CTE (`c`) with their `columns` and one match flag per chosen
    dimension; each dimension then groups its option values over the rows whose other flags
    all hold. The last part lists the ids matching every choice (`want_ids`), each with the
    value of the number column `ids_with` when one is named (in Counts.values), or counts them.
    `part_conditions` adds a condition of our own (SQL text over `o.v` and the columns it
    names, parameters, those column names) to one dimension's part. `page` also picks one
    page of the matching ids. `required` is a condition every count needs but the candidates
    need not meet; `count_candidates` also counts the candidates, all of them and those that
    meet every choice.
    Only our own names are put into the SQL; every value travels
    as a parameter.
    """
    by_param = {d.param: d for d in dimensions}
    flags = {
        f"m_{param}": ExpressionWrapper(by_param[param].to_q(values), BooleanField())
        for param, values in chosen.items()
    }
    if required is not None:
        flags["m__required"] = ExpressionWrapper(required, BooleanField())
    if ids_with and ids_with not in columns:
        columns = [*columns, ids_with]
    rows = candidates.order_by().annotate(**flags).values("pk", *columns, *flags)
    try:
        rows_sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # nothing can match
        return Counts({}, [], 0)

    def all_of(names: list[str]) -> str:
        return " AND ".join(f"c.{name}" for name in names) or "TRUE"

    parts, part_params = [], []
    for d in dimensions:
        joins, value = d.option_sql("c")
        where = all_of([f for f in flags if f != "m_" + d.param])
        # Values come out in the inner select (where unnest is quickest, in the select list);
        # a part condition sees them as o.v, beside every column of c.
        condition, needed = "TRUE", ""
        if part_conditions and d.param in part_conditions:
            condition, condition_params, condition_columns = part_conditions[d.param]
            part_params.extend(condition_params)
            needed = "".join(f", c.{name}" for name in condition_columns)
        inner = f"SELECT {value} AS v{needed} FROM c{joins} WHERE {where}"  # noqa: S608
        parts.append(
            f"SELECT '{d.param}', o.v::text, count(*) FROM ({inner}) AS o WHERE {condition}"  # noqa: S608
            " GROUP BY 2"
        )
    if want_ids:
        # The third column is a count elsewhere; a float here makes the union's type float.
        value = f"c.{ids_with}::float8" if ids_with else "0"
        parts.append(f"SELECT '', c.pk::text, {value} FROM c WHERE {all_of(list(flags))}")  # noqa: S608
    else:
        parts.append(f"SELECT '', '', count(*) FROM c WHERE {all_of(list(flags))}")  # noqa: S608
    if count_candidates:
        chosen_flags = [flag for flag in flags if flag != "m__required"]
        parts.append("SELECT '*', '', count(*) FROM c")
        parts.append(f"SELECT '**', '', count(*) FROM c WHERE {all_of(chosen_flags)}")  # noqa: S608
    if page is not None:
        # The page is picked first (a top-N sort); only its few rows are then numbered.
        picked = (
            f"SELECT c.* FROM c WHERE {all_of(list(flags))} AND {page.where}"  # noqa: S608
            f" ORDER BY {page.order} LIMIT {int(page.size)}"
        )
        parts.append(
            f"SELECT '#', c.pk::text, row_number() OVER (ORDER BY {page.order})"  # noqa: S608
            f" FROM ({picked}) AS c"
        )
        part_params.extend(page.params)
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH c AS ({rows_sql}) " + " UNION ALL ".join(parts), (*params, *part_params)
        )
        results = cursor.fetchall()

    counts = Counts({}, [], 0)
    page_rows = []
    for param, value, count in results:
        if param == "#":
            page_rows.append((count, int(value)))
        elif param == "*":
            counts.candidates = int(count)
        elif param == "**":
            counts.chosen_candidates = int(count)
        elif param == "":
            if want_ids:
                counts.matches.append(int(value))
                if ids_with:
                    counts.values[int(value)] = count
            else:
                counts.total = int(count)
        elif value is not None:
            counts.by_option[(param, by_param[param].from_db(value))] = int(count)
    if want_ids:
        counts.total = len(counts.matches)
    if page is not None:
        counts.matches = [pk for _, pk in sorted(page_rows)]
    return counts


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
