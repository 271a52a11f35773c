"""The BSN guard on what a data-subject request keeps (issue 13): documents are checked by their content in the
encodings they can carry, a document that cannot be checked is refused, and names and notes are read through any
formatting. Nothing refused is stored or echoed."""
import io
import zipfile
from datetime import date

import pytest
from sqlalchemy import select

from dpia.verzoeken import services
from dpia.verzoeken.models import Verzoek, VerzoekDocument
from portal.extensions import db
from tests.conftest import _csrf

BSN = "111222333"


@pytest.fixture
def verzoek(world):
    v = services.registreer(world.privacy_a, "inzage", date(2026, 6, 1), [world.traject.id])
    db.session.commit()
    return v


@pytest.fixture
def upload(world, verzoek, login):
    web = login(world.privacy_a)
    token = _csrf(web.get(f"/privacy/verzoeken/{verzoek.id}").get_data(as_text=True))

    def _upload(data: bytes, naam: str) -> tuple[bool, str]:
        before = len(verzoek.documenten)
        page = web.post(f"/privacy/verzoeken/{verzoek.id}/documenten",
                        data={"csrf_token": token, "bestand": (io.BytesIO(data), naam)},
                        content_type="multipart/form-data", follow_redirects=True).get_data(as_text=True)
        db.session.expire_all()
        return len(verzoek.documenten) > before, page
    return _upload


def _pdf(text: str) -> bytes:
    from weasyprint import HTML
    return HTML(string=f"<html><body><p>{text}</p></body></html>").write_pdf()


def _docx(*runs: str) -> bytes:
    body = "".join(f"<w:r><w:t>{run}</w:t></w:r>" for run in runs)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", '<w:document xmlns:w="http://schemas.openxmlformats.org/'
                                              f'wordprocessingml/2006/main"><w:body><w:p>{body}</w:p></w:body>'
                                              "</w:document>")
    return out.getvalue()


TEXT_WITH_BSN = [
    ("utf-8", f"BSN {BSN}".encode()),
    ("utf-8 nbsp", "BSN 111\u00a0222\u00a0333".encode()),
    ("utf-8 full-width", "BSN １１１２２２３３３".encode()),
    ("utf-8 bom en-dash", "\ufeffBSN 111\u2013222\u2013333".encode("utf-8")),
    ("utf-16 bom", f"BSN {BSN}".encode("utf-16")),
    ("utf-16-le without bom", f"BSN {BSN}".encode("utf-16-le")),
    ("utf-16-be without bom", f"BSN {BSN}".encode("utf-16-be")),
    ("utf-32", f"BSN {BSN}".encode("utf-32")),
    ("latin-1 nbsp", "Geachte heer, BSN 111\u00a0222\u00a0333 é".encode("latin-1")),
    ("html split by tags", b"<p>BSN 111<b>222</b>333</p>"),
    ("html entities", b"BSN &#49;&#49;&#49;222333"),
]


@pytest.mark.parametrize("label,data", TEXT_WITH_BSN, ids=[label for label, _ in TEXT_WITH_BSN])
def test_a_text_document_holding_a_bsn_in_any_encoding_is_refused(upload, label, data):
    kept, page = upload(data, "brief.txt")
    assert not kept and "bevat een BSN" in page and BSN not in page


@pytest.mark.parametrize("naam", ["brief.txt", "brief.bin", "brief"])
def test_the_content_decides_not_the_name(upload, naam):
    kept, _ = upload(f"BSN {BSN}".encode("utf-16"), naam)
    assert not kept
    kept, _ = upload("Verzoek om inzage, ontvangen op 2026-06-01.".encode("utf-16"), naam)
    assert kept


def test_a_pdf_is_checked_by_its_text(upload):
    kept, page = upload(_pdf("Burgerservicenummer: 111 222 333"), "brief.pdf")
    assert not kept and "bevat een BSN" in page
    kept, _ = upload(_pdf("Verzoek om inzage van 1 juni 2026, traject A123-4567-8."), "brief.pdf")
    assert kept


def test_an_office_document_is_checked_by_its_text_also_when_a_number_is_split_over_runs(upload):
    kept, page = upload(_docx("BSN ", "111", "222", "333"), "brief.docx")
    assert not kept and "bevat een BSN" in page
    kept, _ = upload(_docx("Verzoek om inzage"), "brief.docx")
    assert kept


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4, b"%PDF-1.4 kapot",
                                  bytes(range(256)) * 8, b"\xff\xd8\xff\xe0" + b"\x00" * 100],
                         ids=["png", "broken pdf", "binary", "jpeg"])
def test_a_document_that_cannot_be_checked_is_refused(upload, data):
    kept, page = upload(data, "scan.pdf")
    assert not kept and "niet op een BSN controleren" in page


def test_a_file_name_with_a_disguised_bsn_is_refused(upload):
    for naam in ("verzoek 111\u00a0222\u00a0333.txt", "verzoek_111_222_333.txt", "verzoek １１１２２２３３３.txt"):
        kept, page = upload(b"Verzoek", naam)  # refused by the form guard or by the service, whichever reads it
        assert not kept and ("bestandsnaam bevat een BSN" in page or "burgerservicenummer (BSN)" in page)
        assert "111" not in page
    assert not db.session.scalars(select(VerzoekDocument)).all()


def test_notes_with_a_disguised_bsn_are_refused_and_not_stored(world, login):
    web = login(world.privacy_a)
    token = _csrf(web.get("/privacy/verzoeken/nieuw").get_data(as_text=True))
    response = web.post("/privacy/verzoeken/nieuw", data={
        "csrf_token": token, "type": "inzage", "ontvangen": "2026-06-01", "traject_ids": world.traject.id,
        "notities": "Belde op, BSN 111\u00a0222\u00a0333 (zie dossier)"})
    assert response.status_code == 422 and "111" not in response.get_data(as_text=True)
    assert not any("111" in (v.notities or "") for v in db.session.scalars(select(Verzoek)))
