"""One unit of work per request (portal/eenheid.py): what a view returns is committed once at the request's edge;
a view that fails leaves nothing behind, on a page and in the API, also what it wrote and logged before failing."""
import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import LogEntry, Traject
from portal.trajecten import services as trajecten
from tests.helpers.api import bearer

NIEUW = {"doelgroep": "gezinsmigrant", "leerroute": "z_route", "pip_datum": "2026-01-05"}


def _aantallen():
    db.session.expire_all()
    return (db.session.scalar(select(func.count()).select_from(Traject)),
            db.session.scalar(select(func.count()).select_from(LogEntry)))


@pytest.fixture
def faalt_na_schrijven(monkeypatch):
    """create_traject writes (the trajectory and its logged creation), flushes, then the view fails."""
    echte = trajecten.create_traject

    def schrijft_en_faalt(*args, **kwargs):
        echte(*args, **kwargs)
        db.session.flush()
        raise RuntimeError("kapot na het schrijven")
    monkeypatch.setattr(trajecten, "create_traject", schrijft_en_faalt)


def test_a_page_that_fails_after_a_write_leaves_nothing_behind(world, login, faalt_na_schrijven):
    web = login(world.regisseur_a)
    voor = _aantallen()
    response = web.post("/trajecten/nieuw", data={**NIEUW, "csrf_token": web.csrf_token})
    assert response.status_code == 500 and "Er is niets opgeslagen" in response.get_data(as_text=True)
    assert _aantallen() == voor


def test_an_api_call_that_fails_after_a_write_leaves_nothing_behind(world, make, client, faalt_na_schrijven):
    headers = bearer(make, world.regisseur_a)
    voor = _aantallen()
    response = client.post("/api/v1/trajecten", json=NIEUW,
                           headers=headers)
    assert response.status_code == 500
    assert _aantallen() == voor


def test_what_a_view_returns_is_committed_without_a_commit_in_the_view(world, login):
    web = login(world.regisseur_a)
    voor_trajecten, voor_log = _aantallen()
    response = web.post("/trajecten/nieuw", data={**NIEUW, "csrf_token": web.csrf_token})
    assert response.status_code == 302
    db.session.rollback()  # what the request committed stays; nothing was left pending for the test's session
    assert _aantallen()[0] == voor_trajecten + 1


def test_a_refused_form_keeps_the_logged_read_of_the_page_it_shows(world, login):
    web = login(world.regisseur_a)
    voor = _gelezen(world.traject.id)
    response = web.post(f"/trajecten/{world.traject.id}/wijzigen", data={"csrf_token": web.csrf_token})
    assert response.status_code == 422
    assert _gelezen(world.traject.id) > voor


def _gelezen(traject_id: str) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(LogEntry).where(LogEntry.traject_id == traject_id,
                                                                               LogEntry.actie == "lezen"))
