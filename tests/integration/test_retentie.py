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
from portal.codes import TrajectStatus
from portal.extensions import db
from portal.leveringen.service import Aanlevering, importeer
from portal.models import AanleverBatch, Aanwezigheid, Afronding, LeveringHistorie, LogEntry, Toets, Toewijzing, Traject
from tests.integration.test_api_aanleveringen import aanwezig, csv_bytes

LATER = "2032-06-15"  # the day retention runs: more than 5 years after 2026-05-01
TABLES = (Traject, Toewijzing, Aanwezigheid, Toets, Afronding, LeveringHistorie)


@dataclass
class Data:
    """Trajectory IDs (plain strings: the rows may be erased) and a batch."""

    afgerond: str   # gemeente A, status afgerond, deliveries with a correction, last day 2026-05-01
    verlaten: str   # gemeente A, actief, its only assignment ended 2026-03-31
    recent: str     # gemeente A, afgerond, but its assignment ends in 2028
    lopend: str     # gemeente A, actief, running assignment
    gestopt: str    # gemeente B (verwerkingsstop on signalering_regie), afgerond
    batch_id: int   # a rejected upload whose kept copy mentions `afgerond`


def rows(model, traject_id) -> int:
    column = model.id if model is Traject else model.traject_id
    return db.session.scalar(select(func.count()).select_from(model).where(column == traject_id))


@pytest.fixture
def data(world, make, monkeypatch) -> Data:
    monkeypatch.setattr(verwerkingslog, "utcnow", lambda: datetime(2026, 5, 1, 10))
    w = world
    afgerond, verlaten, recent, lopend = (make.traject(w.regisseur_a) for _ in range(4))
    for t in (afgerond, verlaten, recent, lopend):
        make.toewijzing(w.regisseur_a, t, w.taal_aanbieder, "taal")
    gestopt = make.traject(w.regisseur_b)
    make.toewijzing(w.regisseur_b, gestopt, w.vreemde_aanbieder, "taal")

    deliver = lambda soort, rijen, kanaal="api": importeer(w.taal_user, w.taal_aanbieder, soort,  # noqa: E731
                                                             Aanlevering(data=csv_bytes(soort, rijen),
                                                                         bestandsnaam="x.csv"), kanaal=kanaal)
    assert deliver("aanwezigheid", [aanwezig(afgerond.id), aanwezig(lopend.id)])[0].accepted
    assert deliver("aanwezigheid", [aanwezig(afgerond.id, aanwezig_="28")])[0].corrected == 1
    assert deliver("toets", [{"traject_id": afgerond.id, "datum": "2026-04-10", "vaardigheid": "lezen",
                              "niveau": "A2", "resultaat": "behaald", "score": "70"}])[0].accepted
    assert deliver("afronding", [{"traject_id": afgerond.id, "onderdeel": "taal", "datum": "2026-05-01",
                                  "status": "afgerond"}])[0].accepted
    rejected, _ = deliver("aanwezigheid", [aanwezig(afgerond.id, aanwezig_="x")], kanaal="upload")
    batch = db.session.get(AanleverBatch, rejected.batch_id)
    assert batch.bewaard_csv and afgerond.id.encode() in batch.bewaard_csv

    afgerond.status = recent.status = gestopt.status = TrajectStatus.afgerond
    afgerond.toewijzingen[0].einddatum = date(2026, 5, 1)
    verlaten.toewijzingen[0].einddatum = date(2026, 3, 31)
    recent.toewijzingen[0].einddatum = date(2028, 1, 31)
    db.session.commit()
    stops.start(make.user("privacy", w.gemeente_b), "signalering_regie", "Onderzoek")
    db.session.commit()
    monkeypatch.undo()
    return Data(afgerond.id, verlaten.id, recent.id, lopend.id, gestopt.id, batch.id)


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
    assert world.gemeente_a.code in regel and "status afgerond" in regel
    assert "laatste gegevens van 01-05-2026" in regel and "bewaartermijn 5 jaar, verstreken na 01-05-2031" in regel
    assert "alle toewijzingen beëindigd" in next(line for line in lines if data.verlaten in line)
    assert "uitgesteld: verwerkingsstop" in next(line for line in lines if data.gestopt in line)
    assert data.recent not in output and data.lopend not in output
    assert "Te wissen: 2 traject(en); uitgesteld: 1." in output and "Proefdraai: er is niets gewist" in output
    assert {m: db.session.scalar(select(func.count()).select_from(m)) for m in counts} == counts
    assert db.session.get(AanleverBatch, data.batch_id).bewaard_csv is not None


def test_apply_prints_the_same_list_erases_exactly_that_and_logs_wissen(data, runner, app, monkeypatch, make,
                                                                         client, world):
    dry = run(runner, app, monkeypatch)
    applied = run(runner, app, monkeypatch, "--apply")
    assert applied.startswith(dry.split("Proefdraai")[0])
    erased = (data.afgerond, data.verlaten)
    for traject_id in erased:
        assert {m.__tablename__: rows(m, traject_id) for m in TABLES} == {m.__tablename__: 0 for m in TABLES}
    for kept in (data.recent, data.lopend, data.gestopt):
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


def test_a_later_write_restarts_the_term(data, runner, app, monkeypatch, world):
    monkeypatch.setattr(verwerkingslog, "utcnow", lambda: datetime(2028, 3, 1, 12))
    verwerkingslog.record(world.regisseur_a, "wijzigen", "signalering_regie",
                          [(data.verlaten, world.gemeente_a.code)], toelichting="status gewijzigd")
    db.session.commit()
    monkeypatch.undo()
    output = run(runner, app, monkeypatch)
    assert data.verlaten not in output and data.afgerond in output


def test_a_gemeente_without_a_term_in_the_register_has_nothing_erased(data, runner, app, monkeypatch, world):
    monkeypatch.setattr(retentie, "termijnen", lambda gemeente_id: {a: None for a in retentie.ACTIVITEITEN})
    output = run(runner, app, monkeypatch, "--apply")
    assert "geen bewaartermijn in jaren in het register" in output and "Te wissen: 0 traject(en)" in output
    assert rows(Traject, data.afgerond) == 1

