"""Extensions, created unbound; create_app binds them to the application."""
import logging
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from flask import current_app, has_app_context, has_request_context
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_security import Security
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import Engine, MetaData, event
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
security = Security()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


@event.listens_for(Engine, "connect")
def _sqlite_connect(dbapi_connection, _record) -> None:
    """SQLite: enforce foreign keys, and let SQLAlchemy own transactions so SAVEPOINTs work (pysqlite recipe)."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection) -> None:
    """SQLite: a request's transaction takes the write lock when it begins (BEGIN IMMEDIATE). Nearly every request
    writes (a read of trajectory data logs the read), and a deferred transaction that read first cannot upgrade to a
    writer once another writer committed: SQLite then fails at once with "database is locked", busy_timeout or not.
    Taken at BEGIN, the lock is waited for (busy_timeout), so concurrent requests queue instead of failing. Outside a
    request (CLI commands, migrations, maintenance) transactions stay deferred: a long `portal import` reads and
    checks without holding the lock, and connections that only read are never blocked (WAL)."""
    if connection.dialect.name == "sqlite":
        immediate = has_request_context() or getattr(_schrijver, "aan", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


_schrijver = threading.local()


def schrijvende_thread() -> None:
    """SQLite: this thread's transactions take the write lock at BEGIN, as a request's do. For a background writer
    that reads and then writes in one transaction (the processing log's sequencer), which a deferred BEGIN would
    let fail at once with "database is locked" whenever a request committed in between."""
    _schrijver.aan = True


@contextmanager
def schrijvend() -> Iterator[None]:
    """SQLite: the transactions this thread begins inside the block take the write lock at BEGIN, as a request's
    do; afterwards as before. For work outside a request that reads and then writes while a server writes to the
    same database (a live test server's requests and its sequencer)."""
    vorige = getattr(_schrijver, "aan", False)
    _schrijver.aan = True
    try:
        yield
    finally:
        _schrijver.aan = vorige


CONNECT_RETRY_SECONDS = 15.0  # default of DB_CONNECT_RETRY_SECONDS


@event.listens_for(Engine, "do_connect")
def _connect_with_retry(dialect, _record, cargs, cparams):
    """PostgreSQL: a new connection that is refused (the server restarts, a managed failover moves the address) is
    tried again for up to DB_CONNECT_RETRY_SECONDS (default 15), so a request in that window waits instead of
    failing with a 500. With pool_pre_ping (portal/__init__.py), pooled connections that a restart broke are
    replaced at checkout."""
    if dialect.name != "postgresql":
        return None
    seconds = CONNECT_RETRY_SECONDS
    if has_app_context():
        seconds = float(current_app.config.get("DB_CONNECT_RETRY_SECONDS", CONNECT_RETRY_SECONDS))
    deadline, pause = time.monotonic() + seconds, 0.1
    while True:
        try:
            return dialect.connect(*cargs, **cparams)
        except dialect.loaded_dbapi.OperationalError as error:
            if time.monotonic() + pause > deadline or any(
                    permanent in str(error) for permanent in ("authentication failed", "does not exist")):
                raise
            logging.getLogger(__name__).warning("database refuses connections; retrying in %.1f s", pause)
            time.sleep(pause)
            pause = min(pause * 2, 1.0)
