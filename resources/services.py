"""Keeping the library searchable: weighted search vectors and the vocabulary behind
"Did you mean …?".

Both are plain columns and tables filled by SQL here (not generated columns or expression
indexes), so a dump restores them as data, whatever the restoring server's search path.
"""

from collections.abc import Iterable

from django.db import connection, transaction

from resources.textsearch import config_sql, quoted_word_sql

# Each resource's words are stemmed in its own language (resources.textsearch).
CONFIG_SQL = config_sql("r.language")

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


# Broad searches (resources.search) rank the best matches of each common word instead of every
# match. A word is common when at least this many published resources use it.
COMMON_WORD_DOCUMENTS = 1000
TOP_MATCHES_PER_WORD = 250


# A stored word as a one-word query.
WORD_QUERY_SQL = f"({quoted_word_sql('u.lexeme')})::tsquery"
# Each word of each resource, with the rank a search for that word alone gives it.
WORD_RANKS_SQL = f"""
SELECT u.lexeme AS word, r.id AS resource_id,
       ts_rank(r.search_vector, {WORD_QUERY_SQL}) AS rank
FROM resources_resource AS r
CROSS JOIN LATERAL unnest(r.search_vector) AS u(lexeme, positions, weights)
WHERE r.status = 'published' AND length(u.lexeme) <= 200
"""  # noqa: S608 (constant text)

REFRESH_TOP_MATCHES_SQL = f"""
INSERT INTO resources_topmatch (word, resource_id, rank)
SELECT word, resource_id, rank FROM (
    SELECT ranked.*,
           row_number() OVER (PARTITION BY word ORDER BY rank DESC, resource_id) AS place
    FROM ({WORD_RANKS_SQL}) AS ranked
    WHERE ranked.word IN (
        SELECT word FROM ts_stat(
            'SELECT search_vector FROM resources_resource WHERE status = ''published'''
        ) WHERE ndoc >= %s
    )
) AS placed
WHERE place <= %s
"""  # noqa: S608 (constant text)

# A saved resource keeps or takes its place among the best matches of each common word it
# uses where it ranks at least as well as the lowest listed (measured before it moves), and
# leaves the other lists.
UPDATE_TOP_MATCHES_SQL = f"""
WITH ranked AS ({WORD_RANKS_SQL} AND r.id = ANY(%(ids)s)),
kept AS (
    INSERT INTO resources_topmatch (word, resource_id, rank)
    SELECT ranked.word, ranked.resource_id, ranked.rank
    FROM ranked
    JOIN LATERAL (
        SELECT min(t.rank) AS lowest FROM resources_topmatch AS t WHERE t.word = ranked.word
    ) AS listed ON listed.lowest IS NOT NULL
    WHERE ranked.rank >= listed.lowest
    ON CONFLICT (word, resource_id) DO UPDATE SET rank = excluded.rank
    RETURNING word, resource_id
)
DELETE FROM resources_topmatch AS t
WHERE t.resource_id = ANY(%(ids)s)
  AND NOT EXISTS (SELECT 1 FROM kept WHERE kept.word = t.word AND kept.resource_id = t.resource_id)
"""  # noqa: S608 (constant text; ids travel as parameters)


def refresh_top_matches() -> None:
    """Rebuild the best matches of every common word from the published library."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM resources_topmatch")
        cursor.execute(REFRESH_TOP_MATCHES_SQL, [COMMON_WORD_DOCUMENTS, TOP_MATCHES_PER_WORD])


def update_top_matches(*, resource_ids: Iterable[int]) -> None:
    """Put saved resources where they now belong among the best matches of common words.

    A word that has become common since the last `refresh_top_matches` gets its list then;
    until it does, a broad search ranks every match of it (resources.search.best_matches_q).
    """
    ids = [int(pk) for pk in resource_ids]
    if ids:
        with connection.cursor() as cursor:
            cursor.execute(UPDATE_TOP_MATCHES_SQL, {"ids": ids})
