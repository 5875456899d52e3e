"""Backup and restore with scripts/backup and scripts/restore: restoring into an empty database
gives the same directory."""

import shutil
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.db import connection

from tests.web_process import database_url

ROOT = Path(__file__).resolve().parent.parent


def directory_rows(dsn):
    """Every row of every directory table (and the M2M tables), in a stable order."""
    tables = sorted(
        {model._meta.db_table for model in apps.get_app_config("directory").get_models()}
        | {
            field.remote_field.through._meta.db_table
            for model in apps.get_app_config("directory").get_models()
            for field in model._meta.local_many_to_many
        }
    )
    with psycopg.connect(dsn) as conn:
        return {
            table: conn.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()
            for table in tables
        }


@pytest.fixture
def empty_database():
    name = f"{connection.settings_dict['NAME']}_restore"
    with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield database_url(name)
    with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.skipif(not shutil.which("pg_dump"), reason="PostgreSQL client tools not installed")
@pytest.mark.django_db(transaction=True)
def test_restoring_a_backup_into_an_empty_database_gives_the_same_directory(
    demo_data, empty_database, tmp_path
):
    if connection.vendor != "postgresql":
        pytest.skip("backup scripts are for PostgreSQL")
    source = database_url(connection.settings_dict["NAME"])
    backup_file = tmp_path / "wegwijs.dump"

    subprocess.run(
        [ROOT / "scripts/backup", backup_file],
        env={"DATABASE_URL": source, "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [ROOT / "scripts/restore", backup_file],
        env={"DATABASE_URL": empty_database, "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
    )

    restored = directory_rows(empty_database)
    assert restored == directory_rows(source)
    assert len(restored["directory_service"]) >= 25
