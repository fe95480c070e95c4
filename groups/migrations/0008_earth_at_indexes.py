import django.contrib.postgres.indexes
from django.db import migrations

import groups.earth

# A wrapper of ll_to_earth that names the extensions' schemas itself. pg_restore builds indexes
# with an empty search path, and ll_to_earth's own body (earthdistance 1.1, PostgreSQL 15)
# refers to earth() and cube() unqualified, so an index on ll_to_earth(...) fails to restore.
CREATE_EARTH_AT = """
DO $do$
DECLARE
    earth_schema text := (SELECT extnamespace::regnamespace::text FROM pg_extension
                          WHERE extname = 'earthdistance');
    cube_schema text := (SELECT extnamespace::regnamespace::text FROM pg_extension
                         WHERE extname = 'cube');
BEGIN
    EXECUTE format(
        'CREATE FUNCTION earth_at(latitude double precision, longitude double precision) '
        'RETURNS %1$s.earth LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE '
        'SET search_path = %1$s, %2$s, pg_catalog '
        'AS $body$ SELECT %1$s.ll_to_earth(latitude, longitude) $body$',
        earth_schema, cube_schema
    );
END
$do$;
"""


class Migration(migrations.Migration):
    """Earth-distance indexes that survive dump and restore (see CREATE_EARTH_AT)."""

    dependencies = [
        ("groups", "0007_group_online_recent"),
    ]

    operations = [
        migrations.RunSQL(CREATE_EARTH_AT, "DROP FUNCTION earth_at(double precision, double precision)"),
        migrations.RemoveIndex(model_name="meetingplace", name="meeting_place_earth"),
        migrations.RemoveIndex(model_name="place", name="place_earth"),
        migrations.AddIndex(
            model_name="meetingplace",
            index=django.contrib.postgres.indexes.GistIndex(
                groups.earth.Earth("public_latitude", "public_longitude"),
                name="meeting_place_earth_at",
            ),
        ),
        migrations.AddIndex(
            model_name="place",
            index=django.contrib.postgres.indexes.GistIndex(
                groups.earth.Earth("latitude", "longitude"), name="place_earth_at"
            ),
        ),
    ]
