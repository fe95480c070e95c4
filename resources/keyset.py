"""Keyset pages for the library: each page starts past (or, going back, before) the row its
cursor names, so page 500 costs what page 1 does. The database seeks straight to the rows
through the sort's index instead of counting past every earlier row.
"""

import base64
import binascii
import json
from dataclasses import dataclass

from django.db.models import F, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from resources.models import TitleKey
from search.counts import PageQuery
from search.facets import InvalidSearch

# What "Title, A to Z" and "Newest first" sort on; each has its index (Resource.Meta).
SORT_COLUMNS = {"title_key": TitleKey("title"), "year_key": Coalesce("year", 0)}

# sort: (sort key, whether the key runs descending, whether ids run descending)
SORT_KEYS = {
    "relevance": ("rank", True, False),
    "title": ("title_key", False, False),
    "newest": ("year_key", True, True),
}


@dataclass(frozen=True)
class KeysetPage:
    """One page of results, where it starts, and the cursors to the pages either side."""

    results: list
    start: int = 0  # how many results come before this page
    next_cursor: str = ""
    previous_cursor: str = ""

    @property
    def end(self) -> int:
        return self.start + len(self.results)


@dataclass(frozen=True)
class Keyset:
    """Where a page starts, past (or, going back, before) the row a cursor names, and how many
    rows it holds."""

    sort: str
    key: str
    key_descending: bool
    id_descending: bool
    size: int
    backwards: bool = False
    value: object = None
    pk: int | None = None
    start: int = 0

    @classmethod
    def read(cls, sort: str, *, after: str, before: str, size: int) -> "Keyset":
        key, key_descending, id_descending = SORT_KEYS[sort]
        backwards = bool(before)
        value, pk, start = decode_cursor(after or before, sort) if after or before else (None,) * 3
        # Going back reads the same order reversed, then turns the page the right way up.
        return cls(
            sort,
            key,
            key_descending != backwards,
            id_descending != backwards,
            size,
            backwards,
            value,
            pk,
            start or 0,
        )

    @property
    def rows_to_read(self) -> int:
        """A page reads one row more than it shows: that one tells whether a next page follows."""
        return self.size + 1

    def apply(self, rows: QuerySet) -> QuerySet:
        if self.pk is None:
            return rows
        further, same = ("lt", "lte") if self.key_descending else ("gt", "gte")
        value = self.value
        if self.key == "rank":
            # ts_rank gives a real, and the cursor the real's shortest decimal: compared as a
            # double, the row it names would be further than itself and come again.
            value = RawSQL("%s::real", [value], output_field=FloatField())
        # "key >= value" lets an index seek straight there; the rest settles ties by id.
        return rows.filter(
            Q(**{f"{self.key}__{same}": value})
            & (
                Q(**{f"{self.key}__{further}": value})
                | Q(**{f"pk__{'lt' if self.id_descending else 'gt'}": self.pk})
            )
        )

    def order_by(self) -> list:
        return [
            F(self.key).desc() if self.key_descending else F(self.key).asc(),
            F("pk").desc() if self.id_descending else F("pk").asc(),
        ]

    def page_query(self) -> PageQuery:
        """The same page, and the row after it, as SQL over the count query's rows
        (search.counts)."""
        size = self.rows_to_read
        key_order = "DESC" if self.key_descending else "ASC"
        id_order = "DESC" if self.id_descending else "ASC"
        order = f"c.{self.key} {key_order}, c.pk {id_order}"
        if self.pk is None:
            return PageQuery("TRUE", order, [], size)
        further = "<" if self.key_descending else ">"
        id_further = "<" if self.id_descending else ">"
        # ts_rank gives a real; compared with an untyped decimal, PostgreSQL would round it
        # to six digits first, and rows tied on rank would repeat across pages.
        value = "%s::real" if self.key == "rank" else "%s"
        where = (
            f"(c.{self.key} {further} {value} OR (c.{self.key} = {value} AND c.pk {id_further} %s))"
        )
        return PageQuery(where, order, [self.value, self.value, self.pk], size)

    def turn_page(self, rows: list) -> KeysetPage:
        """One page of `rows` (read one too many), with the cursors either side."""
        more = len(rows) > self.size
        page = rows[: self.size]
        start = self.start
        if self.backwards:
            page.reverse()
            start = max(0, self.start - len(page))
        if not page:
            return KeysetPage([], start)
        first, last = page[0], page[-1]
        next_cursor = previous_cursor = ""
        if more or self.backwards:
            next_cursor = encode_cursor(self.sort, self.key_of(last), last.pk, start + len(page))
        if start > 0:
            previous_cursor = encode_cursor(self.sort, self.key_of(first), first.pk, start)
        return KeysetPage(page, start, next_cursor, previous_cursor)

    def key_of(self, row):
        return getattr(row, self.key)


def encode_cursor(sort: str, value, pk: int, position: int) -> str:
    text = json.dumps([sort, value, pk, position], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


# What a cursor may hold for each sort: values the database can compare without error.
CURSOR_VALUES = {
    # A rank is a real (4 bytes): the database refuses numbers too small or too large for one.
    "relevance": lambda v: type(v) in (int, float) and (v == 0 or 1e-37 <= v <= 1e30),
    "title": lambda v: type(v) is str and len(v) <= 300 and is_storable_text(v),
    "newest": lambda v: type(v) is int and 0 <= v <= 9999,
}


def is_storable_text(text: str) -> bool:
    """Whether PostgreSQL can hold the text: no NUL, and UTF-8 (JSON can spell a lone
    surrogate, which has no UTF-8 form)."""
    if "\x00" in text:
        return False
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


def decode_cursor(token: str, sort: str) -> tuple[object, int, int]:
    """(sort key value, id, position) from a cursor; a cursor from another sort or tampered
    with is a bad request."""
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        cursor_sort, value, pk, position = json.loads(text)
    except (binascii.Error, UnicodeDecodeError, ValueError, TypeError):
        raise InvalidSearch(["Page: that page link is not one of ours. Start again."]) from None
    valid = (
        cursor_sort == sort
        and type(pk) is int
        and 0 < pk < 2**63
        and type(position) is int
        and 0 <= position < 2**31
        and CURSOR_VALUES[sort](value)
    )
    if not valid:
        raise InvalidSearch(["Page: that page link no longer fits this search. Start again."])
    return value, pk, position
