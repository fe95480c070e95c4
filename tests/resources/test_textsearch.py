"""How the library reads words (resources.textsearch): stored words stay whole words."""

import pytest
from django.db import connection

from resources.related import related_resources
from resources.textsearch import any_word_of_sql, quoted_word_sql

pytestmark = pytest.mark.django_db

# Words as a search vector may hold them: with a quote, with a backslash, plain.
AWKWARD = ["it's", "a\\b", "plain", "o''neil"]
EMPTY_VECTOR = "''::tsvector"


def test_a_quoted_stored_word_reads_back_as_that_one_word():
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT array_agg(q::text ORDER BY w) FROM unnest(%s::text[]) AS w,"
            f" LATERAL (SELECT ({quoted_word_sql('w')})::tsquery AS q) AS quoted",
            [AWKWARD],
        )
        (queries,) = cursor.fetchone()
    # One lexeme each, shown in tsquery's own quoting: no phrase, no stray word.
    assert queries == ["'a\\\\b'", "'it''s'", "'o''''neil'", "'plain'"]


def test_any_word_of_a_vector_is_each_stored_word_and_nothing_else():
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT querytree({any_word_of_sql('v')}) FROM array_to_tsvector(%s) AS v",
            [AWKWARD],
        )
        (query,) = cursor.fetchone()
    assert query == "'a\\\\b' | 'it''s' | 'o''''neil' | 'plain'"


def test_any_word_of_an_empty_vector_matches_nothing():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT numnode({any_word_of_sql(EMPTY_VECTOR)})")
        assert cursor.fetchone() == (0,)


def test_a_shared_address_with_an_apostrophe_makes_resources_related(make_resource):
    shown = make_resource(kind="toolkit", summary="Notes from x.com/it's about safety.")
    # Earlier, so it would come first on a tie: only the shared word can put the other ahead.
    unrelated = make_resource(kind="toolkit", summary="Something else entirely.")
    sharing = make_resource(kind="toolkit", summary="More from x.com/it's for advocates.")
    assert [r.pk for r in related_resources(shown)] == [sharing.pk, unrelated.pk]
