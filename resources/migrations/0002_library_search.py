import django.contrib.postgres.indexes
import django.contrib.postgres.search
import django.db.models.functions.comparison
from django.db import migrations, models


# Accent-folding text search configurations: unaccent first, then the language's stemmer.
# They are ordinary database objects, so pg_dump writes them out (schema-qualified) and
# pg_restore recreates them before the data that was built with them.
CONFIGURATIONS = """
CREATE TEXT SEARCH CONFIGURATION library_english (COPY = pg_catalog.english);
ALTER TEXT SEARCH CONFIGURATION library_english
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;
CREATE TEXT SEARCH CONFIGURATION library_spanish (COPY = pg_catalog.spanish);
ALTER TEXT SEARCH CONFIGURATION library_spanish
    ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem;
"""
DROP_CONFIGURATIONS = """
DROP TEXT SEARCH CONFIGURATION IF EXISTS library_english;
DROP TEXT SEARCH CONFIGURATION IF EXISTS library_spanish;
"""

# Frozen copies of resources/services.py as it stood when this migration was written.
CONFIG = "CASE r.language WHEN 'es' THEN 'library_spanish' ELSE 'library_english' END::regconfig"
FILL = f"""
UPDATE resources_resource AS r
SET languages = CASE WHEN r.language = ANY(r.languages) THEN r.languages
                     ELSE array_prepend(r.language, r.languages) END,
    search_vector =
    setweight(to_tsvector({CONFIG}, r.title), 'A')
    || setweight(to_tsvector({CONFIG}, r.summary), 'B')
    || setweight(to_tsvector({CONFIG}, concat_ws(' ', r.publisher, r.authors, (
        SELECT string_agg(t.name, ' ')
        FROM resources_resource_topics AS rt
        JOIN resources_topic AS t ON t.id = rt.topic_id
        WHERE rt.resource_id = r.id
    ))), 'C');
INSERT INTO resources_libraryword (word, documents)
SELECT word, ndoc FROM ts_stat($$
    SELECT to_tsvector('simple', unaccent(concat_ws(' ', title, summary, publisher, authors)))
    FROM resources_resource WHERE status = 'published'
$$) WHERE length(word) BETWEEN 3 AND 100 AND word !~ '^[0-9]+$';
"""


class Migration(migrations.Migration):
    """Full-text search for the library: configurations, weighted vectors, a vocabulary."""

    dependencies = [
        ('resources', '0001_initial'),
        ('peersupport', '0002_extensions'),
    ]

    operations = [
        migrations.RunSQL(CONFIGURATIONS, DROP_CONFIGURATIONS),
        migrations.CreateModel(
            name='LibraryWord',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('word', models.CharField(max_length=100, unique=True)),
                ('documents', models.PositiveIntegerField(default=0)),
            ],
            options={
                'ordering': ['word'],
            },
        ),
        migrations.RemoveIndex(
            model_name='resource',
            name='resource_status_title',
        ),
        migrations.AddField(
            model_name='resource',
            name='search_vector',
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name='resource',
            index=models.Index(fields=['status', 'title', 'id'], name='resource_status_title'),
        ),
        migrations.AddIndex(
            model_name='resource',
            index=models.Index(django.db.models.functions.comparison.Coalesce('year', 0), models.F('id'), condition=models.Q(('status', 'published')), name='resource_newest'),
        ),
        migrations.AddIndex(
            model_name='resource',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_vector'], name='resource_search'),
        ),
        migrations.AddIndex(
            model_name='resource',
            index=django.contrib.postgres.indexes.GistIndex(fields=['title'], name='resource_title_trgm', opclasses=['gist_trgm_ops']),
        ),
        migrations.AddIndex(
            model_name='libraryword',
            index=django.contrib.postgres.indexes.GistIndex(fields=['word'], name='library_word_trgm', opclasses=['gist_trgm_ops']),
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]
