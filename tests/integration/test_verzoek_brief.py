"""The answer letter (a Dutch Awb-besluit with the six-week bezwaar term, editable until final, then locked, as PDF)
and the request's documents (kept, downloadable, never with a BSN)."""
import io
from datetime import date

import pytest
from weasyprint import HTML

from dpia.verzoeken import brief, services
from portal.errors import ServiceError
from portal.extensions import db
from tests.conftest import _csrf


@pytest.fixture
def verzoek(world):
    v = services.registreer(world.privacy_a, "inzage", date(2026, 6, 1), [world.traject.id])
    services.inzage(world.privacy_a, v)
    db.session.commit()
    return v


def test_the_letter_says_what_was_done_the_deadline_and_the_bezwaar_term(world, verzoek):
    services.zet_status(world.privacy_a, verzoek, "afgehandeld")
    tekst = brief.concept(verzoek)
    assert "01-06-2026" in tekst and "01-07-2026" in tekst and "binnen de wettelijke termijn" in tekst
    assert "overzicht van alle gegevens" in tekst and "6 weken" in tekst and "bezwaar" in tekst


def test_the_letter_is_editable_until_final_then_locked_and_renders_as_pdf(world, verzoek, login):
    services.zet_status(world.privacy_a, verzoek, "afgehandeld")
    db.session.commit()
    web = login(world.privacy_a)
    url = f"/privacy/verzoeken/{verzoek.id}/brief"
    token = _csrf(web.get(url).get_data(as_text=True))
    saved = web.post(url, data={"csrf_token": token, "tekst": "Geachte heer/mevrouw,\n\nAangepaste tekst. "
                                                            "Bezwaar binnen 6 weken."})
    assert saved.status_code == 302 and verzoek.brief_tekst.endswith("6 weken.")
    final = web.post(url, data={"csrf_token": token, "tekst": verzoek.brief_tekst, "definitief": "ja"})
    assert final.status_code == 302 and verzoek.brief_definitief
    with pytest.raises(ServiceError) as error:
        brief.opslaan(world.privacy_a, verzoek, "Toch anders.")
    assert error.value.code == "brief_definitief"
    pdf = web.get(f"{url}.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")


def test_a_letter_with_placeholders_cannot_be_made_final(world):
    v = services.registreer(world.privacy_a, "wissing", date(2026, 6, 1), [world.traject.id])
    services.zet_status(world.privacy_a, v, "afgewezen")  # the refusal's reason is a placeholder to fill in
    with pytest.raises(ServiceError) as error:
        brief.definitief(world.privacy_a, v)
    assert error.value.code == "brief_onvolledig"


def test_documents_are_kept_and_a_bsn_in_name_or_text_is_refused(world, verzoek, login):
    web = login(world.privacy_a)
    token = _csrf(web.get(f"/privacy/verzoeken/{verzoek.id}").get_data(as_text=True))
    url = f"/privacy/verzoeken/{verzoek.id}/documenten"
    pdf = HTML(string="<p>Verzoek om inzage</p>").write_pdf()  # a real PDF: its text is checked for a BSN
    ok = web.post(url, data={"csrf_token": token, "bestand": (io.BytesIO(pdf), "verzoek.pdf")},
                  content_type="multipart/form-data")
    assert ok.status_code == 302 and [d.bestandsnaam for d in verzoek.documenten] == ["verzoek.pdf"]
    assert web.get(f"{url}/{verzoek.documenten[0].id}").data == pdf
    for data, naam in ((b"x", "verzoek 111222333.pdf"), (b"BSN 111222333", "notitie.txt")):
        page = web.post(url, data={"csrf_token": token, "bestand": (io.BytesIO(data), naam)},
                        content_type="multipart/form-data", follow_redirects=True).get_data(as_text=True)
        assert "BSN" in page
    assert len(verzoek.documenten) == 1
