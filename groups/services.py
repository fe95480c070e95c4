"""Writes that keep group listings consistent."""

from collections.abc import Iterable

from django.db import connection

# Times of day as search offers them: morning before noon, afternoon until 5 pm, evening after.
TIMES_OF_DAY = {
    "morning": "Morning (before 12 noon)",
    "afternoon": "Afternoon (12 to 5 pm)",
    "evening": "Evening (after 5 pm)",
}
ACCESS_FEATURES = {
    "step_free_access": "Step-free access",
    "accessible_restroom": "Accessible restroom",
    "parking": "Parking",
    "near_transit": "Near public transit",
}

REFRESH_SQL = """
UPDATE groups_supportgroup AS g
SET meeting_days = s.days, meeting_times = s.times, access_features = s.access
FROM (
    SELECT g2.id,
        COALESCE(array_agg(DISTINCT m.weekday) FILTER (WHERE m.id IS NOT NULL), '{}') AS days,
        COALESCE(array_agg(DISTINCT CASE
            WHEN m.start_time < '12:00' THEN 'morning'
            WHEN m.start_time < '17:00' THEN 'afternoon'
            ELSE 'evening' END) FILTER (WHERE m.id IS NOT NULL), '{}') AS times,
        array_remove(ARRAY[
            CASE WHEN bool_or(p.step_free_access) THEN 'step_free_access' END,
            CASE WHEN bool_or(p.accessible_restroom) THEN 'accessible_restroom' END,
            CASE WHEN bool_or(p.parking) THEN 'parking' END,
            CASE WHEN bool_or(p.near_transit) THEN 'near_transit' END
        ], NULL)::varchar[] AS access
    FROM groups_supportgroup AS g2
    LEFT JOIN groups_meeting AS m ON m.group_id = g2.id
    LEFT JOIN groups_meetingplace AS p ON p.id = m.place_id
    WHERE %(every)s OR g2.id = ANY(%(ids)s)
    GROUP BY g2.id
) AS s
WHERE g.id = s.id
"""


CATEGORIES_SQL = """
UPDATE groups_supportgroup AS g
SET category_slugs = COALESCE(s.slugs, '{}'), is_separated = COALESCE(s.separated, false)
FROM (
    SELECT g2.id,
        array_agg(c.slug ORDER BY c.slug) FILTER (WHERE c.id IS NOT NULL)::varchar[] AS slugs,
        bool_or(c.is_separated) AS separated
    FROM groups_supportgroup AS g2
    LEFT JOIN groups_supportgroup_categories AS link ON link.supportgroup_id = g2.id
    LEFT JOIN groups_category AS c ON c.id = link.category_id
    WHERE %(every)s OR g2.id = ANY(%(ids)s)
    GROUP BY g2.id
) AS s
WHERE g.id = s.id
"""


def refresh_categories(*, group_ids: Iterable[int] | None = None) -> None:
    """Copy each group's category slugs, and whether any is separated, onto the group.

    Search filters and counts categories from these, and leaves separated programs out
    unless their category is chosen (docs/safety.md, rule 7).
    """
    ids = list(group_ids) if group_ids is not None else []
    with connection.cursor() as cursor:
        cursor.execute(CATEGORIES_SQL, {"every": group_ids is None, "ids": ids})


# Where each listing is found by distance: its meetings' places and its own place.
LISTING_PLACES_DELETE_SQL = (
    "DELETE FROM groups_listingplace WHERE %(every)s OR listing_id = ANY(%(ids)s)"
)
LISTING_PLACES_SQL = """
INSERT INTO groups_listingplace (listing_id, place_id)
SELECT m.group_id, m.place_id FROM groups_meeting AS m
WHERE m.place_id IS NOT NULL AND (%(every)s OR m.group_id = ANY(%(ids)s))
UNION
SELECT g.id, g.place_id FROM groups_supportgroup AS g
WHERE g.place_id IS NOT NULL AND (%(every)s OR g.id = ANY(%(ids)s))
"""


def refresh_listing_places(*, group_ids: Iterable[int] | None = None) -> None:
    """Write again where these listings (or, with nothing passed, all) are found by distance:
    groups.models.ListingPlace."""
    params = {"every": group_ids is None, "ids": list(group_ids or [])}
    with connection.cursor() as cursor:
        cursor.execute(LISTING_PLACES_DELETE_SQL, params)
        cursor.execute(LISTING_PLACES_SQL, params)


def refresh_meeting_summaries(*, group_ids: Iterable[int] | None = None) -> None:
    """Recompute the meeting days, times of day and access features search filters on, and
    the places each listing is found at by distance (refresh_listing_places).

    Pass the listings whose meetings or places changed, or nothing to refresh every one
    (after bulk loads, which skip the signals that normally call this).
    """
    ids = list(group_ids) if group_ids is not None else []
    with connection.cursor() as cursor:
        cursor.execute(REFRESH_SQL, {"every": group_ids is None, "ids": ids})
    refresh_listing_places(group_ids=group_ids)
