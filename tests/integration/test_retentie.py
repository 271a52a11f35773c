"""`portal retention [--apply]`: the dry run lists what is past the register's term and why and deletes nothing;
--apply prints the same list, erases exactly that (the trajectory and every row on it), logs `wissen` and keeps
the hash chain whole. Clocks are frozen: the log's timestamps during set-up, and the portal's today."""
from dataclasses import dataclass
from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from dpia import retentie
from dpia.verwerkingsstop import services as stops
from portal import verwerkingslog
from portal.codes import RedenEinde, TrajectStatus
from portal.extensions import db
from portal.leveringen.service import Aanlevering, importeer
from portal.models import AanleverBatch, Aanwezigheid, Afronding, LeveringHistorie, LogEntry, Toets, Toewijzing, Traject
from tests.helpers.leveringen import aanwezig, csv_bytes

LATER = "2032-06-15"  # the day retention runs: more than 5 years after 2026-05-01
TABLES = (Traject, Toewijzing, Aanwezigheid, Toets, Afronding, LeveringHistorie)


@dataclass
class Data:
    """Trajectory IDs (plain strings: the rows may be erased) and a batch."""

    afgerond: str   # gemeente A, afgerond with einde_plicht 2026-05-01, deliveries with a correction
    verlaten: str   # gemeente A, actief, its only assignment ended 2026-03-31: still active, never erased
    recent: str     # gemeente A, afgerond, einde_plicht 2028-01-31
    oud: str        # gemeente A, afgerond before einde_plicht was kept (none), its assignment ended 2026-03-31
    lopend: str     # gemeente A, actief, running assignment
    gestopt: str    # gemeente B (verwerkingsstop on signalering_regie), afgerond
    batch_id: int   # a rejected upload whose kept copy mentions `afgerond`


def rows(model, traject_id) -> int:
    column = model.id if model is Traject else model.traject_id
    return db.session.scalar(select(func.count()).select_from(model).where(column == traject_id))


@pytest.fixture(scope="module")
def _data(shared):
    """Built once for the module's tests that use it, on the module's world (tests/helpers/shared.py)."""
    def bouw(make, world) -> Data:
        with pytest.MonkeyPatch.context() as monkeypatch:
            monkeypatch.setattr(verwerkingslog, "utcnow", lambda: datetime(2026, 5, 1, 10))
            w = world
            afgerond, verlaten, recent, lopend, oud = (make.traject(w.regisseur_a) for _ in range(5))
            for t in (afgerond, verlaten, recent, lopend, oud):
                make.toewijzing(w.regisseur_a, t, w.taal_aanbieder, "taal")
            gestopt = make.traject(w.regisseur_b)
            make.toewijzing(w.regisseur_b, gestopt, w.vreemde_aanbieder, "taal")

            def deliver(soort, rijen, kanaal="api"):
                return importeer(w.taal_user, w.taal_aanbieder, soort,
                                 Aanlevering(data=csv_bytes(soort, rijen), bestandsnaam="x.csv"), kanaal=kanaal)
            assert deliver("aanwezigheid", [aanwezig(afgerond.id), aanwezig(lopend.id)])[0].accepted
            assert deliver("aanwezigheid", [aanwezig(afgerond.id, aanwezig_="28")])[0].corrected == 1
            assert deliver("toets", [{"traject_id": afgerond.id, "datum": "2026-04-10", "vaardigheid": "lezen",
                                      "niveau": "A2", "resultaat": "behaald", "score": "70"}])[0].accepted
            assert deliver("afronding", [{"traject_id": afgerond.id, "onderdeel": "taal", "datum": "2026-05-01",
                                          "status": "afgerond"}])[0].accepted
            rejected, _ = deliver("aanwezigheid", [aanwezig(afgerond.id, aanwezig_="x")], kanaal="upload")
            batch = db.session.get(AanleverBatch, rejected.batch_id)
            assert batch.bewaard_csv and afgerond.id.encode() in batch.bewaard_csv

            afgerond.status = recent.status = gestopt.status = oud.status = TrajectStatus.afgerond
            for t, einde in ((afgerond, date(2026, 5, 1)), (recent, date(2028, 1, 31)),
                             (gestopt, date(2026, 5, 1))):
                t.einde_plicht, t.reden_einde = einde, RedenEinde.voldaan
            afgerond.toewijzingen[0].einddatum = date(2026, 5, 1)
            verlaten.toewijzingen[0].einddatum = oud.toewijzingen[0].einddatum = date(2026, 3, 31)
            db.session.commit()
            stops.start(make.user("privacy", w.gemeente_b), "signalering_regie", "Onderzoek")
            db.session.commit()
        return Data(afgerond.id, verlaten.id, recent.id, oud.id, lopend.id, gestopt.id, batch.id)
    return shared.build_on_world(bouw)


@pytest.fixture
def data(world, _data) -> Data:
    return _data.load()


def run(runner, app, monkeypatch, *args, today=LATER):
    monkeypatch.setitem(app.config, "PORTAL_TODAY", today)
    result = runner.invoke(args=["retention", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_term_comes_from_the_register(world):
    assert retentie.bewaartermijn_jaren(world.gemeente_a.id) == 5
    assert retentie.plus_jaren(date(2024, 2, 29), 5) == date(2029, 2, 28)


def test_nothing_is_past_its_term_today(data, runner, app, monkeypatch):
    output = run(runner, app, monkeypatch, today="2026-06-15")
    assert "Geen trajecten voorbij de bewaartermijn." in output and "niets gewist" in output


def test_the_dry_run_lists_each_trajectory_with_why_and_deletes_nothing(data, runner, app, monkeypatch, world):
    counts = {m: db.session.scalar(select(func.count()).select_from(m)) for m in (*TABLES, LogEntry)}
    output = run(runner, app, monkeypatch)
    lines = output.splitlines()
    regel = next(line for line in lines if data.afgerond in line)
    assert world.gemeente_a.code in regel and "status afgerond, voldaan" in regel
    assert "einde inburgeringsplicht 01-05-2026" in regel and "bewaartermijn 5 jaar, verstreken na 01-05-2031" in regel
    assert "laatste gegevens van 01-05-2026" in next(line for line in lines if data.oud in line)
    assert "uitgesteld: verwerkingsstop" in next(line for line in lines if data.gestopt in line)
    # still active (even with every assignment ended), or ended less than 5 years ago: never listed
    assert data.verlaten not in output and data.recent not in output and data.lopend not in output
    assert "Te wissen: 2 traject(en); uitgesteld: 1." in output and "Proefdraai: er is niets gewist" in output
    assert {m: db.session.scalar(select(func.count()).select_from(m)) for m in counts} == counts
    assert db.session.get(AanleverBatch, data.batch_id).bewaard_csv is not None


def test_apply_prints_the_same_list_erases_exactly_that_and_logs_wissen(data, runner, app, monkeypatch, make,
                                                                         client, world):
    dry = run(runner, app, monkeypatch)
    applied = run(runner, app, monkeypatch, "--apply")
    assert applied.startswith(dry.split("Proefdraai")[0])
    erased = (data.afgerond, data.oud)
    for traject_id in erased:
        assert {m.__tablename__: rows(m, traject_id) for m in TABLES} == {m.__tablename__: 0 for m in TABLES}
    for kept in (data.recent, data.lopend, data.gestopt, data.verlaten):
        assert rows(Traject, kept) == 1 and rows(Toewijzing, kept) == 1
    assert rows(Aanwezigheid, data.lopend) == 1
    db.session.expire_all()
    assert db.session.get(AanleverBatch, data.batch_id).bewaard_csv is None
    for traject_id in erased:
        (wissen,) = db.session.scalars(select(LogEntry).where(LogEntry.traject_id == traject_id,
                                                              LogEntry.actie == "wissen")).all()
        assert (wissen.gebruiker, wissen.organisatie, wissen.gemeente) == ("systeem", world.gemeente_a.code,
                                                                           world.gemeente_a.code)
        assert "bewaartermijn van 5 jaar verstreken" in wissen.toelichting
    verify = runner.invoke(args=["log", "verify"])
    assert verify.exit_code == 0 and "in orde" in verify.output
    # The privacy officer still gets the log of an erased trajectory, ending with its erasure.
    log = client.get("/api/v1/verwerkingslog", query_string={"traject_id": data.afgerond},
                     headers={"Authorization": f"Bearer {make.token(world.privacy_a)}"})
    assert log.status_code == 200 and log.json[-1]["actie"] == "wissen"
    again = run(runner, app, monkeypatch)
    assert data.afgerond not in again and "Te wissen: 0 traject(en); uitgesteld: 1." in again


def test_without_einde_plicht_a_later_write_restarts_the_term(data, runner, app, monkeypatch, world):
    monkeypatch.setattr(verwerkingslog, "utcnow", lambda: datetime(2028, 3, 1, 12))
    verwerkingslog.record(world.regisseur_a, "wijzigen", "signalering_regie",
                          [(data.oud, world.gemeente_a.code)], toelichting="status gewijzigd")
    db.session.commit()
    monkeypatch.undo()
    output = run(runner, app, monkeypatch)
    assert data.oud not in output and data.afgerond in output


def test_the_term_runs_from_einde_plicht_to_the_day(data, runner, app, monkeypatch):
    # einde_plicht 01-05-2026 + 5 years: the term ends on 01-05-2031, the trajectory is past it from the 2nd
    assert data.afgerond not in run(runner, app, monkeypatch, today="2031-05-01")
    assert data.afgerond in run(runner, app, monkeypatch, today="2031-05-02")


def test_a_trajectory_ended_through_the_api_is_erased_after_its_term_and_the_log_keeps_that(
        data, runner, app, monkeypatch, client, make, world):
    token = {"Authorization": f"Bearer {make.token(world.regisseur_a)}"}
    response = client.patch(f"/api/v1/trajecten/{data.lopend}", headers=token, json={
        "status": "beeindigd", "einde_plicht": "2026-06-01", "reden_einde": "vertrokken", "reden": "naar Duitsland"})
    assert response.status_code == 200
    assert data.lopend not in run(runner, app, monkeypatch, "--apply", today="2031-06-01")
    assert data.lopend in run(runner, app, monkeypatch, "--apply", today="2031-06-02")
    assert rows(Traject, data.lopend) == 0 and rows(Aanwezigheid, data.lopend) == 0
    assert db.session.scalar(select(func.count()).select_from(LogEntry).where(
        LogEntry.traject_id == data.lopend, LogEntry.actie == "wissen")) == 1


def test_a_gemeente_without_a_term_in_the_register_has_nothing_erased(data, runner, app, monkeypatch, world):
    monkeypatch.setattr(retentie, "termijnen", lambda gemeente_id: {a: None for a in retentie.ACTIVITEITEN})
    output = run(runner, app, monkeypatch, "--apply")
    assert "geen bewaartermijn in jaren in het register" in output and "Te wissen: 0 traject(en)" in output
    assert rows(Traject, data.afgerond) == 1

