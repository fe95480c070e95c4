from django.db import migrations, models

import resources.models

# lower(unaccent(title)) as an immutable function: unaccent() itself is only stable, since its
# dictionary could change, and an index needs immutable. The extension's schema is named, as
# pg_restore builds indexes with an empty search path.
CREATE_TITLE_KEY = """
DO $do$
DECLARE
    unaccent_schema text := (SELECT extnamespace::regnamespace::text FROM pg_extension
                             WHERE extname = 'unaccent');
BEGIN
    EXECUTE format(
        'CREATE FUNCTION library_title_key(title text) RETURNS text '
        'LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE '
        'SET search_path = %1$s, pg_catalog '
        'AS $body$ SELECT lower(%1$s.unaccent(%2$L::regdictionary, title)) $body$',
        unaccent_schema, unaccent_schema || '.unaccent'
    );
END
$do$;
"""


class Migration(migrations.Migration):
    """Title order that ignores accents as well as case (see CREATE_TITLE_KEY)."""

    dependencies = [
        ("resources", "0005_title_order"),
    ]

    operations = [
        migrations.RunSQL(CREATE_TITLE_KEY, "DROP FUNCTION library_title_key(text)"),
        migrations.RemoveIndex(model_name="resource", name="resource_title_order"),
        migrations.AddIndex(
            model_name="resource",
            index=models.Index(
                resources.models.TitleKey("title"),
                models.F("id"),
                condition=models.Q(("status", "published")),
                name="resource_title_order",
            ),
        ),
    ]
