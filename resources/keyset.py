"""Keyset pages for the library: each page starts past (or, going back, before) the row its
cursor names, so page 500 costs what page 1 does. The database seeks straight to the rows
through the sort's index instead of counting past every earlier row.
"""

import base64
import binascii
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import F, FloatField, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from resources.models import TitleKey
from search.facets import InvalidSearch, PageQuery

if TYPE_CHECKING:
    from resources.search import LibrarySearch

# What "Title, A to Z" and "Newest first" sort on; each has its index (Resource.Meta).
SORT_COLUMNS = {"title_key": TitleKey("title"), "year_key": Coalesce("year", 0)}

# sort: (sort key, whether the key runs descending, whether ids run descending)
SORT_KEYS = {
    "relevance": ("rank", True, False),
    "title": ("title_key", False, False),
    "newest": ("year_key", True, True),
}


@dataclass
class Keyset:
    """Where a page starts: past (or, going back, before) the row a cursor names."""

    sort: str
    key: str
    key_descending: bool
    id_descending: bool
    backwards: bool = False
    value: object = None
    pk: int | None = None
    start: int = 0

    @classmethod
    def read(cls, sort: str, *, after: str, before: str) -> "Keyset":
        key, key_descending, id_descending = SORT_KEYS[sort]
        backwards = bool(before)
        # Going back reads the same order reversed, then turns the page the right way up.
        bounds = cls(sort, key, key_descending != backwards, id_descending != backwards, backwards)
        if after or before:
            bounds.value, bounds.pk, bounds.start = decode_cursor(after or before, sort)
        return bounds

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

    def page_query(self, size: int) -> PageQuery:
        """The same page as SQL over the count query's rows (search.facets)."""
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

    def turn_page(self, search: "LibrarySearch", rows: list, size: int) -> None:
        """Keep one page of `rows` (`size`, read one too many) and make the cursors either side."""
        more = len(rows) > size
        page = rows[:size]
        search.start = self.start
        if self.backwards:
            page.reverse()
            search.start = max(0, self.start - len(page))
        if not page:
            return
        search.results = page
        first, last = page[0], page[-1]
        if more or self.backwards:
            position = search.start + len(page)
            search.next_cursor = encode_cursor(self.sort, self.key_of(last), last.pk, position)
        if search.start > 0:
            search.previous_cursor = encode_cursor(
                self.sort, self.key_of(first), first.pk, search.start
            )

    def key_of(self, row):
        return getattr(row, self.key)


def encode_cursor(sort: str, value, pk: int, position: int) -> str:
    text = json.dumps([sort, value, pk, position], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


# What a cursor may hold for each sort: values the database can compare without error.
CURSOR_VALUES = {
    # A rank is a real (4 bytes): the database refuses numbers too small or too large for one.
    "relevance": lambda v: type(v) in (int, float) and (v == 0 or 1e-37 <= v <= 1e30),
    "title": lambda v: type(v) is str and len(v) <= 300 and "\x00" not in v,
    "newest": lambda v: type(v) is int and 0 <= v <= 9999,
}


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
