"""The caseload kept per process (portal/voortgang/caseload.py, keyed by the data version of versie.py): a kept
computation shows exactly what a fresh one shows, and every committed write to the signals' data makes it stale.

In these tests commits are savepoint releases inside one outer transaction (tests/conftest.py `ctx`), so the data
version never moves and a connection that wrote is marked (versie.ongewijzigd) — which makes the caseload compute
afresh, as it must for a transaction that sees its own writes. `_vastgelegd` stands for "all of it was committed":
it gives the database a version number no other test uses and clears the mark."""
import re
import uuid
from datetime import date

import pandas as pd
import sqlalchemy as sa

from portal.extensions import db
from portal.models import Organisatie, SignaalVersie, User
from portal.voortgang import caseload, signalen, uren, versie
from tests.helpers.voortgang import bouw_regie, bouw_zeven, lever, nieuw_traject, periode, toewijzen

PAGINAS = ["/voortgang/", "/voortgang/?signaal=alle", "/voortgang/?signaal=te_laat",
           "/voortgang/?signaal=geen_aanlevering", "/voortgang/?sorteer=aanwezig&richting=af",
           "/voortgang/?leerroute=z_route", "/voortgang/?richting=af", "/voortgang/export.csv", "/"]


def _vastgelegd() -> None:
    db.session.execute(sa.update(SignaalVersie).values(versie=uuid.uuid4().int % 10**15))
    db.session.connection().info.pop(versie._GEWIJZIGD, None)
    db.session.connection().info.pop(versie._GEMEENTEN, None)  # a delivery's writes, counted per gemeente


def _zonder_tokens(html: str) -> str:
    return re.sub(r'name="csrf_token"[^>]*value="[^"]+"', "", html)


def _toon(web, paden) -> dict[str, str]:
    return {pad: _zonder_tokens(web.get(pad).get_data(as_text=True)) for pad in paden}


def test_a_kept_caseload_shows_exactly_what_a_fresh_computation_shows(login, make):
    regie = bouw_regie(make)
    zeven = bouw_zeven(regie)
    trajecten = [f"/trajecten/{t.id}" for t in vars(zeven).values()]
    web = login(regie.regisseur)
    vers = _toon(web, PAGINAS + trajecten)  # the connection wrote: computed afresh on every request
    _vastgelegd()
    caseload.vergeten()
    eerst, dan = _toon(web, PAGINAS + trajecten), _toon(web, PAGINAS + trajecten)  # made and kept, then kept
    sleutel = caseload._sleutel(regie.regisseur, date(2026, 6, 15), caseload.instellingen_voor(regie.gemeente.id))
    assert caseload._bewaarde(sleutel) is not None
    assert eerst == vers and dan == vers


def test_the_start_page_keeps_its_due_signals_with_the_caseload_until_a_committed_write(login, make):
    regie = bouw_regie(make)
    bouw_zeven(regie)
    web = login(regie.regisseur)
    vers = _toon(web, ["/"])["/"]  # counts the new deliveries' hours (a write): computed afresh
    _vastgelegd()
    caseload.vergeten()
    eerst = _toon(web, ["/"])["/"]
    assert eerst == vers
    sleutel = caseload._sleutel(regie.regisseur, date(2026, 6, 15), caseload.instellingen_voor(regie.gemeente.id))
    kept = caseload._bewaarde(sleutel)
    assert kept is not None and "te_doen 2026-06-15" in kept.afgeleid
    assert _toon(web, ["/"])["/"] == eerst
    # a trajectory whose aanbieder never delivered: its geen_aanlevering signal is long due
    extra = nieuw_traject(regie.regisseur, date(2026, 1, 5), None)
    toewijzen(regie.regisseur, extra, regie.taal, "taal", date(2026, 2, 2))
    _vastgelegd()
    dan = _toon(web, ["/"])["/"]
    assert extra.id not in eerst and extra.id in dan


def test_a_trajectory_page_takes_its_signals_from_the_kept_caseload_exactly(login, make):
    regie = bouw_regie(make)
    zeven = bouw_zeven(regie)
    dag = date(2026, 6, 15)
    inst = caseload.instellingen_voor(regie.gemeente.id)
    vers = {t.id: caseload.traject_signalen(regie.regisseur, t, dag) for t in vars(zeven).values()}
    _vastgelegd()
    caseload.vergeten()
    login(regie.regisseur).get("/voortgang/")
    for traject in vars(zeven).values():
        bewaard = caseload.traject_signalen(regie.regisseur, traject, dag)
        # the same values; a column's dtype may differ (pandas infers str for a frame of one rule's signals)
        pd.testing.assert_frame_equal(bewaard, vers[traject.id], check_dtype=False)
        assert signalen.als_json(bewaard) == signalen.als_json(vers[traject.id])
        assert signalen.als_lijst(bewaard, inst) == signalen.als_lijst(vers[traject.id], inst)
        # what the trajectory page shows: its rows of the kept computation, explained
        assert (caseload.traject_signalen_uitgelegd(regie.regisseur, traject, dag, inst)
                == signalen.als_lijst(vers[traject.id], inst))
    assert sum(len(frame) for frame in vers.values()) >= 7


def test_a_delivery_committed_after_a_view_is_counted_by_the_next_view(login, make):
    regie = bouw_regie(make)
    zeven = bouw_zeven(regie)
    web = login(regie.regisseur)
    web.get("/voortgang/")  # counts the deliveries so far
    _vastgelegd()
    caseload.vergeten()
    for pad in ("/voortgang/", "/", f"/trajecten/{zeven.verzuim.id}"):  # nothing to count at this version: skipped
        assert web.get(pad).status_code == 200
    assert uren._schoon_bij[0] == versie.huidige(regie.regisseur.organisatie_id)
    lever(regie.docent, "aanwezigheid", [periode(zeven.verzuim.id, "2026-06-08", "2026-06-14", gepland=10,
                                                 ongeoorloofd=10)])
    _vastgelegd()  # the delivery committed (and counted its own batch): a new version of the gemeente
    assert uren._schoon_bij[0] != versie.huidige(regie.regisseur.organisatie_id)  # so the next view does not skip
    assert web.get(f"/trajecten/{zeven.verzuim.id}").status_code == 200
    assert uren._nieuwe_batches() == []


def test_a_write_in_the_request_transaction_is_never_served_from_or_kept_in_the_cache(login, make):
    regie = bouw_regie(make)
    zeven = bouw_zeven(regie)
    web = login(regie.regisseur)
    _vastgelegd()
    caseload.vergeten()
    assert "7 trajecten gevonden" in web.get("/voortgang/").get_data(as_text=True)
    extra = nieuw_traject(regie.regisseur, date(2026, 1, 5), None)  # written, not committed: no new version
    toewijzen(regie.regisseur, extra, regie.taal, "taal", date(2026, 2, 2))
    lever(regie.docent, "aanwezigheid", [periode(zeven.verzuim.id, "2026-06-01", "2026-06-07", gepland=10,
                                                 ongeoorloofd=10)])
    html = web.get("/voortgang/").get_data(as_text=True)
    assert "8 trajecten gevonden" in html and extra.id in html


def test_every_committed_write_to_the_signals_data_raises_the_version_and_nothing_else_does(app):
    with app.app_context():
        def stand() -> int:
            with db.engine.connect() as conn:
                return conn.scalar(sa.select(SignaalVersie.versie))

        start = stand()
        with db.engine.begin() as conn:  # a write to a watched table, committed (matching no row still counts)
            conn.execute(sa.update(Organisatie).where(Organisatie.id == -1).values(naam="x"))
        assert stand() == start + 1
        with db.engine.connect() as conn:  # the same write rolled back
            conn.execute(sa.update(Organisatie).where(Organisatie.id == -1).values(naam="x"))
            conn.rollback()
        with db.engine.begin() as conn:  # accounts are no signal data
            conn.execute(sa.update(User).where(User.id == -1).values(naam="x"))
        with db.engine.begin() as conn:  # a read only
            conn.execute(sa.select(Organisatie.id).limit(1)).all()
        assert stand() == start + 1


def test_the_first_view_after_a_write_keeps_the_aanbieder_choices_and_a_committed_assignment_renews_them(login,
                                                                                                          make):
    regie = bouw_regie(make)
    bouw_zeven(regie)
    nieuw = make.aanbieder(["taal"], naam="Taalschool Zuid")
    make.vo(nieuw, regie.gemeente)
    web = login(regie.regisseur)
    web.get("/voortgang/")  # counts the deliveries so far (a write)
    _vastgelegd()
    caseload.vergeten()
    eerst = web.get("/voortgang/").get_data(as_text=True)
    sleutel = caseload._sleutel(regie.regisseur, date(2026, 6, 15), caseload.instellingen_voor(regie.gemeente.id))
    kept = caseload._bewaarde(sleutel)
    assert kept is not None and kept.keuze == [(regie.mappvt.id, "MAP-bureau"), (regie.taal.id, "Taalhuis Noord")]
    assert "Taalhuis Noord</option>" in eerst and "Taalschool Zuid</option>" not in eerst
    extra = nieuw_traject(regie.regisseur, date(2026, 1, 5), None)
    toewijzen(regie.regisseur, extra, nieuw, "taal", date(2026, 2, 2))
    _vastgelegd()
    dan = web.get("/voortgang/").get_data(as_text=True)
    assert "Taalschool Zuid</option>" in dan and _zonder_tokens(web.get("/voortgang/").get_data(as_text=True)) == \
        _zonder_tokens(dan)


def test_the_start_page_after_the_caseload_explains_its_due_signals_from_the_kept_computation_exactly(login, make):
    regie = bouw_regie(make)
    bouw_zeven(regie)
    web = login(regie.regisseur)
    vers = _toon(web, ["/"])["/"]  # the connection wrote: computed and explained afresh
    assert vers.count("#signalen") >= 2  # due lines, each a link to its trajectory's signals
    _vastgelegd()
    caseload.vergeten()
    web.get("/voortgang/")  # explains the shown signals with the kept computation
    sleutel = caseload._sleutel(regie.regisseur, date(2026, 6, 15), caseload.instellingen_voor(regie.gemeente.id))
    kept = caseload._bewaarde(sleutel)
    uitgelegd = dict(kept.uitleg)
    assert uitgelegd
    assert _toon(web, ["/"])["/"] == vers
    assert all(kept.uitleg[i] is s for i, s in uitgelegd.items())  # explained once, shared by both pages


def test_the_trajectory_page_keeps_its_forms_aanbieders_per_data_version_and_reads_them_after_a_write(login, make):
    """The assignment form's aanbieders are read once per data version for all gemeenten; a new aanbieder is a write
    to the organisations, counted for all, so the next page reads them again and offers her."""
    from portal.beheer import services as beheer
    from tests.integration.test_page_queries import _statements

    def aanbieders_gelezen(web, pad) -> tuple[bool, str]:
        db.session.expire_all()
        with _statements() as seen:
            html = web.get(pad).get_data(as_text=True)
        return any("organisatie.onderdelen_csv" in s and "FROM organisatie" in s for s in seen), html

    regie = bouw_regie(make)
    zeven = bouw_zeven(regie)
    web, pad = login(regie.regisseur), f"/trajecten/{zeven.verzuim.id}"
    _vastgelegd()
    gelezen, eerst = aanbieders_gelezen(web, pad)
    assert gelezen and "MAP-bureau (map, pvt)" in eerst
    gelezen, dan = aanbieders_gelezen(web, pad)
    assert not gelezen and _zonder_tokens(dan) == _zonder_tokens(eerst)

    beheer.create_organisatie("NIEUWTAAL", "aanbieder", "Nieuwe Taalschool", ["taal"])
    gelezen, html = aanbieders_gelezen(web, pad)  # this transaction wrote: no version describes what it sees
    assert gelezen and "Nieuwe Taalschool (taal)" in html
    _vastgelegd()  # committed: a new version
    gelezen, html = aanbieders_gelezen(web, pad)
    assert gelezen and "Nieuwe Taalschool (taal)" in html
    assert not aanbieders_gelezen(web, pad)[0]
