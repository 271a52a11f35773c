"""Scoping of a gemeente's privacy records in one place (portal/models/scope.py): a query without a scope is
refused, another gemeente's row is never flushed, and each caller sees only her own gemeente's records, without a
filter in the service."""
import pytest
from sqlalchemy import select

from dpia.datalekken import services as datalekken
from dpia.register.models import Verwerkingsactiviteit
from dpia.verwerkingsstop import services as stops
from dpia.verwerkingsstop.models import Verwerkingsstop
from portal import access
from portal.extensions import db
from portal.models.scope import ALLE, AndereGemeente, GeenScope, met_scope, zet_scope


@pytest.fixture
def zonder_scope(app, ctx):
    """A request in which no one logged in: no scope."""
    with app.test_request_context():
        vorige = zet_scope(db.session(), None)
        yield
        zet_scope(db.session(), vorige)


def test_a_privacy_query_without_a_scope_is_refused(world, zonder_scope):
    with pytest.raises(GeenScope):
        db.session.scalars(select(Verwerkingsactiviteit)).all()
    with pytest.raises(GeenScope):  # in a subquery too
        db.session.scalar(select(Verwerkingsactiviteit.id).where(
            Verwerkingsactiviteit.id.in_(select(Verwerkingsactiviteit.id))))


def test_a_query_marked_for_all_gemeenten_runs_without_a_scope(world, zonder_scope):
    rows = db.session.scalars(select(Verwerkingsactiviteit).execution_options(alle_gemeenten=True)).all()
    assert {a.gemeente_id for a in rows} >= {world.gemeente_a.id, world.gemeente_b.id}


def test_queries_without_privacy_records_need_no_scope(world, zonder_scope):
    assert db.session.get(type(world.gemeente_a), world.gemeente_a.id) is world.gemeente_a


def test_outside_a_request_the_operators_work_crosses_gemeenten(world):
    rows = db.session.scalars(select(Verwerkingsactiviteit)).all()
    assert {a.gemeente_id for a in rows} >= {world.gemeente_a.id, world.gemeente_b.id}


def test_a_scope_limits_every_select_to_the_gemeente_without_a_filter_in_the_query(world):
    with access.scope_van(world.privacy_a):
        rows = db.session.scalars(select(Verwerkingsactiviteit)).all()
    assert rows and {a.gemeente_id for a in rows} == {world.gemeente_a.id}
    with access.scope_van(world.taal_user):  # an aanbieder owns no privacy records
        assert db.session.scalars(select(Verwerkingsactiviteit)).all() == []


def test_the_doors_the_core_asks_still_cross_gemeenten_for_an_aanbieder(world, make):
    with met_scope(db.session(), world.gemeente_b.id):
        make_stop = stops.start(_privacy(make, world.gemeente_b), "voortgangsrapportage", "Onderzoek")
    with access.scope_van(world.taal_user):
        assert set(stops.actieve_stops("voortgangsrapportage")) == {world.gemeente_b.id}
        assert make_stop.gemeente_id == world.gemeente_b.id


def test_a_flush_of_another_gemeentes_row_is_refused(world, make):
    privacy_b = _privacy(make, world.gemeente_b)
    with access.scope_van(world.privacy_a):
        with pytest.raises(AndereGemeente):
            stops.start(privacy_b, "voortgangsrapportage", "Onderzoek")
    db.session.rollback()
    with access.scope_van(world.privacy_a):
        stop = stops.start(world.privacy_a, "voortgangsrapportage", "Onderzoek")
    with met_scope(db.session(), world.gemeente_b.id):
        stop.reden = "Gewijzigd door een andere gemeente"
        with pytest.raises(AndereGemeente):
            db.session.flush()
    db.session.rollback()


def test_without_a_scope_nothing_of_a_gemeente_is_flushed(world, zonder_scope):
    db.session.add(Verwerkingsstop(gemeente_id=world.gemeente_a.id, activiteit="voortgangsrapportage",
                                   reden="x", gestart_door="x"))
    with pytest.raises(AndereGemeente):
        db.session.flush()
    db.session.rollback()


def test_the_one_way_to_404_answers_another_gemeentes_record_like_a_missing_one(world, make):
    with met_scope(db.session(), ALLE):
        lek_b = datalekken.registreer(_privacy(make, world.gemeente_b), _lek())
    db.session.commit()
    with access.scope_van(world.privacy_a):
        for record_id in (lek_b.id, 2**31 - 1):
            with pytest.raises(Exception) as refused:
                access.get_or_404(type(lek_b), record_id)
            assert getattr(refused.value, "code", None) == 404


def test_another_role_gets_403_from_the_one_privacy_check(world):
    for user in (world.regisseur_a, world.taal_user, world.beheerder, None):
        with pytest.raises(Exception) as refused:
            access.vereis_privacy(user)
        assert getattr(refused.value, "code", None) == 403
    assert access.vereis_privacy(world.privacy_a) is world.privacy_a


def test_a_request_sees_only_its_own_gemeentes_records_and_the_scope_ends_with_it(world, make, login):
    with met_scope(db.session(), ALLE):
        lek_b = datalekken.registreer(_privacy(make, world.gemeente_b), _lek())
    db.session.commit()
    web = login(world.privacy_a)
    assert web.get(f"/privacy/datalekken/{lek_b.id}").status_code == 404
    assert web.get("/privacy/datalekken").status_code == 200
    assert db.session.info.get("gemeente_scope") is None  # the scope ends with the request


def _privacy(make, gemeente):
    return make.user("privacy", gemeente)


def _lek():
    import datetime as dt
    return datalekken.DatalekGegevens(titel="Verkeerde ontvanger", omschrijving="Lijst gemaild naar een ander",
                                      ontdekt_op=dt.datetime(2025, 1, 6, 9, 0))


def test_the_statements_built_once_that_skip_the_scope_read_no_privacy_record(app):
    """Statements of the core that skip the scope's loader criteria for speed (`alle_gemeenten`) may do so only
    because they read no table of a gemeente's privacy records: adding one to them must fail here."""
    from portal.models.scope import _raakt_gemeenterecords
    from portal.voortgang import versie
    gebouwd = [access._leveringen_union(eigen)[0] for eigen in (False, True)]
    gebouwd += [access._AANBIEDER_KEUZES, versie._HUIDIGE, versie._HUIDIGE_GEMEENTE]
    for statement in gebouwd:
        assert statement.get_execution_options().get("alle_gemeenten")
        assert not _raakt_gemeenterecords(statement), statement
    assert _raakt_gemeenterecords(select(Verwerkingsactiviteit.id))  # the check sees a privacy table
