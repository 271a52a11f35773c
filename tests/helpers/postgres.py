"""Dropping PostgreSQL databases of test runs without flakes."""
from __future__ import annotations

import time

import sqlalchemy as sa

# PostgreSQL refuses DROP DATABASE ... WITH (FORCE) while an autovacuum worker is on the database ("must be a member
# of the role whose process is being terminated"); the private test cluster runs without autovacuum
# (scripts/services.sh), and a cluster that does not is waited out here.
RETRIES = 8


def drop_database(admin: sa.Engine, name: str, retries: int = RETRIES) -> None:
    """DROP DATABASE IF EXISTS `name` WITH (FORCE), tried again (0.25 s, 0.5 s, ... up to 4 s apart) while PostgreSQL
    refuses because a process it may not end is on it."""
    for attempt in range(retries):
        try:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return
        except sa.exc.DBAPIError as error:
            if attempt == retries - 1 or not _transient(error):
                raise
            time.sleep(min(4.0, 0.25 * 2 ** attempt))


def _transient(error: sa.exc.DBAPIError) -> bool:
    text = str(error.orig)
    return "must be a member of the role whose process is being terminated" in text or \
        "is being accessed by other users" in text
