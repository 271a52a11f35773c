"""Documents for people: the answer letter (in the college's voice, dated the local day it is sent, CONCEPT while a
draft, room for the address), the inzage export as a readable Dutch document beside the JSON, and the DPIA; every
PDF tagged (PDF/UA-1) and no text beyond the page."""
import html
import re
from datetime import date, datetime

import pytest

from dpia.beoordelingen import services as dpia_services
from dpia.verzoeken import brief, services
from portal.extensions import db
from portal.timeutil import nl_datetime
from tests.conftest import _csrf
from tests.integration.test_verzoeken import vul
from tests.pdf import pdf_tags, pdf_tekst, tekens_buiten_pagina


def test_the_dpia_pdf_is_tagged_and_its_appendix_stays_on_the_page(world, login):
    dpia = dpia_services.nieuw(world.privacy_a, "DPIA Inburgeringsportaal")
    db.session.commit()
    pdf = login(world.privacy_a).get(f"/privacy/dpias/{dpia.id}/document.pdf")
    assert pdf.status_code == 200
    assert pdf_tags(pdf.data) == {"marked": True, "structuur": True, "taal": "nl"}
    assert "Bijlage: tabel gegevensverwerking" in pdf_tekst(pdf.data)
    buiten = tekens_buiten_pagina(pdf.data)
    assert buiten == [], sorted({p for p, _ in buiten})


# --- the answer letter ---------------------------------------------------------------------------------------------


@pytest.fixture
def inzage(world):
    """An inzage request whose export has been made (an action done) but on which nothing is decided yet."""
    v = services.registreer(world.privacy_a, "inzage", date(2026, 6, 1), [world.traject.id],
                            identiteit_methode="balie_id_bewijs", identiteit_op=date(2026, 6, 1))
    services.inzage(world.privacy_a, v)
    db.session.commit()
    return v


def test_before_a_decision_is_recorded_the_letter_grants_nothing_and_cannot_be_sent(world, inzage, login):
    web = login(world.privacy_a)
    url = f"/privacy/verzoeken/{inzage.id}/brief"
    page = web.get(url).get_data(as_text=True)
    concept = brief.concept(inzage)
    for besluit in ("toegewezen", "toe te wijzen", "afgewezen", "af te wijzen", "ons besluit", "bezwaar"):
        assert besluit not in concept
    assert "toegewezen" not in page and "toe te wijzen" not in page
    assert "overzicht van alle gegevens" in concept  # what was done is there, under the decision placeholder
    assert "Er is nog geen besluit op dit verzoek vastgelegd" in page
    final = web.post(url, data={"csrf_token": _csrf(page), "tekst": "Geachte heer/mevrouw,\n\nUw verzoek is "
                                                                      "toegewezen.", "definitief": "ja"})
    assert final.status_code == 422 and "Leg eerst het besluit" in final.get_data(as_text=True)
    db.session.refresh(inzage)
    assert not inzage.brief_definitief


def test_the_decided_letter_grants_on_behalf_of_the_college_not_signed_by_the_fg(world, inzage):
    services.zet_status(world.privacy_a, inzage, "afgehandeld")
    tekst = brief.concept(inzage)
    assert "Wij hebben besloten uw verzoek toe te wijzen." in tekst and "overzicht van alle gegevens" in tekst
    assert "namens het college van burgemeester en wethouders van Aadorp" in tekst
    assert "functionaris voor gegevensbescherming" not in tekst and "Gemeente Aadorp" not in tekst


def test_a_draft_pdf_says_concept_leaves_room_for_the_address_and_is_tagged(world, inzage, login):
    pdf = login(world.privacy_a).get(f"/privacy/verzoeken/{inzage.id}/brief.pdf")
    assert pdf.status_code == 200
    tekst = pdf_tekst(pdf.data)
    assert "CONCEPT" in tekst and "niet verzonden" in tekst
    assert "Ruimte voor naam en adres van de verzoeker" in tekst
    assert pdf_tags(pdf.data) == {"marked": True, "structuur": True, "taal": "nl"}
    assert tekens_buiten_pagina(pdf.data) == []
    assert world.privacy_a.email not in tekst


def test_the_sent_letter_is_dated_on_the_local_day_it_was_made_final_without_concept_mark(world, inzage, login, app):
    services.zet_status(world.privacy_a, inzage, "afgehandeld")
    app.config["PORTAL_NOW"] = "2026-07-01T00:30"  # Amsterdam; in UTC it is still 30 June
    try:
        brief.definitief(world.privacy_a, inzage)
        db.session.commit()
        assert inzage.brief_definitief_op.date() == date(2026, 6, 30)
        del app.config["PORTAL_NOW"]  # printed again later: still the day it was sent
        pdf = login(world.privacy_a).get(f"/privacy/verzoeken/{inzage.id}/brief.pdf")
    finally:
        app.config.pop("PORTAL_NOW", None)
    tekst = " ".join(pdf_tekst(pdf.data).split())
    assert "Datum 01-07-2026 Ons kenmerk AVG-verzoek" in tekst and "30-06-2026" not in tekst
    assert "CONCEPT" not in tekst and "Ruimte voor naam en adres" not in tekst
    assert "namens het college van burgemeester en wethouders van Aadorp" in tekst
    assert pdf_tags(pdf.data)["marked"] and tekens_buiten_pagina(pdf.data) == []


# --- the inzage export for the person ------------------------------------------------------------------------------


def test_the_inzage_document_is_readable_dutch_beside_the_machine_readable_json(world, login):
    w = world
    vul(w, w.traject)  # deliveries of every soort, a correction, a DUO registration
    verzoek = services.registreer(w.privacy_a, "inzage", date(2026, 6, 1), [w.traject.id])
    db.session.commit()
    web = login(w.privacy_a)
    data = web.get(f"/privacy/verzoeken/{verzoek.id}/export.json").json
    page = web.get(f"/privacy/verzoeken/{verzoek.id}/export")
    assert page.status_code == 200
    document = page.get_data(as_text=True).split('<div class="inzage-document">')[1]
    pdf = web.get(f"/privacy/verzoeken/{verzoek.id}/export.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf_tags(pdf.data)["marked"] and tekens_buiten_pagina(pdf.data) == []
    tekst = " ".join(pdf_tekst(pdf.data).split()).replace("\u2010 ", "")  # words hyphenated at a line end
    [t] = data["trajecten"]
    eerste = t["verwerkingslog"][0]
    lokaal = nl_datetime(datetime.fromisoformat(eerste["tijdstip"].removesuffix("Z")))
    for inhoud in (document, tekst):
        # labels, spelled-out codes, Dutch dates and local times
        for woord in ("Uren aanwezig", "Reden verzuim", "Ziekte", "B1-route", "Asielstatushouder",
                      "01-03-2026", "Vertraagde start", lokaal, "Gegevens doorgegeven", "Voortgangsrapportage"):
            assert woord in inzage_tekst(inhoud), woord
        # staff by role and organisation, never by e-mail address; no column names, codes or UTC stamps
        assert f"medewerker van {w.taal_aanbieder.naam} (aanbieder)" in inzage_tekst(inhoud)
        assert f"medewerker van {w.gemeente_a.naam} (regisseur inburgering)" in inzage_tekst(inhoud)
        assert "@" not in inhoud and not re.search(r"\b[a-z]+_[a-z_]+\b", inzage_tekst(inhoud))
        assert not re.search(r"\d{4}-\d{2}-\d{2}", inhoud) and w.taal_aanbieder.code not in inhoud
    # the machine-readable JSON is unchanged: codes, ISO dates, UTC
    assert t["traject"]["leerroute"] == "b1" and eerste["tijdstip"].endswith("Z")


def inzage_tekst(inhoud: str) -> str:
    """Text without HTML tags and attributes (class names are not what a person reads)."""
    return html.unescape(" ".join(re.sub(r"<[^>]+>", " ", inhoud).split()))
