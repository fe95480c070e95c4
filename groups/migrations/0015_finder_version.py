"""A version number for what the finder's browsing index reads (groups.browsing).

Any statement that changes the groups or their meetings moves it on, in the same transaction,
so a process sees the new number exactly when it can see the change. The numbers come from a
sequence, which never hands one out twice: a change that is rolled back leaves the row at the
number that went with the data as it is again.
"""

from django.db import migrations

TABLES = ["groups_supportgroup", "groups_meeting"]

FORWARD = [
    "CREATE SEQUENCE groups_finder_version_seq",
    """
    CREATE TABLE groups_finder_version (
        one_row boolean PRIMARY KEY DEFAULT true CHECK (one_row),
        version bigint NOT NULL
    )
    """,
    "INSERT INTO groups_finder_version (version) VALUES (nextval('groups_finder_version_seq'))",
    """
    CREATE FUNCTION groups_finder_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE groups_finder_version SET version = nextval('groups_finder_version_seq');
        RETURN NULL;
    END
    $$
    """,
    *(
        f"CREATE TRIGGER {table}_finder_changed"
        f" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}"
        " FOR EACH STATEMENT EXECUTE FUNCTION groups_finder_changed()"
        for table in TABLES
    ),
]
BACKWARD = [
    *(f"DROP TRIGGER {table}_finder_changed ON {table}" for table in TABLES),
    "DROP FUNCTION groups_finder_changed()",
    "DROP TABLE groups_finder_version",
    "DROP SEQUENCE groups_finder_version_seq",
]


class Migration(migrations.Migration):
    dependencies = [("groups", "0014_listing_pages")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
