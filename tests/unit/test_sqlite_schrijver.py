"""SQLite: a background writer (the processing log's sequencer) takes the write lock when its transaction begins,
as a request does, so a commit by another connection in between cannot make its later write fail at once."""
import sqlite3
import threading

import sqlalchemy as sa

from portal import extensions  # noqa: F401  (registers the SQLite connect/begin recipe on every Engine)
from portal.extensions import schrijvend, schrijvende_thread


def _taken_at_begin(engine, path) -> bool:
    """Begin a transaction on `engine` in this thread and see whether another connection can take the write lock
    meanwhile."""
    with engine.connect() as connection:
        connection.begin()
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            other.close()


def _in_fresh_thread(path, run) -> list[bool]:
    """What `run(engine)` records, run in a fresh thread on a new engine of `path`."""
    engine = sa.create_engine(f"sqlite:///{path}")
    taken: list[bool] = []
    thread = threading.Thread(target=lambda: run(engine, taken))
    thread.start()
    thread.join()
    engine.dispose()
    return taken


def _lock_taken_at_begin(path, writer: bool) -> bool:
    """Begin a transaction in a fresh thread (marked as a writer or not): is the write lock taken meanwhile?"""
    def run(engine, taken):
        if writer:
            schrijvende_thread()
        taken.append(_taken_at_begin(engine, path))
    return _in_fresh_thread(path, run) == [True]


def test_a_thread_marked_as_writer_takes_the_write_lock_at_begin_outside_a_request(tmp_path):
    path = tmp_path / "schrijver.db"
    sqlite3.connect(path).close()
    assert _lock_taken_at_begin(path, writer=True)


def test_an_unmarked_thread_outside_a_request_begins_deferred(tmp_path):
    path = tmp_path / "lezer.db"
    sqlite3.connect(path).close()
    assert not _lock_taken_at_begin(path, writer=False)


def test_inside_schrijvend_a_thread_takes_the_write_lock_at_begin_and_afterwards_begins_deferred_again(tmp_path):
    path = tmp_path / "blok.db"
    sqlite3.connect(path).close()

    def run(engine, taken):
        with schrijvend():
            taken.append(_taken_at_begin(engine, path))
        taken.append(_taken_at_begin(engine, path))

    assert _in_fresh_thread(path, run) == [True, False]
