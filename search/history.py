"""Every change to a listing, a resource and what they are made of is kept in the database
(django-pghistory): a trigger writes the row as it became, with who made the change and on
which page, so admin edits, bulk updates and imports are all recorded alike.

Columns the site works out for itself (search vectors, summaries for the finder) and
`updated_at` are left out: they are not anyone's change, and they follow from the rest.
"""

import pghistory

UNTRACKED = ["updated_at", "search_vector"]


def tracked(*, exclude: tuple[str, ...] = ()):
    """A class decorator that records each insert, update (of a tracked column) and delete."""
    return pghistory.track(
        pghistory.InsertEvent("insert"),
        pghistory.UpdateEvent("update"),
        pghistory.DeleteEvent("delete"),
        exclude=[*UNTRACKED, *exclude],
    )
