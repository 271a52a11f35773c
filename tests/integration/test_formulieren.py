"""Forms speak the form (issue 19.2): all errors of a form at once by label, dates typed as dd-mm-jjjj, empty
verzuim hours as 0, optional fields marked, and a confirmation before overwriting a period or starting a
verwerkingsstop."""
import html
import re

from sqlalchemy import func, select

from dpia.verwerkingsstop.models import Verwerkingsstop
from portal.extensions import db
from portal.models import AanleverBatch, Aanwezigheid, Traject
from portal.trajecten.ids import ALPHABET
from tests.conftest import _csrf

APRIL = {"onderdeel": "taal", "periode_start": "01-04-2026", "periode_eind": "30-04-2026", "uren_gepland": "40",
         "uren_aanwezig": "40", "uren_verzuim_geoorloofd": "0", "uren_verzuim_ongeoorloofd": "0",
         "verzuim_reden": "", "aantal_keer_verzuim": ""}


def _invoer(web, traject, data, soort="aanwezigheid"):
    response = web.post(f"/trajecten/{traject.id}/invoer/{soort}", data={**data, "csrf_token": web.csrf_token})
    return response, html.unescape(response.get_data(as_text=True))


def _summary(page: str) -> list[str]:
    start = page.index('role="alert"')
    return re.findall(r"<li[^>]*>(?:<a [^>]*>)?([^<]*)", page[start:page.index("</ul>", start)])


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_every_error_of_a_delivery_form_is_listed_at_once_by_its_label(world, login):
    web = login(world.taal_user)
    response, page = _invoer(web, world.traject, {**APRIL, "periode_start": "31-02-2026", "uren_gepland": "",
                                                  "uren_verzuim_ongeoorloofd": "3", "uren_aanwezig": "veertig",
                                                  "aantal_keer_verzuim": "123456782"})
    assert response.status_code == 422
    assert _summary(page) == [
        "Begin periode: 31-02-2026 bestaat niet. Controleer dag en maand.",
        "Uren gepland: Vul uren gepland in.",
        "Uren aanwezig: Vul uren aanwezig in als getal, bijvoorbeeld 12 of 12,5.",
        "Reden verzuim: Kies een reden verzuim: die is verplicht als er uren verzuim zijn.",
        "Aantal keer verzuim: Aantal keer verzuim bevat een nummer dat op een BSN lijkt; laat het weg.",
    ]
    assert "123456782" not in page and "kolom" not in page and "cel " not in page
    assert _count(Aanwezigheid) == 0 and _count(AanleverBatch) == 0


def test_an_end_before_the_start_has_its_own_message(world, login):
    web = login(world.taal_user)
    response, page = _invoer(web, world.traject, {**APRIL, "periode_eind": "20-03-2026"})
    assert response.status_code == 422
    assert "Einde periode: Einde periode ligt voor begin periode. Controleer beide datums." in _summary(page)


def test_empty_verzuim_hours_are_zero_and_need_no_reason(world, login):
    web = login(world.taal_user)
    response, _ = _invoer(web, world.traject, {**APRIL, "uren_aanwezig": "38", "uren_verzuim_geoorloofd": "",
                                               "uren_verzuim_ongeoorloofd": ""})
    assert response.status_code == 302
    periode = db.session.scalars(select(Aanwezigheid)).one()
    assert (periode.uren_aanwezig, periode.uren_verzuim_geoorloofd, periode.uren_verzuim_ongeoorloofd,
            periode.verzuim_reden, periode.periode_start.isoformat()) == (38, 0, 0, None, "2026-04-01")


def test_optional_fields_are_marked_and_dates_are_text_inputs_for_dd_mm_jjjj(world, login):
    web = login(world.taal_user)
    page = web.get(f"/trajecten/{world.traject.id}/invoer/aanwezigheid").get_data(as_text=True)
    assert re.search(r'for="aantal_keer_verzuim">Aantal keer verzuim <span class="portal-optioneel">\(optioneel\)',
                     page)
    assert re.search(r'for="uren_verzuim_geoorloofd">Uren verzuim geoorloofd <span class="portal-optioneel">', page)
    assert 'for="uren_gepland">Uren gepland</label>' in page
    assert 'for="verzuim_reden">Reden verzuim</label>' in page, "required when there is verzuim: no mark"
    assert 'type="date"' not in page
    start = re.search(r'<input[^>]*name="periode_start"[^>]*>', page).group(0)
    assert 'type="text"' in start and 'inputmode="numeric"' in start and 'placeholder="dd-mm-jjjj"' in start
    regisseur = login(world.regisseur_a)
    for url in ("/trajecten/nieuw", f"/trajecten/{world.traject.id}/wijzigen"):
        assert 'type="date"' not in regisseur.get(url).get_data(as_text=True), url


def test_a_period_already_delivered_is_overwritten_only_after_the_aanbieder_confirms(world, login):
    web = login(world.taal_user)
    assert _invoer(web, world.traject, APRIL)[0].status_code == 302
    changed = {**APRIL, "uren_aanwezig": "36", "uren_verzuim_geoorloofd": "4", "verzuim_reden": "ziekte"}

    response, page = _invoer(web, world.traject, changed)
    assert response.status_code == 200 and "Overschrijven?" in page
    block = page[page.index('id="overschrijven"'):]
    assert "<dt>Uren aanwezig</dt><dd>40</dd>" in block and "<dt>Begin periode</dt><dd>01-04-2026</dd>" in block
    periode = db.session.scalars(select(Aanwezigheid)).one()
    assert (periode.versie, periode.uren_aanwezig) == (1, 40), "nothing is overwritten before the answer"
    assert 'value="36"' in page, "what was typed stays in the form"

    response, _ = _invoer(web, world.traject, {**changed, "overschrijven": "Ja, overschrijven"})
    assert response.status_code == 302
    db.session.refresh(periode)
    assert (periode.versie, periode.uren_aanwezig) == (2, 36)


def test_the_same_values_again_or_a_correction_of_the_record_itself_needs_no_confirmation(world, login):
    web = login(world.taal_user)
    _invoer(web, world.traject, APRIL)
    assert _invoer(web, world.traject, APRIL)[0].status_code == 302
    periode = db.session.scalars(select(Aanwezigheid)).one()
    response = web.post(f"/trajecten/{world.traject.id}/invoer/aanwezigheid?record={periode.id}",
                        data={**APRIL, "uren_aanwezig": "39", "csrf_token": web.csrf_token})
    assert response.status_code == 302
    db.session.refresh(periode)
    assert (periode.versie, periode.uren_aanwezig) == (2, 39)


def test_a_new_trajectory_takes_its_pip_date_as_d_m_jjjj_and_an_impossible_date_by_name(world, login):
    web = login(world.regisseur_a)
    data = {"doelgroep": "asielstatushouder", "leerroute": "b1", "intensiteit_uren": "600",
            "csrf_token": web.csrf_token}
    response = web.post("/trajecten/nieuw", data={**data, "pip_datum": "30-02-2026", "datum_aanbod": "2026-13-01"})
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert "PIP-datum: 30-02-2026 bestaat niet. Controleer dag en maand." in _summary(page)
    assert "Datum inburgeringsaanbod: 01-13-2026 bestaat niet. Controleer dag en maand." in _summary(page)
    assert re.search(r'for="datum_aanbod">Datum inburgeringsaanbod <span class="portal-optioneel">', page)

    response = web.post("/trajecten/nieuw", data={**data, "pip_datum": "2-3-2026"})
    assert response.status_code == 302
    traject_id = response.headers["Location"].rsplit("/", 1)[1]
    assert db.session.get(Traject, traject_id).pip_datum.isoformat() == "2026-03-02"


def test_the_change_form_says_a_termijn_that_ends_before_it_starts_and_stores_a_typed_date(world, login):
    web = login(world.regisseur_a)
    url = f"/trajecten/{world.traject.id}/wijzigen"
    page = html.unescape(web.get(url).get_data(as_text=True))
    velden = {name: value for name, value in re.findall(r'name="([a-z_]+)"[^>]*value="([^"]*)"', page)}
    selects = {name: "" for name in ("niveau", "reden_einde")}
    data = {**selects, "doelgroep": "asielstatushouder", "leerroute": "b1", "status": "actief", **velden,
            "csrf_token": web.csrf_token, "reden": "DUO-termijn ontvangen"}
    response = web.post(url, data={**data, "termijn_start": "06-01-2025", "termijn_einde": "05-01-2025"})
    assert response.status_code == 422
    assert ("Einde inburgeringstermijn: Einde inburgeringstermijn ligt voor begin inburgeringstermijn: de einddatum "
            "kan niet voor de begindatum liggen.") in _summary(html.unescape(response.get_data(as_text=True)))
    response = web.post(url, data={**data, "termijn_start": "06-01-2025", "termijn_einde": "6-1-2028"})
    assert response.status_code == 302, html.unescape(response.get_data(as_text=True))[-3000:]
    db.session.refresh(world.traject)
    assert world.traject.termijn_einde.isoformat() == "2028-01-06"


def test_a_verwerkingsstop_starts_only_after_a_confirmation_that_says_what_stops(world, login, make):
    make.traject(world.regisseur_a)
    web = login(world.privacy_a)
    token = _csrf(web.get("/privacy/verwerkingsstops").get_data(as_text=True))
    data = {"csrf_token": token, "activiteit": "voortgangsrapportage", "reden": "Oproep SZW"}
    response = web.post("/privacy/verwerkingsstops", data=data)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "Dit stopt direct de verwerking Voortgangsrapportage voor 2 trajecten van Gemeente Aadorp." in \
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))
    assert "De aanbieders kunnen voor deze trajecten niets meer aanleveren" in page
    assert db.session.scalar(select(func.count()).select_from(Verwerkingsstop)) == 0

    response = web.post("/privacy/verwerkingsstops", data={**data, "bevestigen": "Ja, stopzetten"})
    assert response.status_code == 302
    stop = db.session.scalars(select(Verwerkingsstop)).one()
    assert (stop.activiteit, stop.reden) == ("voortgangsrapportage", "Oproep SZW")


def test_a_verzoek_with_a_mistyped_trajectory_id_is_told_the_check_character_does_not_fit(world, login):
    web = login(world.privacy_a)
    token = _csrf(web.get("/privacy/verzoeken/nieuw").get_data(as_text=True))
    good = world.traject.id
    wrong = good[:-1] + ALPHABET[(ALPHABET.index(good[-1]) + 1) % len(ALPHABET)]
    response = web.post("/privacy/verzoeken/nieuw", data={"csrf_token": token, "type": "inzage",
                                                           "ontvangen": "01-06-2026", "traject_ids": wrong})
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert f"{wrong}: controleteken klopt niet — typefout?" in page
