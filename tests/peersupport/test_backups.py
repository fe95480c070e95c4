"""A restore drill: back up, restore into a fresh database, and find every row and index
there, the searches working (their configurations and extensions rebuilt by pg_restore)."""

from pathlib import Path

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from lists import services as lists
from peersupport import backups
from resources.models import Resource
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

# Every index by name, with whether it is unique and ready to use (pg_restore rebuilds each from
# its definition, which PostgreSQL may then print with its casts spelled differently).
INDEXES = """
    SELECT t.relname, i.relname, x.indisunique, x.indisvalid
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    WHERE n.nspname = 'public'
"""


def row_counts(db: psycopg.Connection) -> dict[str, int]:
    tables = [
        row[0]
        for row in db.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
    ]
    return {table: db.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}


@pytest.fixture
def drill_database():
    name = connection.settings_dict["NAME"] + "_drill"
    yield name
    with backups.admin_connection() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restores_into_a_fresh_database_with_every_row_index_and_search(
    tmp_path, drill_database, alice
):
    factories.make_place()  # rows in the earth-distance indexes, which pg_restore recomputes
    factories.make_gazetteer_place()
    factories.make_resource(title="Violencia domestica", language="es", summary="Apoyo.")
    factories.make_resource(title="Cafe conversations", summary="Peer support over coffee.")
    saved = lists.create_list(owner=alice, name="Clients")
    lists.save_to_lists(lists=[saved], resource=Resource.objects.first(), group=None, note="n")
    dump = tmp_path / "drill.dump"

    call_command("backup", output=dump)
    call_command("restore", str(dump), into=drill_database)

    with (
        backups.connect(connection.settings_dict["NAME"]) as source,
        backups.connect(drill_database) as copy,
    ):
        assert row_counts(copy) == row_counts(source)
        assert sorted(copy.execute(INDEXES).fetchall()) == sorted(
            source.execute(INDEXES).fetchall()
        )
        found = copy.execute(
            "SELECT title FROM resources_resource"
            " WHERE search_vector @@ websearch_to_tsquery('library_spanish', %s)",
            ["violencia doméstica"],
        ).fetchall()
        folded = copy.execute("SELECT to_tsvector('library_english', 'Café')::text").fetchone()
        near = copy.execute(
            "SELECT count(*) FROM groups_place"
            " WHERE earth_box(earth_at(33.75, -84.39), 50000) @> earth_at(latitude, longitude)"
        ).fetchone()
    assert found == [("Violencia domestica",)]
    assert folded == ("'cafe':1",)
    assert near == (1,)


def test_a_restore_over_a_database_with_tables_is_refused_without_replace(tmp_path, drill_database):
    factories.make_resource(title="Kept")
    dump = tmp_path / "drill.dump"
    call_command("backup", output=dump)
    call_command("restore", str(dump), into=drill_database)
    with pytest.raises(CommandError, match="already holds"):
        call_command("restore", str(dump), into=drill_database)
    call_command("restore", str(dump), into=drill_database, replace=True)
    with backups.connect(drill_database) as copy:
        assert copy.execute("SELECT title FROM resources_resource").fetchall() == [("Kept",)]


def test_a_restore_stops_at_the_first_error(tmp_path, drill_database):
    broken = tmp_path / "broken.dump"
    broken.write_bytes(b"PGDMP this is not a dump")
    with pytest.raises(CommandError):
        call_command("restore", str(broken), into=drill_database)
    with pytest.raises(CommandError, match="No dump"):
        call_command("restore", str(Path(tmp_path) / "missing.dump"), into=drill_database)
