"""The table of the database cache, the default when no CACHE_URL names Redis (settings.CACHES).

Made whatever the cache setting is now, so a site can drop Redis later without a step of its own.
"""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "django_cache"


def create_table(apps, schema_editor) -> None:
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop_table(apps, schema_editor) -> None:
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("peersupport", "0004_text_limits_and_messages")]

    operations = [migrations.RunPython(create_table, drop_table)]
