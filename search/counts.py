"""How many results each filter option would give, with every other choice kept, in one query.

Used by the group finder and the library, over their dimensions (search.dimensions).

The candidates become a CTE (`c`) with the columns the counts read and one match flag per
chosen dimension; each dimension then groups its option values over the rows whose *other*
flags all hold. `FacetQuery` adds one more part to that query, depending on what the page
needs besides the counts: the total, every match, one page of matches, or the candidates.
Only our own names are put into the SQL; every value travels as a parameter.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from search.dimensions import Dimension


@dataclass(frozen=True)
class OptionCondition:
    """A condition of our own on one dimension's counts: SQL over the option value (`o.v`) and
    the columns of c it names, with its parameters."""

    sql: str
    params: list
    columns: list[str]


@dataclass(frozen=True)
class PageQuery:
    """One page of the matching ids, picked in the same query as the counts.

    `where` and `order` are SQL over the columns of c (our own text; values in `params`).
    """

    where: str
    order: str
    params: list
    size: int


@dataclass
class Counts:
    """Each option's count, keyed by (parameter, value), and how many results match every choice."""

    by_option: dict[tuple[str, str], int] = field(default_factory=dict)
    total: int = 0
    estimated: bool = False  # a sample's counts, scaled up

    def count(self, param: str, value: str) -> int:
        return self.by_option.get((param, value), 0)

    def scaled(self, factor: int) -> "Counts":
        """What a sample of one candidate in `factor` suggests the whole would count."""
        by_option = {option: count * factor for option, count in self.by_option.items()}
        return Counts(by_option, self.total * factor, estimated=True)


@dataclass(frozen=True)
class Candidates:
    """How many candidates there were, and how many met every choice (`required` aside)."""

    all: int
    chosen: int


@dataclass(frozen=True)
class FacetQuery:
    """The counts of every option of `dimensions` over `candidates`, for the `chosen` values.

    `columns` are the candidates' columns the dimensions' SQL reads. `required` is a condition
    every count needs but the candidates need not meet (the library's exact phrase, when the
    candidates hold its words in any order). `option_conditions` adds a condition of our own to
    one dimension's counts.
    """

    candidates: QuerySet
    dimensions: Sequence[Dimension]
    chosen: Mapping[str, list]
    columns: Sequence[str]
    required: Q | None = None
    option_conditions: Mapping[str, OptionCondition] = field(default_factory=dict)

    def counts(self) -> Counts:
        """Each option's count and the total."""
        rows = self._run(f"SELECT '', '', count(*) FROM c WHERE {self._all_flags()}")  # noqa: S608
        return self._counts(rows)

    def counts_and_matches(self, value_column: str) -> tuple[Counts, dict[int, float]]:
        """Each option's count, and every match with its value of the number column
        `value_column` (such as its distance), which is also what the total counts."""
        # The third column is a count elsewhere; a float here makes the union's type float.
        rows = self._run(
            f"SELECT '', c.pk::text, c.{value_column}::float8 FROM c"  # noqa: S608
            f" WHERE {self._all_flags()}",
            extra_columns=[value_column],
        )
        matches = {int(pk): value for param, pk, value in rows if param == ""}
        counts = self._counts(rows)
        counts.total = len(matches)
        return counts, matches

    def counts_and_page(self, page: PageQuery) -> tuple[Counts, list[int]]:
        """Each option's count, the total, and the ids of one page of the matches in order."""
        # The page is picked first (a top-N sort); only its few rows are then numbered.
        picked = (
            f"SELECT c.* FROM c WHERE {self._all_flags()} AND {page.where}"  # noqa: S608
            f" ORDER BY {page.order} LIMIT {int(page.size)}"
        )
        rows = self._run(
            f"SELECT '', '', count(*) FROM c WHERE {self._all_flags()}"  # noqa: S608
            f" UNION ALL SELECT '#', c.pk::text, row_number() OVER (ORDER BY {page.order})"
            f" FROM ({picked}) AS c",
            page.params,
        )
        numbered = sorted((number, int(pk)) for param, pk, number in rows if param == "#")
        return self._counts(rows), [pk for _, pk in numbered]

    def counts_and_candidates(self) -> tuple[Counts, Candidates]:
        """Each option's count, the total, and how many candidates there were."""
        chosen = self._all_flags(without_required=True)
        rows = self._run(
            f"SELECT '', '', count(*) FROM c WHERE {self._all_flags()}"  # noqa: S608
            " UNION ALL SELECT '*', '', count(*) FROM c"
            f" UNION ALL SELECT '**', '', count(*) FROM c WHERE {chosen}"
        )
        found = {param: int(count) for param, _, count in rows if param in ("*", "**")}
        return self._counts(rows), Candidates(found.get("*", 0), found.get("**", 0))

    # The query -------------------------------------------------------------------------------

    def _flags(self) -> dict[str, ExpressionWrapper]:
        by_param = {d.param: d for d in self.dimensions}
        flags = {
            f"m_{param}": ExpressionWrapper(by_param[param].to_q(values), BooleanField())
            for param, values in self.chosen.items()
        }
        if self.required is not None:
            flags["m__required"] = ExpressionWrapper(self.required, BooleanField())
        return flags

    def _all_flags(self, *, except_param: str = "", without_required: bool = False) -> str:
        names = [f"m_{param}" for param in self.chosen if param != except_param]
        if self.required is not None and not without_required:
            names.append("m__required")
        return " AND ".join(f"c.{name}" for name in names) or "TRUE"

    def _option_parts(self) -> tuple[list[str], list]:
        parts, params = [], []
        for d in self.dimensions:
            joins, value = d.option_sql("c")
            where = self._all_flags(except_param=d.param)
            # Values come out in the inner select (where unnest is quickest, in the select
            # list); a condition of ours sees them as o.v, beside the columns it names.
            condition, needed = "TRUE", ""
            if d.param in self.option_conditions:
                extra = self.option_conditions[d.param]
                condition, needed = extra.sql, "".join(f", c.{name}" for name in extra.columns)
                params.extend(extra.params)
            inner = f"SELECT {value} AS v{needed} FROM c{joins} WHERE {where}"  # noqa: S608
            parts.append(
                f"SELECT '{d.param}', o.v::text, count(*) FROM ({inner}) AS o"  # noqa: S608
                f" WHERE {condition} GROUP BY 2"
            )
        return parts, params

    def _run(self, last_part: str, last_params: Sequence = (), *, extra_columns=()) -> list:
        """The rows of the whole query: (parameter, option value, count) for the options,
        then the rows of `last_part`. Nothing when no candidate can match."""
        flags = self._flags()
        columns = [*self.columns, *(name for name in extra_columns if name not in self.columns)]
        rows = self.candidates.order_by().annotate(**flags).values("pk", *columns, *flags)
        try:
            rows_sql, rows_params = rows.query.sql_with_params()
        except EmptyResultSet:
            return []
        parts, part_params = self._option_parts()
        sql = f"WITH c AS ({rows_sql}) " + " UNION ALL ".join([*parts, last_part])
        with connection.cursor() as cursor:
            cursor.execute(sql, (*rows_params, *part_params, *last_params))
            return cursor.fetchall()

    def _counts(self, rows: list) -> Counts:
        by_param = {d.param: d for d in self.dimensions}
        counts = Counts()
        for param, value, count in rows:
            if param in by_param and value is not None:
                counts.by_option[(param, by_param[param].from_db(value))] = int(count)
            elif param == "" and value == "":
                counts.total = int(count)
        return counts
