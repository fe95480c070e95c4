"""Resources related to one another: sharing topics first, then closest in wording."""

from django.db import connection

from resources.models import Resource
from resources.textsearch import any_word_of_sql

RELATED = 5
# How many resources sharing a topic, and how many of the same type, are weighed: the first
# found, in no particular order. Bounding the candidates keeps the page as fast with 200,000
# entries as with 200; a curated library's topics are usually smaller than this anyway.
CANDIDATES = 150

# Wording: how well each candidate's search vector answers "any word of this resource".
RELATED_SQL = f"""
WITH me AS MATERIALIZED (  -- its words are worked out once, not for every candidate
    SELECT r.id, r.topic_slugs,
           {any_word_of_sql("r.search_vector")} AS words
    FROM resources_resource AS r
    WHERE r.id = %(id)s
),
candidates AS (
    (SELECT filed.resource_id AS id
     FROM resources_resource_topics AS mine
     JOIN resources_resource_topics AS filed ON filed.topic_id = mine.topic_id
     WHERE mine.resource_id = %(id)s AND filed.resource_id <> %(id)s
     LIMIT %(candidates)s)
    UNION
    (SELECT r.id FROM resources_resource AS r
     WHERE r.kind = %(kind)s AND r.status = 'published' AND r.id <> %(id)s
     LIMIT %(candidates)s)
)
SELECT r.id
FROM candidates JOIN resources_resource AS r ON r.id = candidates.id, me
WHERE r.status = 'published'
ORDER BY cardinality(ARRAY(
             SELECT unnest(r.topic_slugs) INTERSECT SELECT unnest(me.topic_slugs)
         )) DESC,
         ts_rank(r.search_vector, me.words) DESC,
         r.id
LIMIT %(related)s
"""  # noqa: S608 (constant text; values travel as parameters)


def related_resources(resource: Resource) -> list[Resource]:
    """Up to five published resources: most shared topics first, then the closest wording."""
    with connection.cursor() as cursor:
        cursor.execute(
            RELATED_SQL,
            # The type as a value, not read from the row: the planner then knows how common it
            # is, and finds a rare type's few resources through the index instead of scanning.
            {
                "id": resource.pk,
                "kind": resource.kind,
                "candidates": CANDIDATES,
                "related": RELATED,
            },
        )
        ids = [row[0] for row in cursor.fetchall()]
    found = (
        Resource.objects.filter(pk__any_of=ids)
        .only("title", "slug", "kind", "year", "publisher", "language")
        .in_bulk()
    )
    return [found[pk] for pk in ids if pk in found]
