"""Did you mean …? Words the library never uses are swapped for the nearest word it does use.

The vocabulary is resources_libraryword (kept by resources.services), with a trigram index
that hands over the nearest words first.
"""

import re

from django.db import connection

# A misspelt word is swapped for the nearest library word at least this similar.
SUGGEST_SIMILARITY = 0.25


def suggest(keywords: str) -> str:
    """The search with each word the library never uses replaced by its nearest library word,
    or "" when every word is known (or nothing near enough is)."""
    words = re.findall(r"[^\W\d_]{3,}", keywords)
    if not words:
        return ""
    with connection.cursor() as cursor:
        # The trigram index hands over the nearest words directly (<-> is its distance);
        # the typing distance then picks among them, since trigrams forgive swapped letters
        # poorly ("saftey").
        cursor.execute(
            """
            SELECT typed.word, folded.word, known.word IS NOT NULL, near.word, near.documents
            FROM unnest(%s::text[]) AS typed(word)
            CROSS JOIN LATERAL (SELECT unaccent(lower(typed.word)) AS word) AS folded
            LEFT JOIN resources_libraryword AS known ON known.word = folded.word
            LEFT JOIN LATERAL (
                SELECT w.word, w.documents
                FROM resources_libraryword AS w
                WHERE similarity(w.word, folded.word) >= %s
                ORDER BY w.word <-> folded.word
                LIMIT 5
            ) AS near ON NOT (known.word IS NOT NULL)
            """,
            [words, SUGGEST_SIMILARITY],
        )
        found = cursor.fetchall()
    candidates: dict[str, list[tuple[int, int, str]]] = {}
    for typed, folded, known, near, documents in found:
        if not known and near:
            rank = (typing_distance(folded, near), -documents, near)
            candidates.setdefault(typed, []).append(rank)
    replacements = {
        typed: min(ranks)[2]
        for typed, ranks in candidates.items()
        if min(ranks)[0] <= max(1, len(typed) // 3)
    }
    if not replacements:
        return ""
    return re.sub(r"[^\W\d_]{3,}", lambda m: replacements.get(m.group(0), m.group(0)), keywords)


def typing_distance(a: str, b: str) -> int:
    """Edits between two words, counting a swap of neighbouring letters as one edit."""
    previous2, previous = [], list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            best = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                best = min(best, previous2[j - 2] + 1)
            current.append(best)
        previous2, previous = previous, current
    return previous[-1]
