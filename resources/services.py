"""Keeping the library searchable: weighted search vectors and the vocabulary behind
"Did you mean …?".

Both are plain columns and tables filled by SQL here (not generated columns or expression
indexes), so a dump restores them as data, whatever the restoring server's search path.
"""

from collections.abc import Iterable

from django.db import connection

# The text search configurations made by migration resources 0002: the language's stemmer
# after accent folding. Spanish resources are stemmed as Spanish; everything else as English.
SEARCH_CONFIGS = {"es": "library_spanish"}
DEFAULT_SEARCH_CONFIG = "library_english"

CONFIG_SQL = (
    "CASE r.language WHEN 'es' THEN 'library_spanish' ELSE 'library_english' END::regconfig"
)

REFRESH_VECTORS_SQL = f"""
UPDATE resources_resource AS r
SET topic_slugs = filed.slugs,
    search_vector =
    setweight(to_tsvector({CONFIG_SQL}, r.title), 'A')
    || setweight(to_tsvector({CONFIG_SQL}, r.summary), 'B')
    || setweight(
        to_tsvector({CONFIG_SQL}, concat_ws(' ', r.publisher, r.authors, filed.names)), 'C'
    )
FROM resources_resource AS same
CROSS JOIN LATERAL (
    SELECT coalesce(array_agg(t.slug ORDER BY t.slug), '{{}}') AS slugs,
           string_agg(t.name, ' ') AS names
    FROM resources_resource_topics AS rt
    JOIN resources_topic AS t ON t.id = rt.topic_id
    WHERE rt.resource_id = same.id
) AS filed
WHERE same.id = r.id
"""  # noqa: S608 (constant text; ids travel as parameters)

# Words as people type them: lower case, accents folded, not stemmed. ts_stat counts the
# documents each word appears in, which ranks suggestions.
WORDS_SQL = """
SELECT word, ndoc FROM ts_stat($$
    SELECT to_tsvector('simple', unaccent(concat_ws(' ', r.title, r.summary, r.publisher,
        r.authors, (SELECT string_agg(t.name, ' ') FROM resources_resource_topics AS rt
                    JOIN resources_topic AS t ON t.id = rt.topic_id WHERE rt.resource_id = r.id))))
    FROM resources_resource AS r WHERE r.status = 'published' {where}
$$) WHERE length(word) BETWEEN 3 AND 100 AND word !~ '^[0-9]+$'
"""


def refresh_search_vectors(*, resource_ids: Iterable[int] | None = None) -> None:
    """Rebuild the search vector of these resources (all of them when no ids are given)."""
    with connection.cursor() as cursor:
        if resource_ids is None:
            cursor.execute(REFRESH_VECTORS_SQL)
        else:
            cursor.execute(REFRESH_VECTORS_SQL + " AND r.id = ANY(%s)", [list(resource_ids)])


def refresh_library_words() -> None:
    """Rebuild the whole vocabulary from the published library."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM resources_libraryword")
        cursor.execute(
            "INSERT INTO resources_libraryword (word, documents) " + WORDS_SQL.format(where="")
        )


def add_library_words(*, resource_ids: Iterable[int]) -> None:
    """Add the words of newly saved resources to the vocabulary.

    Counts and words that have gone are put right by the next `refresh_library_words`
    (`manage.py refresh_library`); a new word is what a suggestion most needs at once.
    """
    ids = ",".join(str(int(pk)) for pk in resource_ids)
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO resources_libraryword (word, documents) "
            + WORDS_SQL.format(where=f"AND r.id IN ({ids})")
            + " ON CONFLICT (word) DO NOTHING"
        )
