"""A kept caseload computation brought up to date by recomputing only the trajectories the deliveries since were
about (portal/voortgang/caseload.py `_bijgewerkt`, versie.py `wijzigingen`): the result equals a full computation.

Commits in these tests are savepoint releases inside one outer transaction (tests/conftest.py `ctx`), which never
reach versie.py's commit hook: `_vastleggen` runs that hook as a real commit would (with the marks the writes left
on the connection), and `_schoon` stands for "everything before was committed" (a fresh version, no marks)."""
import random
import uuid
from datetime import date, timedelta

import pandas as pd
import pytest
import sqlalchemy as sa

from portal import access
from portal.extensions import db
from portal.models import SignaalVersie, Traject
from portal.models.voortgang import SignaalVersieWijziging, UrenBatch
from portal.voortgang import caseload, signalen, uren, versie
from tests.helpers.voortgang import afronding, lever, periode

pytestmark = pytest.mark.usefixtures("_zeven")

DAG = date(2026, 6, 15)


def _schoon() -> None:
    db.session.execute(sa.update(SignaalVersie).values(versie=uuid.uuid4().int % 10**15))
    for key in (versie._GEWIJZIGD, versie._GEMEENTEN, versie._TRAJECTEN):
        db.session.connection().info.pop(key, None)


def _vastleggen() -> None:
    versie._ophogen(db.session.connection())


def _bijhouden(monkeypatch) -> list:
    """What each call of `_bijgewerkt` returned (None: it computed everything)."""
    gezien: list = []
    echt = caseload._bijgewerkt

    def spion(*args):
        gezien.append(echt(*args))
        return gezien[-1]

    monkeypatch.setattr(caseload, "_bijgewerkt", spion)
    return gezien


def _gelijk_aan_volledig(regie) -> caseload.Berekening:
    """The caseload as the page gets it equals a full computation of the gemeente (rows in any order: every view
    sorts them with the trajectory id last)."""
    inst = caseload.instellingen_voor(regie.gemeente.id)
    _inst, berekening, _ids = caseload._basis(regie.regisseur, DAG, None)
    volledig = caseload.berekenen(access.visible_trajecten(regie.regisseur), DAG, inst)

    def rijen(frame):
        return frame.sort_values("traject_id").reset_index(drop=True)

    pd.testing.assert_frame_equal(rijen(berekening.frame), rijen(volledig.frame))
    pd.testing.assert_frame_equal(berekening.open_, volledig.open_)
    assert berekening.ids == volledig.ids
    return berekening


def test_a_kept_caseload_brought_up_to_date_after_random_deliveries_equals_a_full_computation(
        regie, zeven, monkeypatch):
    monkeypatch.setattr(caseload, "SPLITSEN", 1.0)  # splice whatever share changed
    rng = random.Random(20261206)
    taal = [zeven.verzuim, zeven.afschalen, zeven.termijn]
    _schoon()
    caseload.vergeten()
    gezien = _bijhouden(monkeypatch)
    _gelijk_aan_volledig(regie)
    assert gezien == [None]  # nothing kept yet: computed in full
    dagen = {t.id: iter(DAG - timedelta(days=n) for n in range(1, 15)) for t in (*taal, zeven.geen)}  # June
    for ronde in range(5):
        geraakt = set()
        for _ in range(rng.randint(1, 2)):  # one or more deliveries between two views
            if rng.random() < 0.75:
                gekozen = rng.sample(taal, rng.randint(1, 2))
                rijen = []
                for traject in gekozen:
                    dag = next(dagen[traject.id]).isoformat()
                    gepland = rng.choice((2, 4, 8))
                    rijen.append(periode(traject.id, dag, dag, gepland=gepland,
                                         ongeoorloofd=rng.choice((0, gepland // 2, gepland)), keer=1))
                lever(regie.docent, "aanwezigheid", rijen)
            else:
                gekozen = [zeven.geen]
                dag = next(dagen[zeven.geen.id]).isoformat()
                lever(regie.coach, "aanwezigheid", [periode(zeven.geen.id, dag, dag, gepland=2, onderdeel="pvt")])
                if ronde == 3:
                    lever(regie.coach, "afronding", [afronding(zeven.geen.id, "pvt", "2026-06-10")])
            geraakt |= {t.id for t in gekozen}
            _vastleggen()

        # the trajectory page: a trajectory no delivery was about takes its rows from the earlier computation, one
        # that one was about brings the gemeente's up to date (then kept for the caseload)
        gezien.clear()
        for traject in (zeven.verzuim, zeven.duo, zeven.geen, zeven.termijn):
            scope = access.visible_trajecten(regie.regisseur).where(Traject.id == traject.id)
            inst = caseload.instellingen_voor(regie.gemeente.id)
            pd.testing.assert_frame_equal(caseload.traject_signalen(regie.regisseur, traject, DAG, inst),
                                          signalen.bereken(scope, DAG, inst), check_dtype=False)
        berekening = _gelijk_aan_volledig(regie)
        assert gezien == [berekening]  # made once from the earlier one, not computed in full
        assert berekening.frame["traject_id"].isin(geraakt).any()


def test_a_raise_that_did_not_name_its_trajectories_makes_the_caseload_compute_everything(regie, zeven, monkeypatch):
    _schoon()
    caseload.vergeten()
    _gelijk_aan_volledig(regie)
    gezien = _bijhouden(monkeypatch)
    with versie.alleen_gemeenten({regie.gemeente.id}):  # scoped, its trajectories not named
        db.session.execute(sa.update(Traject).where(Traject.id == zeven.verzuim.id).values(intensiteit_uren=900))
    _vastleggen()
    _gelijk_aan_volledig(regie)
    assert gezien == [None]


def test_a_delivery_records_its_trajectories_with_the_raise_of_its_gemeentes_version(regie, zeven):
    _schoon()
    voor = versie.huidige(regie.gemeente.id)
    lever(regie.docent, "aanwezigheid", [periode(zeven.verzuim.id, "2026-06-03", "2026-06-03", gepland=3),
                                         periode(zeven.termijn.id, "2026-06-03", "2026-06-03", gepland=3)])
    _vastleggen()
    na = versie.huidige(regie.gemeente.id)
    assert na.gemeente == voor.gemeente + 1
    assert versie.wijzigingen(regie.gemeente.id, voor.gemeente, na.gemeente) == {zeven.verzuim.id, zeven.termijn.id}
    db.session.execute(sa.delete(SignaalVersieWijziging).where(SignaalVersieWijziging.versie == na.gemeente))
    assert versie.wijzigingen(regie.gemeente.id, voor.gemeente, na.gemeente) is None  # a gap: compute everything


def test_hours_counted_later_by_a_page_raise_only_their_gemeentes_version_with_their_trajectories(regie, zeven):
    lever(regie.docent, "aanwezigheid", [periode(zeven.verzuim.id, "2026-06-04", "2026-06-04", gepland=3)])
    # as when the delivery could not count its own hours (another transaction was counting): a page counts them
    db.session.execute(sa.delete(UrenBatch).where(UrenBatch.batch_id == sa.select(sa.func.max(UrenBatch.batch_id))
                                                  .scalar_subquery()))
    _schoon()
    voor = versie.huidige(regie.gemeente.id)
    assert uren.bijwerken() == 1
    _vastleggen()
    na = versie.huidige(regie.gemeente.id)
    assert (na.nummer, na.gemeente) == (voor.nummer, voor.gemeente + 1)
    assert versie.wijzigingen(regie.gemeente.id, voor.gemeente, na.gemeente) == {zeven.verzuim.id}


def test_a_write_for_all_gemeenten_deletes_the_records_of_changed_trajectories(regie, zeven):
    _schoon()
    lever(regie.docent, "aanwezigheid", [periode(zeven.verzuim.id, "2026-06-05", "2026-06-05", gepland=3)])
    _vastleggen()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SignaalVersieWijziging)) >= 1
    db.session.execute(sa.update(Traject).where(Traject.id == zeven.termijn.id).values(intensiteit_uren=700))
    _vastleggen()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SignaalVersieWijziging)) == 0


def _ander_proces() -> None:
    """As another process of the server sees it: nothing kept in its memory (the shared directory stays)."""
    with caseload._slot:
        caseload._bewaard.clear()


def test_a_caseload_shared_between_processes_is_read_at_its_own_version_and_computed_again_after_a_write(
        app, regie, zeven, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "CASELOAD_GEDEELD", str(tmp_path))
    berekend: list = []
    echt = caseload.berekenen
    monkeypatch.setattr(caseload, "berekenen", lambda *args: berekend.append(args) or echt(*args))
    _schoon()
    caseload.vergeten()
    eerste = _gelijk_aan_volledig(regie)
    assert len(berekend) == 2  # the page's computation and the comparison's
    assert len(list(tmp_path.glob("*.pickle"))) == 1

    _ander_proces()
    gelezen = _gelijk_aan_volledig(regie)
    assert len(berekend) == 3 and gelezen is not eerste  # read from the shared file: only the comparison computed
    inst = caseload.instellingen_voor(regie.gemeente.id)
    _ander_proces()
    scope = access.visible_trajecten(regie.regisseur).where(Traject.id == zeven.verzuim.id)
    pd.testing.assert_frame_equal(caseload.traject_signalen(regie.regisseur, zeven.verzuim, DAG, inst),
                                  signalen.bereken(scope, DAG, inst), check_dtype=False)
    assert len(berekend) == 3  # the trajectory page read it too

    # a delivery: another process never reads the computation of the earlier version
    lever(regie.docent, "aanwezigheid", [periode(zeven.verzuim.id, "2026-06-08", "2026-06-08", gepland=8,
                                                 ongeoorloofd=8, keer=1)])
    _vastleggen()
    _ander_proces()
    na = _gelijk_aan_volledig(regie)
    assert len(berekend) == 5
    assert not na.frame.equals(eerste.frame)  # the delivery changed what the caseload shows
    assert len(list(tmp_path.glob("*.pickle"))) == 1  # one file per gemeente: the new version replaced the old

    # a trajectory page whose trajectory changed computes the gemeente's caseload and shares it
    lever(regie.docent, "aanwezigheid", [periode(zeven.termijn.id, "2026-06-09", "2026-06-09", gepland=2)])
    _vastleggen()
    _ander_proces()
    scope = access.visible_trajecten(regie.regisseur).where(Traject.id == zeven.termijn.id)
    pd.testing.assert_frame_equal(caseload.traject_signalen(regie.regisseur, zeven.termijn, DAG, inst),
                                  signalen.bereken(scope, DAG, inst), check_dtype=False)
    assert len(berekend) == 6 and len(list(tmp_path.glob("*.pickle"))) == 1
    _ander_proces()
    _gelijk_aan_volledig(regie)
    assert len(berekend) == 7  # the caseload read it: only the comparison computed
    caseload.vergeten()
    assert not list(tmp_path.glob("*.pickle"))


# --- computed ahead (caseload.py `vooruit`): after a delivery's commit, not on the next page ------------------------


def _tellen(monkeypatch) -> list:
    berekend: list = []
    echt = caseload.berekenen
    monkeypatch.setattr(caseload, "berekenen", lambda *args: berekend.append(args) or echt(*args))
    return berekend


def test_a_commit_that_raised_a_gemeentes_version_asks_for_its_caseload_ahead_after_the_commit(regie, zeven,
                                                                                                 monkeypatch):
    gevraagd: list = []
    monkeypatch.setattr(versie, "_na_ophoging", [gevraagd.append])
    _schoon()
    lever(regie.docent, "aanwezigheid", [periode(zeven.verzuim.id, "2026-06-05", "2026-06-05", gepland=3)])
    _vastleggen()
    assert gevraagd == []  # the version is raised in the transaction: nothing to compute before it is committed
    db.session.commit()
    assert gevraagd == [frozenset({regie.gemeente.id})]
    db.session.commit()
    assert len(gevraagd) == 1  # once per raise


def _levering_vastgelegd(regie, zeven) -> None:
    """A delivery that opens a signal (ongeoorloofd verzuim), its hours counted and committed: what asks for the
    gemeente's caseload ahead."""
    lever(regie.docent, "aanwezigheid", [periode(zeven.verzuim.id, "2026-06-05", "2026-06-05", gepland=3,
                                                 ongeoorloofd=3, keer=1)])
    uren.bijwerken()
    _vastleggen()
    db.session.commit()


def test_the_caseload_computed_ahead_is_what_the_regisseurs_next_page_reads(app, regie, zeven, tmp_path,
                                                                            monkeypatch):
    monkeypatch.setitem(app.config, "CASELOAD_GEDEELD", str(tmp_path))
    berekend = _tellen(monkeypatch)
    _schoon()
    caseload.vergeten()
    _levering_vastgelegd(regie, zeven)

    vooraf = caseload.vooruit(regie.gemeente.id)
    assert vooraf is not None and len(berekend) == 1 and len(list(tmp_path.glob("*.pickle"))) == 1
    assert caseload.vooruit(regie.gemeente.id) is vooraf and len(berekend) == 1  # kept: not computed again
    _ander_proces()
    pagina = _gelijk_aan_volledig(regie)  # equal to a full computation of what the regisseur sees
    assert len(berekend) == 2  # the page read it from the shared directory: only the comparison computed
    pd.testing.assert_frame_equal(pagina.frame, vooraf.frame)


def test_nothing_is_computed_ahead_while_the_regisseurs_activity_is_halted(app, regie, zeven, make, tmp_path,
                                                                          monkeypatch):
    from dpia.verwerkingsstop import services as stops
    monkeypatch.setitem(app.config, "CASELOAD_GEDEELD", str(tmp_path))
    berekend = _tellen(monkeypatch)
    _schoon()
    caseload.vergeten()
    stops.start(make.user("privacy", regie.gemeente), "signalering_regie", "Onderzoek naar een datalek")
    db.session.commit()
    assert caseload.vooruit(regie.gemeente.id) is None
    assert berekend == [] and not list(tmp_path.glob("*.pickle"))


def test_the_caseload_computed_ahead_carries_its_signals_explained_to_every_process(app, regie, zeven, tmp_path,
                                                                                   monkeypatch):
    """Another process's trajectory and caseload pages read the explanations the computation made ahead shared,
    and they are what a page explains itself."""
    monkeypatch.setitem(app.config, "CASELOAD_GEDEELD", str(tmp_path))
    _schoon()
    caseload.vergeten()
    _levering_vastgelegd(regie, zeven)
    assert caseload.vooruit(regie.gemeente.id) is not None
    _ander_proces()
    inst = caseload.instellingen_voor(regie.gemeente.id)
    echt = signalen.als_lijst
    uitgelegd: list = []
    monkeypatch.setattr(signalen, "als_lijst", lambda *args: uitgelegd.append(args) or echt(*args))
    for traject in vars(zeven).values():
        scope = access.visible_trajecten(regie.regisseur).where(Traject.id == traject.id)
        zelf = echt(signalen.bereken(scope, DAG, inst), inst)
        assert caseload.traject_signalen_uitgelegd(regie.regisseur, traject, DAG, inst) == zelf, traject.id
    view = caseload.opbouwen(regie.regisseur, DAG)
    assert view.lijst == echt(view.signalen, inst) and view.lijst
    assert uitgelegd == []  # read from the shared computation: no page explained anything
