"""The data version per gemeente (portal/voortgang/versie.py): a delivery counts as a write for the gemeenten of its
trajectories only, so another gemeente's kept caseload stays in use; its hours are counted in its own transaction.

Commits in these tests are savepoint releases inside one outer transaction (tests/conftest.py `ctx`), which never
reach versie.py's commit hook: `_vastleggen` runs that hook as a real commit would (with the marks the writes left
on the connection), and `_schoon` stands for "everything before was committed" (a fresh version, no marks)."""
import random
import re
import uuid
from datetime import date, timedelta

import sqlalchemy as sa

from portal.extensions import db
from portal.models import AanleverBatch, Organisatie, SignaalVersie
from portal.models.voortgang import SignaalVersieGemeente
from portal.voortgang import caseload, uren, versie
from tests.helpers.voortgang import afronding, bouw_regie, lever, nieuw_traject, periode, toewijzen

DAG = date(2026, 6, 15)


def _schoon() -> None:
    db.session.execute(sa.update(SignaalVersie).values(versie=uuid.uuid4().int % 10**15))
    for key in (versie._GEWIJZIGD, versie._GEMEENTEN):
        db.session.connection().info.pop(key, None)


def _vastleggen() -> None:
    versie._ophogen(db.session.connection())


def _twee_gemeenten(make):
    """Gemeente A (bouw_regie) and gemeente B, one taal aanbieder with an agreement with both, a trajectory in each
    assigned to it."""
    regie = bouw_regie(make)
    elders = make.gemeente(naam="Gemeente Elders")
    regisseur_b = make.user("regisseur", elders)
    make.vo(regie.taal, elders)
    traject_a = nieuw_traject(regie.regisseur, date(2025, 6, 2), date(2025, 6, 20))
    toewijzen(regie.regisseur, traject_a, regie.taal, "taal", date(2025, 7, 1))
    traject_b = nieuw_traject(regisseur_b, date(2025, 6, 2), date(2025, 6, 20))
    toewijzen(regisseur_b, traject_b, regie.taal, "taal", date(2025, 7, 1))
    return regie, regisseur_b, traject_a, traject_b


def _zonder_tokens(html: str) -> str:
    return re.sub(r'name="csrf_token"[^>]*value="[^"]+"', "", html)


def test_a_delivery_raises_the_version_of_its_trajectories_gemeenten_only(make):
    regie, regisseur_b, traject_a, traject_b = _twee_gemeenten(make)
    a, b = regie.gemeente.id, regisseur_b.organisatie_id
    _schoon()
    voor_a, voor_b = versie.huidige(a), versie.huidige(b)
    lever(regie.docent, "aanwezigheid", [periode(traject_a.id, "2026-05-01", "2026-05-31")])
    assert not versie.ongewijzigd()  # the delivering transaction sees data no version describes
    _vastleggen()
    na_a, na_b = versie.huidige(a), versie.huidige(b)
    assert (na_a.nummer, na_a.gemeente) == (voor_a.nummer, voor_a.gemeente + 1)
    assert na_b == voor_b
    assert versie.ongewijzigd()

    lever(regie.docent, "aanwezigheid", [periode(traject_a.id, "2026-06-01", "2026-06-07"),
                                         periode(traject_b.id, "2026-06-01", "2026-06-07")])
    _vastleggen()
    assert versie.huidige(a).gemeente == na_a.gemeente + 1 and versie.huidige(b).gemeente == na_b.gemeente + 1
    assert versie.huidige(a).nummer == voor_a.nummer


def test_a_rejected_delivery_about_one_gemeente_raises_no_other_gemeentes_version(make):
    regie, regisseur_b, traject_a, _traject_b = _twee_gemeenten(make)
    _schoon()
    voor_b = versie.huidige(regisseur_b.organisatie_id)
    from portal.leveringen.service import Aanlevering, importeer
    rapport, _ = importeer(regie.docent, regie.taal, "aanwezigheid", Aanlevering(
        rijen=[periode(traject_a.id, "2026-05-01", "2026-05-31", gepland=1, aanwezig=5)]), kanaal="api")
    assert rapport.status == "rejected"
    _vastleggen()
    assert versie.huidige(regisseur_b.organisatie_id) == voor_b


def test_a_write_outside_the_gemeenten_block_in_the_same_transaction_still_counts_for_all(make):
    regie, regisseur_b, _traject_a, _traject_b = _twee_gemeenten(make)
    _schoon()
    voor = versie.huidige(regisseur_b.organisatie_id)
    with versie.alleen_gemeenten({regie.gemeente.id}):
        db.session.execute(sa.update(Organisatie).where(Organisatie.id == -1).values(naam="x"))
    db.session.execute(sa.update(Organisatie).where(Organisatie.id == -1).values(naam="y"))
    _vastleggen()
    assert versie.huidige(regisseur_b.organisatie_id).nummer == voor.nummer + 1


def test_an_unflushed_change_made_before_the_gemeenten_block_still_counts_for_all(make):
    regie, regisseur_b, _traject_a, _traject_b = _twee_gemeenten(make)
    _schoon()
    voor = versie.huidige(regisseur_b.organisatie_id)
    regie.taal.naam = "Taalhuis Zuid"  # pending in the session when the block opens
    with versie.alleen_gemeenten({regie.gemeente.id}):
        pass
    _vastleggen()
    assert versie.huidige(regisseur_b.organisatie_id).nummer == voor.nummer + 1


def test_a_delivery_in_one_gemeente_keeps_the_other_gemeentes_caseload_and_recomputes_its_own(make, login):
    regie, regisseur_b, traject_a, traject_b = _twee_gemeenten(make)
    lever(regie.docent, "aanwezigheid", [periode(traject_a.id, "2026-04-01", "2026-04-30"),
                                         periode(traject_b.id, "2026-04-01", "2026-04-30")])
    web_a, web_b = login(regie.regisseur), login(regisseur_b)
    _schoon()
    caseload.vergeten()
    inst_a, inst_b = (caseload.instellingen_voor(g) for g in (regie.gemeente.id, regisseur_b.organisatie_id))
    voor_a = _zonder_tokens(web_a.get("/voortgang/").get_data(as_text=True))
    voor_b = _zonder_tokens(web_b.get("/voortgang/").get_data(as_text=True))
    sleutel_a, sleutel_b = (caseload._sleutel(regie.regisseur, DAG, inst_a),
                            caseload._sleutel(regisseur_b, DAG, inst_b))
    bewaard_b = caseload._bewaarde(sleutel_b)
    assert caseload._bewaarde(sleutel_a) is not None and bewaard_b is not None

    lever(regie.docent, "aanwezigheid", [periode(traject_a.id, "2026-05-01", "2026-05-31", gepland=37)])
    _vastleggen()
    assert caseload._sleutel(regisseur_b, DAG, inst_b) == sleutel_b
    assert caseload._sleutel(regie.regisseur, DAG, inst_a) != sleutel_a
    na_b = _zonder_tokens(web_b.get("/voortgang/").get_data(as_text=True))
    assert na_b == voor_b and caseload._bewaarde(sleutel_b) is bewaard_b  # B's kept computation, still in use
    na_a = _zonder_tokens(web_a.get("/voortgang/").get_data(as_text=True))
    assert na_a != voor_a and "77" in na_a  # 40 + 37 hours planned: computed afresh from the new delivery
    caseload.vergeten()
    assert _zonder_tokens(web_a.get("/voortgang/").get_data(as_text=True)) == na_a


def test_a_delivery_counts_its_own_hours_so_the_next_caseload_writes_nothing(make, login):
    regie, _regisseur_b, traject_a, _traject_b = _twee_gemeenten(make)
    web = login(regie.regisseur)
    _schoon()
    lever(regie.docent, "aanwezigheid", [periode(traject_a.id, "2026-05-01", "2026-05-31", gepland=37)])
    _vastleggen()
    assert uren.bijwerken() == 0  # nothing left to count
    uren_a = db.session.scalar(sa.select(sa.func.sum(sa.text("uren_gepland"))).select_from(sa.table("traject_uren"))
                               .where(sa.column("traject_id") == traject_a.id))
    assert float(uren_a) == 37
    web.get("/voortgang/")
    assert versie.ongewijzigd()  # the caseload wrote nothing, so it may keep its computation


def test_the_gemeente_counters_start_at_their_first_scoped_write(make):
    regie, _regisseur_b, traject_a, _traject_b = _twee_gemeenten(make)
    _schoon()
    assert db.session.get(SignaalVersieGemeente, regie.gemeente.id) is None
    assert versie.huidige(regie.gemeente.id).gemeente == 0
    lever(regie.docent, "aanwezigheid", [periode(traject_a.id, "2026-05-01", "2026-05-31")])
    _vastleggen()
    assert versie.huidige(regie.gemeente.id).gemeente == 1


def test_a_delivery_that_changes_no_stored_row_raises_no_version_and_the_kept_caseload_stays(make, login):
    regie, regisseur_b, traject_a, traject_b = _twee_gemeenten(make)
    a, b = regie.gemeente.id, regisseur_b.organisatie_id
    rijen = [periode(traject_a.id, "2026-05-01", "2026-05-31", gepland=37),
             periode(traject_b.id, "2026-05-01", "2026-05-31", gepland=12)]
    lever(regie.docent, "aanwezigheid", rijen)
    web_a = login(regie.regisseur)
    _schoon()
    caseload.vergeten()
    voor = _zonder_tokens(web_a.get("/voortgang/").get_data(as_text=True))
    sleutel = caseload._sleutel(regie.regisseur, DAG, caseload.instellingen_voor(a))
    bewaard = caseload._bewaarde(sleutel)
    voor_a, voor_b = versie.huidige(a), versie.huidige(b)

    rapport = lever(regie.docent, "aanwezigheid", rijen)  # the same month again, as a monthly export re-sends it
    assert (rapport.status, rapport.created, rapport.corrected, rapport.unchanged) == ("accepted", 0, 0, 2)
    assert versie.ongewijzigd()  # only the batch row and the log were written: nothing a signal reads
    _vastleggen()
    assert (versie.huidige(a), versie.huidige(b)) == (voor_a, voor_b)
    assert uren.bijwerken() == 0  # the batch is counted all the same
    na = _zonder_tokens(web_a.get("/voortgang/").get_data(as_text=True))
    assert na == voor and caseload._bewaarde(sleutel) is bewaard
    caseload.vergeten()
    assert _zonder_tokens(web_a.get("/voortgang/").get_data(as_text=True)) == voor


def test_a_delivery_names_only_the_trajectories_whose_rows_it_created_or_corrected(make):
    regie, _regisseur_b, traject_a, _traject_b = _twee_gemeenten(make)
    a = regie.gemeente.id
    tweede = nieuw_traject(regie.regisseur, date(2025, 6, 3), date(2025, 6, 20))
    toewijzen(regie.regisseur, tweede, regie.taal, "taal", date(2025, 7, 1))
    lever(regie.docent, "aanwezigheid", [periode(traject_a.id, "2026-05-01", "2026-05-31", gepland=37),
                                         periode(tweede.id, "2026-05-01", "2026-05-31", gepland=12)])
    _vastleggen()
    voor = versie.huidige(a)
    rapport = lever(regie.docent, "aanwezigheid", [periode(traject_a.id, "2026-05-01", "2026-05-31", gepland=37),
                                                   periode(tweede.id, "2026-05-01", "2026-05-31", gepland=13)])
    assert (rapport.corrected, rapport.unchanged) == (1, 1)
    _vastleggen()
    na = versie.huidige(a)
    assert na.gemeente == voor.gemeente + 1
    assert versie.wijzigingen(a, voor.gemeente, na.gemeente) == {tweede.id}
    uren_tweede = db.session.scalar(sa.select(sa.func.sum(sa.text("uren_gepland")))
                                    .select_from(sa.table("traject_uren")).where(sa.column("traject_id") == tweede.id))
    assert float(uren_tweede) == 13

    voor = na
    lever(regie.docent, "aanwezigheid", [periode(traject_a.id, "2026-06-01", "2026-06-07")])  # a new period
    _vastleggen()
    na = versie.huidige(a)
    assert versie.wijzigingen(a, voor.gemeente, na.gemeente) == {traject_a.id}


def test_a_rejected_delivery_raises_no_version_at_all(make):
    regie, _regisseur_b, traject_a, _traject_b = _twee_gemeenten(make)
    _schoon()
    voor = versie.huidige(regie.gemeente.id)
    from portal.leveringen.service import Aanlevering, importeer
    rapport, _ = importeer(regie.docent, regie.taal, "aanwezigheid", Aanlevering(
        rijen=[periode(traject_a.id, "2026-05-01", "2026-05-31", gepland=1, aanwezig=5)]), kanaal="api")
    assert rapport.status == "rejected"
    _vastleggen()
    assert versie.huidige(regie.gemeente.id) == voor


def test_a_delivery_without_hours_raises_its_gemeentes_version_naming_its_trajectories(make):
    """New afronding rows go in through bulk.insert_rows (COPY on PostgreSQL), no SQLAlchemy statement, and no hours
    are counted after them: the insert itself must count."""
    regie = bouw_regie(make)
    traject = nieuw_traject(regie.regisseur, date(2025, 6, 2), date(2025, 6, 20))
    toewijzen(regie.regisseur, traject, regie.mappvt, "pvt", date(2025, 7, 1))
    _schoon()
    voor = versie.huidige(regie.gemeente.id)
    lever(regie.coach, "afronding", [afronding(traject.id, "pvt", "2026-06-10")])
    assert not versie.ongewijzigd()
    _vastleggen()
    na = versie.huidige(regie.gemeente.id)
    assert na.gemeente == voor.gemeente + 1
    assert versie.wijzigingen(regie.gemeente.id, voor.gemeente, na.gemeente) == {traject.id}


def test_delivering_the_good_rows_of_a_rejected_upload_raises_only_their_gemeentes_version(make):
    regie, regisseur_b, traject_a, traject_b = _twee_gemeenten(make)
    from portal.leveringen.service import Aanlevering, importeer, lever_goede_regels
    kop = ("traject_id;onderdeel;periode_start;periode_eind;uren_gepland;uren_aanwezig;uren_verzuim_geoorloofd;"
           "uren_verzuim_ongeoorloofd\n")
    bestand = (kop + f"{traject_a.id};taal;2026-05-01;2026-05-31;40;30;0;0\n"
               f"{traject_b.id};taal;2026-05-01;2026-05-31;1;5;0;0\n").encode()  # B's row: more present than planned
    rapport, _ = importeer(regie.docent, regie.taal, "aanwezigheid",
                           Aanlevering(data=bestand, bestandsnaam="mei.csv"), kanaal="upload")
    assert rapport.status == "rejected", rapport.as_dict()
    _vastleggen()
    voor_a, voor_b = versie.huidige(regie.gemeente.id), versie.huidige(regisseur_b.organisatie_id)
    batch = db.session.get(AanleverBatch, rapport.batch_id)
    assert batch.bewaard_csv is not None, rapport.as_dict()["errors"]
    assert lever_goede_regels(regie.docent, batch).stored == 1
    _vastleggen()
    na_a, na_b = versie.huidige(regie.gemeente.id), versie.huidige(regisseur_b.organisatie_id)
    assert (na_a.nummer, na_a.gemeente) == (voor_a.nummer, voor_a.gemeente + 1)  # not the version for all
    assert na_b == voor_b
    assert versie.wijzigingen(regie.gemeente.id, voor_a.gemeente, na_a.gemeente) == {traject_a.id}


def _uren_rijen() -> list[tuple]:
    return [tuple(r) for r in db.session.execute(sa.text(
        "SELECT traject_id, onderdeel, aanbieder_id, perioden, uren_gepland, uren_aanwezig, uren_verzuim_geoorloofd, "
        "uren_verzuim_ongeoorloofd, laatste_periode_eind, laatste_aanlevering FROM traject_uren "
        "ORDER BY traject_id, onderdeel, aanbieder_id"))]


def test_the_hours_a_delivery_counts_equal_a_full_recount_exactly_after_new_corrected_and_resent_rows(make):
    """On PostgreSQL a batch's new rows are added to the sums (uren.optellen), corrected trajectories recomputed;
    the stored floats must be exactly those of a recount of every row."""
    regie = bouw_regie(make)
    trajecten = [nieuw_traject(regie.regisseur, date(2025, 6, 2), date(2025, 6, 20)) for _ in range(3)]
    for traject in trajecten:
        toewijzen(regie.regisseur, traject, regie.taal, "taal", date(2025, 7, 1))
        toewijzen(regie.regisseur, traject, regie.mappvt, "pvt", date(2025, 7, 1))
    rng = random.Random(18)
    geleverd: dict[tuple, dict] = {}
    dagen = iter(date(2025, 8, 1) + timedelta(days=n) for n in range(300))
    for _ronde in range(8):
        for user, onderdeel in ((regie.docent, "taal"), (regie.coach, "pvt")):
            rijen = []
            for traject in rng.sample(trajecten, rng.randint(1, 3)):
                dag = next(dagen).isoformat()
                rijen.append(periode(traject.id, dag, dag, gepland=rng.choice((10.01, 8.33, 7.77, 12.5, 8.1)),
                                     aanwezig=rng.choice((0.1, 0.2, 0.3, 1.01, 2.22, 7.07)), onderdeel=onderdeel))
            eerder = [r for (o, _t, _d), r in geleverd.items() if o == onderdeel]
            for rij in rng.sample(eerder, min(len(eerder), rng.randint(0, 2))):  # corrections and re-sent rows
                rijen.append({**rij, "uren_aanwezig": rng.choice((rij["uren_aanwezig"], 0.3, 0.07))})
            lever(user, "aanwezigheid", rijen)
            for rij in rijen:
                geleverd[(onderdeel, rij["traject_id"], rij["periode_start"])] = rij
            geteld = _uren_rijen()
            uren.herbereken([t.id for t in trajecten])
            assert geteld == _uren_rijen()
    assert {r[3] for r in _uren_rijen()} != {1}  # several periods per trajectory and onderdeel were summed
