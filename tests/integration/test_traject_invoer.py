"""Entering and correcting one delivery record by form on the trajectory page: the import service's validation, the
BSN guard, versions with history, totals over the current records, and who may see or enter what."""
import html
import io
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.models import AanleverBatch, Aanwezigheid, Afronding, LeveringHistorie, Toets

MEI = {"onderdeel": "taal", "periode_start": "2026-05-01", "periode_eind": "2026-05-31", "uren_gepland": "40",
       "uren_aanwezig": "32,5", "uren_verzuim_geoorloofd": "4", "uren_verzuim_ongeoorloofd": "0",
       "verzuim_reden": "ziekte", "aantal_keer_verzuim": "2"}
APRIL = {"onderdeel": "taal", "periode_start": "2026-04-01", "periode_eind": "2026-04-30", "uren_gepland": "40",
         "uren_aanwezig": "40", "uren_verzuim_geoorloofd": "0", "uren_verzuim_ongeoorloofd": "0",
         "verzuim_reden": "", "aantal_keer_verzuim": ""}
TOETS = {"datum": "2026-05-20", "vaardigheid": "lezen", "niveau": "A2", "resultaat": "behaald", "score": "78,5"}
AFRONDING = {"onderdeel": "taal", "datum": "2026-06-01", "status": "afgerond", "reden": "", "verwijtbaar": ""}
BSN = "123456782"  # passes the elfproef
MODELS = {"aanwezigheid": Aanwezigheid, "toets": Toets, "afronding": Afronding}


def _invoer(web, traject, soort, data, record=None):
    url = f"/trajecten/{traject.id}/invoer/{soort}" + (f"?record={record}" if record else "")
    return web.post(url, data={**data, "csrf_token": web.csrf_token})


def _page(web, traject) -> str:
    response = web.get(f"/trajecten/{traject.id}")
    assert response.status_code == 200
    return html.unescape(response.get_data(as_text=True))


def _section(page: str, element_id: str) -> str:
    start = page.index(f'id="{element_id}"')
    return page[start:page.index("</table>", start)]


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _api_messages(client, make, user, soort, row) -> dict[str, str]:
    """What the upload path (API, JSON rows) reports for the same row: column -> message."""
    response = client.post(f"/api/v1/aanleveringen?soort={soort}", json=[row],
                           headers={"Authorization": f"Bearer {make.token(user)}"})
    assert response.status_code == 422, response.json
    return {e["column"]: e["message"] for e in response.json["errors"]}


def test_entering_each_soort_by_form_stores_it_and_shows_the_numbers_on_the_trajectory_page(world, login):
    web = login(world.taal_user)
    for soort, data in (("aanwezigheid", MEI), ("toets", TOETS), ("afronding", AFRONDING)):
        assert web.get(f"/trajecten/{world.traject.id}/invoer/{soort}").status_code == 200
        response = _invoer(web, world.traject, soort, data)
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        assert response.headers["Location"].endswith(f"/trajecten/{world.traject.id}#leveringen")
    periode = db.session.scalars(select(Aanwezigheid).where(Aanwezigheid.traject_id == world.traject.id)).one()
    assert (periode.uren_aanwezig, periode.verzuim_reden.value, periode.aantal_keer_verzuim, periode.versie) == \
        (32.5, "ziekte", 2, 1)
    assert periode.aanbieder_id == world.taal_aanbieder.id
    assert db.session.scalars(select(Toets)).one().score == 78.5
    assert db.session.scalars(select(Afronding)).one().status.value == "afgerond"
    batches = db.session.scalars(select(AanleverBatch).where(AanleverBatch.aanbieder_id == world.taal_aanbieder.id))
    assert {(b.kanaal, b.status, b.soort) for b in batches} == {
        ("formulier", "accepted", s) for s in ("aanwezigheid", "toets", "afronding")}

    page = _page(web, world.traject)
    assert "Opgeslagen." in page
    totalen = _section(page, "totalen")
    assert "32,5 van 800 uur" in totalen and ">40<" in totalen and ">4<" in totalen
    aanwezigheid = _section(page, "aanwezigheid")
    assert "01-05-2026 t/m 31-05-2026" in aanwezigheid and "Ziekte" in aanwezigheid
    toetsen = _section(page, "toetsen")
    assert "20-05-2026" in toetsen and "78,5" in toetsen and "Behaald" in toetsen and "A2" in toetsen
    assert "01-06-2026" in _section(page, "afrondingen")
    assert "Nog geen correcties." in page


def test_the_same_values_again_change_nothing(world, login):
    web = login(world.taal_user)
    _invoer(web, world.traject, "aanwezigheid", MEI)
    assert _invoer(web, world.traject, "aanwezigheid", MEI).status_code == 302
    assert "Niets gewijzigd" in _page(web, world.traject)
    assert db.session.scalars(select(Aanwezigheid)).one().versie == 1
    assert _count(LeveringHistorie) == 0


CASES = {
    "uren_ongeldig": ("aanwezigheid", {**MEI, "uren_aanwezig": "50"}, "uren_gepland", "uren_ongeldig",
                      "Aanwezig en verzuim zijn samen 54 uur, meer dan de 40 uur gepland. Corrigeer de uren."),
    "verzuim_reden verplicht": ("aanwezigheid", {**MEI, "verzuim_reden": ""}, "verzuim_reden", "verplicht",
                                "Kies een reden verzuim: die is verplicht als er uren verzuim zijn."),
    "datum_in_toekomst": ("aanwezigheid", {**MEI, "periode_start": "2026-06-10", "periode_eind": "2026-06-20"},
                          "periode_eind", "datum_in_toekomst", "Einde periode ligt in de toekomst."),
    "periode_ongeldig": ("aanwezigheid", {**MEI, "periode_start": "2026-03-01"}, "periode_eind",
                         "periode_ongeldig", "De periode is 92 dagen."),
    "getal_ongeldig": ("aanwezigheid", {**MEI, "uren_gepland": "veertig"}, "uren_gepland", "getal_ongeldig",
                       "Vul uren gepland in als getal, bijvoorbeeld 12 of 12,5."),
    "datum voor 2022": ("toets", {**TOETS, "datum": "2021-12-01"}, "datum", "datum_ongeldig",
                        "Datum toets ligt voor 01-01-2022"),
    "toets verplicht": ("toets", {**TOETS, "niveau": ""}, "niveau", "verplicht", "Kies niveau."),
    "score boven 100": ("toets", {**TOETS, "score": "101"}, "score", "getal_ongeldig",
                        "Score (0–100) moet tussen 0 en 100 liggen."),
    "afronding zonder reden": ("afronding", {**AFRONDING, "status": "voortijdig_beeindigd"}, "reden", "verplicht",
                               "Kies reden: verplicht als de status niet ‘afgerond’ is."),
}
FILE_WORDS = re.compile(r"\b(kolom|cel|regel)\b|[a-z]+_[a-z_]+")


@pytest.mark.parametrize("case", CASES)
def test_a_form_with_errors_shows_the_rule_in_the_forms_words_on_its_field_and_stores_nothing(world, login, make,
                                                                                             client, case):
    soort, data, column, code, form_message = CASES[case]
    web = login(world.taal_user)
    response = _invoer(web, world.traject, soort, data)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert _count(MODELS[soort]) == 0
    assert _count(AanleverBatch) == 0, "a rejected form entry leaves no batch behind"

    error_block = page[page.index(f'id="{column}-error"'):]
    error_block = error_block[:error_block.index("</div>\n</div>")]
    assert form_message in error_block, (code, error_block)
    summary = page[page.index('role="alert"'):]
    summary = summary[:summary.index("</ul>")]
    assert form_message in summary
    for message in re.findall(r'<a [^>]*href="#[^"]+">([^<]*)</a>', summary):
        assert not FILE_WORDS.search(message.split(": ", 1)[1]), message
    # the upload and API keep the file's words (a contract with the aanbieders)
    expected = _api_messages(client, make, world.taal_user, soort, {"traject_id": world.traject.id, **data})
    if FILE_WORDS.search(expected[column]):
        assert expected[column] not in page
    # what was typed stays in the form, so it can be corrected
    for name, value in data.items():
        if value and name not in ("onderdeel", "verzuim_reden", "vaardigheid", "niveau", "resultaat", "status"):
            assert f'name="{name}"' in page and f'value="{value}"' in page


@pytest.mark.parametrize("soort, data", [("aanwezigheid", MEI), ("toets", TOETS), ("afronding", AFRONDING)])
def test_a_bsn_typed_in_any_form_field_is_refused_not_stored_and_not_echoed(world, login, soort, data):
    web = login(world.taal_user)
    for name in data:
        for spelling in (BSN, "123.456.782", "zie 123 456 782"):
            response = _invoer(web, world.traject, soort, {**data, name: spelling})
            body = response.get_data(as_text=True)
            assert response.status_code == 422, (name, spelling)
            assert "bevat een nummer dat op een BSN lijkt; laat het weg." in body, (name, spelling)
            assert spelling not in body and BSN not in body, (name, spelling)
    assert _count(MODELS[soort]) == 0 and _count(AanleverBatch) == 0


def test_a_correction_makes_version_2_and_the_page_shows_old_and_new_in_the_history(world, login):
    web = login(world.taal_user)
    _invoer(web, world.traject, "aanwezigheid", MEI)
    record = db.session.scalars(select(Aanwezigheid)).one()

    form = html.unescape(web.get(f"/trajecten/{world.traject.id}/invoer/aanwezigheid?record={record.id}")
                         .get_data(as_text=True))
    assert "Aanwezigheid corrigeren" in form and "versie 1" in form and "versie 2" in form
    assert 'value="32,5"' in form and 'value="01-05-2026"' in form and '<option selected value="ziekte">' in form

    response = _invoer(web, world.traject, "aanwezigheid",
                       {**MEI, "uren_aanwezig": "30", "uren_verzuim_geoorloofd": "6"}, record=record.id)
    assert response.status_code == 302
    db.session.refresh(record)
    assert (record.versie, record.uren_aanwezig, record.uren_verzuim_geoorloofd) == (2, 30, 6)
    entry = db.session.scalars(select(LeveringHistorie)).one()
    assert (entry.soort, entry.record_id, entry.versie, entry.waarden["uren_aanwezig"]) == \
        ("aanwezigheid", record.id, 1, 32.5)
    assert entry.vervangen_door == world.taal_user.email

    page = _page(web, world.traject)
    assert "Gecorrigeerd; de vorige versie staat in de historie." in page
    historie = _section(page, "historie")
    assert "Uren aanwezig: 32,5 → 30" in historie and "Uren verzuim geoorloofd: 4 → 6" in historie
    assert "1 → 2" in historie and world.taal_user.email in historie
    assert "Aanwezigheid taal, 01-05-2026 t/m 31-05-2026" in historie
    assert "Uren gepland:" not in historie, "only what changed is listed"
    assert re.search(r">2</td>", _section(page, "aanwezigheid")), "the table shows versie 2"


def test_a_second_correction_lists_each_step_against_the_version_that_replaced_it(world, login):
    web = login(world.taal_user)
    _invoer(web, world.traject, "toets", TOETS)
    record = db.session.scalars(select(Toets)).one()
    _invoer(web, world.traject, "toets", {**TOETS, "score": "80"}, record=record.id)
    _invoer(web, world.traject, "toets", {**TOETS, "score": "80", "niveau": "B1"}, record=record.id)
    historie = _section(_page(web, world.traject), "historie")
    assert "Score: 78,5 → 80" in historie and "Niveau: A2 → B1" in historie
    assert "Score: 80 →" not in historie and "Niveau: A2 → A2" not in historie
    assert historie.index("2 → 3") < historie.index("1 → 2"), "newest first"


def test_totals_are_the_sum_of_the_current_records_after_a_correction(world, login):
    web = login(world.taal_user)
    _invoer(web, world.traject, "aanwezigheid", APRIL)
    _invoer(web, world.traject, "aanwezigheid", MEI)
    april = db.session.scalars(select(Aanwezigheid).where(Aanwezigheid.periode_start == date(2026, 4, 1))).one()
    _invoer(web, world.traject, "aanwezigheid", {**APRIL, "uren_aanwezig": "36,25", "uren_verzuim_ongeoorloofd": "3,75",
                                                 "verzuim_reden": "geen_geldige_reden"}, record=april.id)
    current = db.session.scalars(select(Aanwezigheid)).all()
    assert sum(r.uren_aanwezig for r in current) == 68.75
    totalen = _section(_page(web, world.traject), "totalen")
    assert "68,75 van 800 uur" in totalen  # 36,25 + 32,5, not the replaced 40
    assert ">80<" in totalen and ">4<" in totalen and ">3,75<" in totalen


def test_the_regisseur_sees_the_records_read_only(world, login):
    taal = login(world.taal_user)
    _invoer(taal, world.traject, "aanwezigheid", MEI)
    _invoer(taal, world.traject, "toets", TOETS)
    record = db.session.scalars(select(Aanwezigheid)).one()
    _invoer(taal, world.traject, "aanwezigheid", {**MEI, "uren_aanwezig": "30"}, record=record.id)

    web = login(world.regisseur_a)
    page = _page(web, world.traject)
    assert "30 van 800 uur" in page and "78,5" in page and "Uren aanwezig: 32,5 → 30" in page
    assert world.taal_aanbieder.naam in _section(page, "aanwezigheid")
    assert "Corrigeren" not in page and "/invoer/" not in page
    for soort in ("aanwezigheid", "toets", "afronding"):
        assert web.get(f"/trajecten/{world.traject.id}/invoer/{soort}").status_code == 403
        assert _invoer(web, world.traject, soort, MEI).status_code == 403
    assert web.get(f"/trajecten/{world.traject.id}/invoer/aanwezigheid?record={record.id}").status_code == 403
    assert record.versie == 2


def test_the_map_aanbieder_cannot_enter_taal_and_does_not_see_taal_records(world, login):
    taal = login(world.taal_user)
    _invoer(taal, world.traject, "aanwezigheid", MEI)
    _invoer(taal, world.traject, "toets", TOETS)
    taal_record = db.session.scalars(select(Aanwezigheid)).one()

    web = login(world.map_user)
    assert web.get(f"/trajecten/{world.traject.id}/invoer/aanwezigheid?onderdeel=taal").status_code in (403, 404)
    assert web.get(f"/trajecten/{world.traject.id}/invoer/toets").status_code in (403, 404)
    assert _invoer(web, world.traject, "toets", TOETS).status_code in (403, 404)
    assert web.get(f"/trajecten/{world.traject.id}/invoer/aanwezigheid?record={taal_record.id}").status_code == 404
    form = web.get(f"/trajecten/{world.traject.id}/invoer/aanwezigheid").get_data(as_text=True)
    assert 'value="map"' in form and 'value="taal"' not in form

    # a taal row posted anyway gets the upload's answer and stores nothing
    response = _invoer(web, world.traject, "aanwezigheid", {**MEI, "periode_start": "2026-03-01",
                                                            "periode_eind": "2026-03-31"})
    assert response.status_code == 422 and "niet voor dit onderdeel aan u toegewezen" in response.get_data(as_text=True)
    assert _count(Aanwezigheid) == 1

    page = _page(web, world.traject)
    assert "01-05-2026" not in page and "78,5" not in page and "Toets invoeren" not in page
    assert "Aanwezigheid invoeren" in page

    assert _invoer(web, world.traject, "aanwezigheid", {**MEI, "onderdeel": "map"}).status_code == 302
    page = _page(web, world.traject)
    assert "01-05-2026 t/m 31-05-2026" in page and "Taaluren bereikt" in page and "van 800 uur" not in page


def test_an_aanbieder_without_assignment_gets_404_and_an_unknown_soort_404(world, login):
    web = login(world.vreemde_user)
    assert web.get(f"/trajecten/{world.traject.id}/invoer/aanwezigheid").status_code == 404
    assert _invoer(web, world.traject, "aanwezigheid", MEI).status_code == 404
    assert login(world.taal_user).get(f"/trajecten/{world.traject.id}/invoer/bestand").status_code == 404


def test_an_aanbieder_without_a_verwerkersovereenkomst_is_told_so_and_nothing_is_stored(world, login, make):
    zonder = make.aanbieder(["pvt"], naam="Zonder Overeenkomst")
    make.toewijzing(world.regisseur_a, world.traject, zonder, "pvt")
    web = login(make.user("aanbieder", zonder))
    # Without an agreement with its gemeente the trajectory is not the aanbieder's to read (portal/access.py) ...
    assert web.get(f"/trajecten/{world.traject.id}").status_code == 404
    assert _invoer(web, world.traject, "aanwezigheid", {**MEI, "onderdeel": "pvt"}).status_code == 404
    # ... and the upload page says why nothing can be delivered.
    response = web.post("/aanleveren/", data={"csrf_token": web.csrf_token, "soort": "aanwezigheid",
                                              "bestand": (io.BytesIO(b"traject_id\n"), "a.csv")},
                        content_type="multipart/form-data")
    body = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 403
    assert "geen enkele gemeente een geldige verwerkersovereenkomst" in body and 'role="alert"' in body
    assert _count(Aanwezigheid) == 0 and _count(AanleverBatch) == 0
