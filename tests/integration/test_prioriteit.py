"""A delivery is processed, the caseload computed ahead and the processing log sealed at a lower CPU priority than
the pages of others (portal/prioriteit.py); to a delivery's caller that is a plain call: the same request, session
and user, its answer returned and its refusal raised."""
import os
import sys
import threading
from contextlib import suppress

import pytest
from flask import request
from flask_login import current_user

from portal import prioriteit, verwerkingslog
from portal.errors import ServiceError
from portal.extensions import db
from portal.leveringen import service
from portal.voortgang import caseload
from tests.helpers.leveringen import csv_file, last_batch, rij, upload

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="threads have a nice value on Linux")


def _nice() -> int:
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())


def _verwacht(nice: int) -> int:
    return min(nice + prioriteit.NICE, 19)


def test_an_uploaded_delivery_is_processed_on_a_thread_at_lower_priority_in_the_requests_session(world, login,
                                                                                                  monkeypatch):
    web = login(world.taal_user)
    eigen = _nice()
    gezien = {}
    echte = service._importeer

    def bespied(*args):
        gezien.update(thread=threading.get_ident(), nice=_nice(), session=db.session(), user=current_user.id)
        return echte(*args)

    monkeypatch.setattr(service, "_importeer", bespied)
    response = upload(web, csv_file(rij(world.traject.id)))

    assert response.status_code == 200 and "geaccepteerd" in response.text
    assert gezien["thread"] != threading.get_ident()
    assert gezien["nice"] == _verwacht(eigen)
    assert gezien["session"] is db.session()  # the request's transaction (here: the test's)
    assert gezien["user"] == world.taal_user.id
    batch = last_batch(world.taal_aanbieder)
    assert (batch.status, batch.stored) == ("accepted", 1)
    assert _nice() == eigen  # the request's own thread kept its priority


def test_work_at_lower_priority_returns_what_it_returns_and_raises_what_it_raises(app, ctx):
    with app.test_request_context("/"):
        thread, nice = prioriteit.lager(lambda: (threading.get_ident(), _nice()))
        assert thread != threading.get_ident()
        assert nice == _verwacht(_nice())

        geweigerd = ServiceError("verboden", "Alleen een aanbieder levert aan.", status=403)

        def weiger():
            raise geweigerd

        with pytest.raises(ServiceError) as raised:
            prioriteit.lager(weiger)
        assert raised.value is geweigerd

        buiten, binnen = prioriteit.lager(lambda: (threading.get_ident(), prioriteit.lager(threading.get_ident)))
        assert buiten == binnen  # work nested in it runs in place

        voor = request.environ[prioriteit.CPU_ELDERS]
        prioriteit.lager(lambda: sum(range(200_000)))
        assert request.environ[prioriteit.CPU_ELDERS] > voor  # the request's CPU time counts the thread's


def test_outside_a_request_the_work_runs_in_place(app, ctx):
    assert prioriteit.lager(threading.get_ident) == threading.get_ident()


def test_the_caseload_is_computed_ahead_at_lower_priority(app, monkeypatch):
    eigen = _nice()
    gezien = {}

    class Klaar(BaseException):
        """Ends the thread's loop after its first computation."""

    def vooruit(gemeente_id):
        gezien.update(gemeente=gemeente_id, nice=_nice())
        raise Klaar

    def draad(vooraf):
        with suppress(Klaar):
            vooraf._run(app)

    monkeypatch.setattr(caseload, "vooruit", vooruit)
    vooraf = caseload._Vooruit()
    vooraf._gemeenten = {7}
    thread = threading.Thread(target=draad, args=(vooraf,))
    thread.start()
    thread.join(10)

    assert gezien == {"gemeente": 7, "nice": _verwacht(eigen)}
    assert _nice() == eigen


def test_the_processing_log_is_sealed_at_lower_priority(app, monkeypatch):
    eigen = _nice()
    gezien = []
    stop = threading.Event()

    def seal(wachten):
        gezien.append(_nice())
        stop.set()
        return 0

    monkeypatch.setattr(verwerkingslog, "seal", seal)
    thread = threading.Thread(target=verwerkingslog._Sequencer._run, args=(app, 0.01, stop))
    thread.start()
    thread.join(10)

    assert gezien == [_verwacht(eigen)]
    assert _nice() == eigen


def test_the_process_is_told_when_a_delivery_starts_and_ends(app, ctx, monkeypatch):
    monkeypatch.setattr(prioriteit, "_waarnemers", [])
    gezien = []
    prioriteit.bij_wijziging(lambda: gezien.append(prioriteit.bezig()))
    with app.test_request_context("/"):
        binnen = prioriteit.lager(prioriteit.bezig)
    assert binnen is True
    assert gezien == [True, False]
    assert not prioriteit.bezig()
