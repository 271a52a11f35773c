"""Documents for people: the answer letter (in the college's voice, dated the local day it is sent, CONCEPT while a
draft, room for the address), the inzage export as a readable Dutch document beside the JSON, and the DPIA; every
PDF tagged (PDF/UA-1) and no text beyond the page."""
from datetime import date

import pytest

from dpia.dpia import services as dpia_services
from dpia.verzoeken import services
from portal.extensions import db
from tests.pdf import pdf_tags, pdf_tekst, tekens_buiten_pagina


def test_the_dpia_pdf_is_tagged_and_its_appendix_stays_on_the_page(world, login):
    dpia = dpia_services.nieuw(world.privacy_a, "DPIA Inburgeringsportaal")
    db.session.commit()
    pdf = login(world.privacy_a).get(f"/privacy/dpias/{dpia.id}/document.pdf")
    assert pdf.status_code == 200
    open("/tmp/doc/dpia.pdf", "wb").write(pdf.data)
    assert pdf_tags(pdf.data) == {"marked": True, "structuur": True, "taal": "nl"}
    assert "Bijlage: tabel gegevensverwerking" in pdf_tekst(pdf.data)
    buiten = tekens_buiten_pagina(pdf.data)
    assert buiten == [], sorted({p for p, _ in buiten})
