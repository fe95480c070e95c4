"""How the library reads words, spelled once for every query that needs it.

Each resource is read in its own language: Spanish resources by the Spanish text search
configuration, every other one by the English one (both made by migration resources 0002:
the language's stemmer after accent folding). Search vectors, searches, ranks and marked
snippets all follow this one rule.
"""

from django.db.models import BooleanField, FloatField, Q, TextField

from search.choices import Language
from search.sql import RowSql

SPANISH = "library_spanish"
ENGLISH = "library_english"


def by_language(language_sql: str, spanish: str, english: str) -> str:
    """SQL choosing `spanish` for a Spanish resource and `english` for any other, by the
    language column `language_sql`."""
    return f"CASE {language_sql} WHEN '{Language.SPANISH.value}' THEN {spanish} ELSE {english} END"


def config_sql(language_sql: str) -> str:
    """The configuration a resource is read by, from its language column."""
    return by_language(language_sql, f"'{SPANISH}'::regconfig", f"'{ENGLISH}'::regconfig")


def each_in_its_language(english: Q, spanish: Q) -> Q:
    """The Spanish condition for Spanish resources, the English one for every other."""
    spanish_resource = Q(language=Language.SPANISH)
    return (spanish_resource & spanish) | (~spanish_resource & english)


# A search as a resource's language reads it: the words travel twice, as parameters.
QUERY_SQL = by_language(
    "{language}",
    f"websearch_to_tsquery('{SPANISH}', %s)",
    f"websearch_to_tsquery('{ENGLISH}', %s)",
)
COLUMNS = {"language": "language", "search_vector": "search_vector"}


def rank(keywords: str) -> RowSql:
    """How well each resource answers the search (ts_rank), read in its language."""
    return RowSql(
        f"ts_rank({{search_vector}}, {QUERY_SQL})",
        [keywords, keywords],
        columns=COLUMNS,
        output_field=FloatField(),
    )


def headline(column: str, keywords: str, options: str) -> RowSql:
    """The text of `column` with the words the search matched marked (ts_headline)."""
    return RowSql(
        f"ts_headline({config_sql('{language}')}, {{text}}, {QUERY_SQL}, %s)",
        [keywords, keywords, options],
        columns={"language": "language", "text": column},
        output_field=TextField(),
    )


def matches_query(query: dict[str, str]) -> Q:
    """Resources whose words answer a ready-made query (tsquery text) in their language:
    `query` holds the English and the Spanish one."""

    def answers(text: str) -> Q:
        return Q(
            RowSql(
                "{search_vector} @@ %s::tsquery",
                [text],
                columns={"search_vector": "search_vector"},
                output_field=BooleanField(),
            )
        )

    return each_in_its_language(answers(query["english"]), answers(query["spanish"]))


def quoted_word_sql(column: str) -> str:
    """SQL that quotes a stored word (the text in `column`) as a query's text quotes one, so
    that a word holding a quote or a backslash stays one word."""
    return f"'''' || replace(replace({column}, '\\', '\\\\'), '''', '''''') || ''''"


def any_word_of_sql(vector_sql: str) -> str:
    """SQL for a query that any word of the search vector `vector_sql` answers, each word as
    it is stored (already stemmed, so read by no configuration)."""
    words = f"unnest(tsvector_to_array({vector_sql})) AS word"
    any_word = f"string_agg({quoted_word_sql('word')}, ' | ')::tsquery"
    return f"coalesce((SELECT {any_word} FROM {words}), ''::tsquery)"  # noqa: S608
