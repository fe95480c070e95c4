"""The finder's answer to browsing, without a place or keywords, from memory.

Counting every option over every published listing takes the database most of a second at
100,000 listings, and the combinations of filters are too many to cache. So each process keeps
the published listings' filter options as bitsets (search.bitsets), numbered in name order,
and answers counts, totals, the page of names and the ways out of an empty page from them.
Reading them takes one query over the listings (about a second at 100,000).

The index is read again when the groups change: triggers on the groups and meetings tables
move a version number on (migration 0015) inside the same transaction as the change, so a
process sees the new number exactly when it can see the change; each request reads it with
one small query. The "When" options depend on the clock too: the meetings of today and
tomorrow are kept with their start and end, the answers are worked out again in memory at the
first moment any of them can change (a meeting ending, or one coming within the next few
hours), and the meetings are read again at the next local midnight."""

import threading
import time
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import F, Window
from django.db.models.functions import RowNumber

from groups.filters import COUNT_COLUMNS, DIMENSIONS, DIMENSIONS_BY_PARAM
from groups.models import SupportGroup
from groups.schedule import MEETINGS_THIS_WEEK_SQL, NEXT_MIDNIGHT_SQL, soon_from_instants
from search.bitsets import Bitsets, from_positions

WHEN = DIMENSIONS_BY_PARAM["soon"]
assert [d for d in DIMENSIONS if d.sql] == [WHEN]
assert set(WHEN.sql) == {"hours", "today", "yes"}
# Time enough to move on if nobody meets at all (seconds).
NO_MEETINGS_RECHECK = 3600


def version() -> int | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM groups_finder_version")
        row = cursor.fetchone()
    return row[0] if row else None


@dataclass
class BrowsingIndex:
    """The published listings, in name order, and their options as bitsets ("When" comes from
    the meetings: read_when)."""

    version: int | None
    ids: list[int]  # by row number
    rows: dict[int, int]  # row number by group id
    separated: int  # the programs for people who use violence
    fixed: dict[tuple[str, str], int]  # the options that change only with the groups
    # "When": worked out from the meetings today and tomorrow (row, start, end, today) until
    # `when_until`, and read again at the next local midnight (seconds since 1970).
    meetings: list[tuple[int, float, float, bool]] = field(default_factory=list)
    week: int = 0
    midnight: float = 0.0
    when: dict[tuple[str, str], int] = field(default_factory=dict)
    when_until: float = 0.0

    @classmethod
    def build(cls, version: int | None) -> "BrowsingIndex":
        ids, separated, positions = read_options()
        size = len(ids)
        index = cls(
            version,
            ids,
            {pk: number for number, pk in enumerate(ids)},
            from_positions(separated, size),
            {key: from_positions(found, size) for key, found in positions.items()},
        )
        index.read_when()
        return index

    def read_when(self) -> None:
        """The groups meeting this week, and the meetings of today and tomorrow, as of now:
        until the next local midnight somewhere, "When" is worked out from them alone."""
        week, self.meetings = [], []
        with connection.cursor() as cursor:
            cursor.execute(MEETINGS_THIS_WEEK_SQL, [])
            for pk, start, end, is_today in cursor.fetchall():
                if (number := self.rows.get(pk)) is None:
                    continue
                if start is None:
                    week.append(number)
                else:
                    self.meetings.append((number, start, end, is_today))
            cursor.execute(NEXT_MIDNIGHT_SQL, [])
            midnight = cursor.fetchone()[0]
        self.midnight = midnight.timestamp() if midnight else time.time() + NO_MEETINGS_RECHECK
        self.week = from_positions(week, len(self.ids))
        self.work_out_when()

    def work_out_when(self) -> None:
        hours, today, change = soon_from_instants(self.meetings, time.time())
        size = len(self.ids)
        self.when = {
            ("soon", "hours"): from_positions(hours, size),
            ("soon", "today"): from_positions(today, size),
            ("soon", "yes"): self.week,
        }
        self.when_until = min(change or self.midnight, self.midnight)

    def keep_when_current(self) -> None:
        now = time.time()
        if now >= self.midnight:
            self.read_when()
        elif now >= self.when_until:
            self.work_out_when()

    @property
    def bitsets(self) -> Bitsets:
        return Bitsets(len(self.ids), {**self.fixed, **self.when})

    def within(self, *, programs: bool) -> int:
        """Every group the list draws on: with the programs only when they are what was asked
        for (groups.search.GroupOptions.lists_programs)."""
        everything = (1 << len(self.ids)) - 1
        return everything if programs else everything & ~self.separated


def read_options() -> tuple[list[int], list[int], dict[tuple[str, str], list[int]]]:
    """In one query: the published listings' ids in name order, the row numbers of the
    programs, and the row numbers having each option. The options are listed by each
    dimension's own counting SQL (Dimension.option_sql), so memory counts what the database
    would; a program is listed only under its own topics (docs/safety.md, rule 7)."""
    rows = (
        SupportGroup.objects.published()
        .annotate(n=Window(RowNumber(), order_by=[F("name").asc(), F("pk").asc()]) - 1)
        .values("pk", "n", *COUNT_COLUMNS)
    )
    rows_sql, params = rows.query.sql_with_params()
    parts = [
        "SELECT '', '', array_agg(c.pk ORDER BY c.n) FROM c",
        "SELECT '*', '', array_agg(c.n) FROM c WHERE c.is_separated",
    ]
    for d in DIMENSIONS:
        if d.sql:
            continue
        joins, value = d.option_sql("c")
        condition = "o.v IS NOT NULL"
        if d.param == "category":
            condition += (
                " AND (NOT o.is_separated"
                " OR o.v IN (SELECT slug FROM groups_category WHERE is_separated))"
            )
        inner = f"SELECT {value} AS v, c.n, c.is_separated FROM c{joins}"  # noqa: S608
        parts.append(
            f"SELECT '{d.param}', o.v::text, array_agg(o.n) FROM ({inner}) AS o"  # noqa: S608
            f" WHERE {condition} GROUP BY 2"
        )
    sql = f"WITH c AS ({rows_sql}) " + " UNION ALL ".join(parts)
    ids: list[int] = []
    separated: list[int] = []
    positions: dict[tuple[str, str], list[int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for param, value, found in cursor.fetchall():
            if param == "":
                ids = found or []
            elif param == "*":
                separated = found or []
            else:
                positions[(param, DIMENSIONS_BY_PARAM[param].from_db(value))] = found
    return ids, separated, positions


_lock = threading.Lock()
_current: BrowsingIndex | None = None


def current() -> BrowsingIndex:
    """This process's index, as of the groups' version now."""
    global _current
    now_version = version()
    with _lock:
        index = _current
        if index is None or index.version != now_version:
            index = _current = BrowsingIndex.build(now_version)
        else:
            index.keep_when_current()
        return index
