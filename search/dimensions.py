"""A dimension is one filter of a search page: chosen values become a `Q` for the results,
and its SQL lists each row's options for the counts beside them (search.counts). Both follow
from one description of the column, so they cannot disagree."""

from collections.abc import Mapping, Sequence
from typing import Protocol

from django.db.models import Q, QuerySet


class Dimension(Protocol):
    param: str
    label: str

    def to_q(self, values: list) -> Q: ...

    def option_sql(self, alias: str) -> tuple[str, str]:
        """What to add after `FROM c` (joins), and the option value per row. The value may
        be a set-returning expression (`unnest(c.tags)`) for a column holding several."""
        ...

    def from_db(self, text: str) -> str: ...


def with_choices(rows: QuerySet, dimensions: Sequence[Dimension], chosen: Mapping) -> QuerySet:
    """The rows that meet every chosen value: any of a dimension's values, every dimension."""
    by_param = {dimension.param: dimension for dimension in dimensions}
    for param, values in chosen.items():
        rows = rows.filter(by_param[param].to_q(values))
    return rows
