"""Concurrent appends to the processing log: writers on several connections take no lock across their work, several
sequencers chain their actions without queueing, and the chain verifies."""
import threading

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from portal import create_app, verwerkingslog
from portal.codes import Actie, Activiteit
from portal.extensions import db
from portal.models import Verwerkingsactie, VerwerktObject
from tests.conftest import make_database_url

WRITERS, ROUNDS = 6, 8


@pytest.fixture(scope="module")
def log_app(backend, tmp_path_factory):
    app = create_app({"DATABASE_URL": make_database_url(backend, tmp_path_factory, "loggelijktijdig"),
                      "TESTING": True, "SECRET_KEY": "test-secret", "LOGIN_RATE_LIMIT": "100000 per minute"})
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


def run(app, work) -> threading.Thread:
    """`work` in a thread with its own app context and connection; in a request context, as the app's writers run
    (on SQLite a request's transaction takes the write lock at BEGIN)."""
    errors = []

    def target():
        with app.test_request_context():
            try:
                work()
            except BaseException as error:  # noqa: BLE001 (re-raised in the test)
                errors.append(error)
            finally:
                db.session.remove()

    thread = threading.Thread(target=target)
    thread.errors = errors
    thread.start()
    return thread


def test_concurrent_writers_and_sequencers_leave_one_chain_that_verifies(log_app, backend):
    def writer(number: int):
        def work():
            for round_ in range(ROUNDS):
                verwerkingslog.record(verwerkingslog.Actor(f"schrijver{number}@x.nl", "GM0001"), Actie.lezen,
                                      Activiteit.signalering_regie,
                                      [(f"T{number:03d}-{round_:04d}-{k}", "GM0001") for k in range(5)])
                db.session.commit()
                if round_ % 3 == number % 3:  # now and then this connection also runs the sequencer
                    verwerkingslog.seal(wachten=False)
                    db.session.commit()
        return work

    threads = [run(log_app, writer(n)) for n in range(WRITERS)]
    for thread in threads:
        thread.join(120)
        assert not thread.is_alive() and not thread.errors, thread.errors

    with log_app.app_context():
        result = verwerkingslog.verify()
        db.session.commit()
        assert result.ok and result.checked == WRITERS * ROUNDS and not result.warnings[1:], result
        numbers = db.session.scalars(sa.select(Verwerkingsactie.volgnummer).order_by(Verwerkingsactie.volgnummer))
        assert list(numbers) == list(range(1, WRITERS * ROUNDS + 1))
        assert db.session.scalar(sa.select(sa.func.count()).select_from(VerwerktObject)) == WRITERS * ROUNDS * 5
        db.session.remove()


@pytest.fixture(scope="module")
def pg_log_app(tmp_path_factory):
    """PostgreSQL only, by construction rather than by a skip: SQLite serialises writers by design (a request holds
    the database's write lock), so the property below is PostgreSQL's."""
    app = create_app({"DATABASE_URL": make_database_url("postgresql", tmp_path_factory, "lognolock"),
                      "TESTING": True, "SECRET_KEY": "test-secret", "LOGIN_RATE_LIMIT": "100000 per minute"})
    with app.app_context():
        upgrade()
    yield app
    with app.app_context():
        db.engine.dispose()


def test_on_postgresql_a_writer_holds_no_lock_while_its_transaction_is_open(pg_log_app):
    log_app = pg_log_app
    logged, release = threading.Event(), threading.Event()

    def slow():  # logs first, then goes on with the rest of its request
        verwerkingslog.record(None, Actie.lezen, Activiteit.signalering_regie, [("LANG-ZAAM-1", "GM0001")])
        logged.set()
        release.wait(60)
        db.session.commit()

    def quick():
        verwerkingslog.record(None, Actie.lezen, Activiteit.signalering_regie, [("SNEL-SNEL-1", "GM0001")])
        db.session.commit()
        assert verwerkingslog.seal(wachten=False) >= 1
        db.session.commit()

    first = run(log_app, slow)
    assert logged.wait(60)
    second = run(log_app, quick)
    second.join(30)
    finished = not second.is_alive()
    release.set()
    first.join(60)
    assert finished and not second.errors and not first.errors, (second.errors, first.errors)
    with log_app.app_context():
        result = verwerkingslog.verify()
        db.session.commit()
        assert result.ok, result
        chained = db.session.scalars(sa.select(VerwerktObject.traject_id).join(
            Verwerkingsactie, Verwerkingsactie.id == VerwerktObject.actie_id)
            .where(VerwerktObject.traject_id.in_(["LANG-ZAAM-1", "SNEL-SNEL-1"]))
            .order_by(Verwerkingsactie.volgnummer)).all()
        assert chained == ["SNEL-SNEL-1", "LANG-ZAAM-1"]  # the chain follows the commits
        db.session.remove()


def test_outside_tests_the_sequencer_of_the_process_chains_committed_actions_by_itself(log_app, backend):
    log_app.testing, log_app.config["LOG_SEAL_INTERVAL"] = False, 0.1
    try:
        def work():
            verwerkingslog.record(None, Actie.lezen, Activiteit.signalering_regie, [("ZELF-ZELF-1", "GM0001")])
            db.session.commit()
        writer = run(log_app, work)
        writer.join(60)
        assert not writer.errors, writer.errors
        chained = None
        for _ in range(100):
            with log_app.app_context():
                chained = db.session.scalar(sa.select(Verwerkingsactie.volgnummer).join(
                    VerwerktObject, VerwerktObject.actie_id == Verwerkingsactie.id)
                    .where(VerwerktObject.traject_id == "ZELF-ZELF-1"))
                db.session.remove()
            if chained is not None:
                break
            threading.Event().wait(0.1)
        assert chained is not None
    finally:
        verwerkingslog._sequencer.stop()
        log_app.testing, log_app.config["LOG_SEAL_INTERVAL"] = True, 0.5
