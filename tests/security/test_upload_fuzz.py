"""Upload fuzzing: random and mutated delivery files (encodings, delimiters, binary junk, huge cells, formula-like
cells, zip bombs posing as XLSX, 200,001 rows) through the web upload and the API. Never a 5xx; a rejected file
stores nothing and an accepted one stores exactly what its report says (row counts before/after); a valid-elfproef
BSN anywhere in the file is never echoed back, in the response or the downloadable report."""
import io
import random
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from portal.extensions import db
from portal.leveringen.parse import MAX_ROWS
from portal.models import Aanwezigheid, Afronding, LeveringHistorie, Toets
from tests.security.conftest import response_text

HEADER = ["traject_id", "onderdeel", "periode_start", "periode_eind", "uren_gepland", "uren_aanwezig",
          "uren_verzuim_geoorloofd", "uren_verzuim_ongeoorloofd", "verzuim_reden", "aantal_keer_verzuim"]
# Valid-elfproef BSNs in the spellings the guard must catch.
BSNS = ["111222333", "123456782", "999999990"]
BSN_SPELLINGS = ["111222333", "1234.56.782", "999 999 990", "111-222-333"]


def _stored() -> int:
    return sum(db.session.scalar(select(func.count()).select_from(m))
               for m in (Aanwezigheid, Toets, Afronding, LeveringHistorie))


def _row(traject_id: str, month: int, gepland: str = "40") -> list[str]:
    start, eind = f"2026-{month:02d}-01", f"2026-{month:02d}-28"
    return [traject_id, "taal", start, eind, gepland, "30", "4", "2", "ziekte", "2"]


def _csv(rows: list[list[str]], sep: str = ";", header: list[str] = HEADER) -> str:
    return "\n".join(sep.join(r) for r in [header, *rows]) + "\n"


@pytest.fixture
def senders(app, world, make, login):
    """send(channel, data, filename) -> response, through the API or the web upload as the taal aanbieder."""
    token = make.token(world.taal_user)
    web = login(world.taal_user)
    api = app.test_client()

    def send(channel: str, data: bytes, filename: str = "levering.csv"):
        if channel == "api":
            return api.post("/api/v1/aanleveringen", query_string={"soort": "aanwezigheid"},
                            headers={"Authorization": f"Bearer {token}"},
                            data={"bestand": (io.BytesIO(data), filename)}, content_type="multipart/form-data")
        return web.post("/aanleveren/", data={"csrf_token": web.csrf_token, "soort": "aanwezigheid",
                                              "bestand": (io.BytesIO(data), filename)},
                        content_type="multipart/form-data", follow_redirects=True)
    send.web = web
    return send


def _check(send, channel: str, data: bytes, filename: str = "levering.csv", *, expect_rejected: bool = False) -> str:
    """Send, then check the invariants; returns the response text."""
    before = _stored()
    response = send(channel, data, filename)
    text = response_text(response)
    assert response.status_code < 500, (response.status_code, text[:500])
    after = _stored()
    if channel == "api":
        assert response.status_code in (200, 400, 413, 422), response.status_code
        report = response.get_json(silent=True) or {}
        if response.status_code == 200:
            assert report["status"] == "accepted" and after - before == report["stored"] - report.get("unchanged", 0) \
                or after - before <= report["stored"]
        else:
            assert after == before, "a rejected delivery stored rows"
    elif expect_rejected:
        assert after == before, "a rejected delivery stored rows"
    if expect_rejected:
        assert after == before
    leaked = [b for b in BSNS + BSN_SPELLINGS if b in text]
    assert not leaked, f"a BSN was echoed: {leaked}"
    if channel == "web":
        # The downloadable error report (CSV and XLSX) masks it too.
        for href in set(_report_links(text)):
            report = send.web.get(href)
            assert report.status_code < 500
            leaked = [b for b in BSNS + BSN_SPELLINGS if b in response_text(report)]
            assert not leaked, f"the report {href} echoes a BSN: {leaked}"
    return text


def _report_links(html: str) -> list[str]:
    import re
    return re.findall(r'href="(/aanleveren/\d+/rapport\.(?:csv|xlsx))"', html)


# --- mutated files, generated ------------------------------------------------------------------------------------

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "latin-1", "cp1252"]
SEPARATORS = [";", ",", "\t", "|"]
NASTY = ["=HYPERLINK(\"http://x\")", "+31(0)6", "-2+3", "@SUM(A1)", "\x00", "\"", "\"\"\"", "ä€ß", "\u202e", "\r",
         "1e309", "NaN", "-0", "12,5", "0x1F", " ", "traject_id", "2026-02-30", "31-12-9999", "𝔘𝔫𝔦"]


@st.composite
def mutated_file(draw, traject_id: str):
    rows = [_row(traject_id, m) for m in draw(st.lists(st.integers(1, 5), min_size=0, max_size=4, unique=True))]
    for row in rows:
        for _ in range(draw(st.integers(0, 2))):
            row[draw(st.integers(0, len(row) - 1))] = draw(st.sampled_from(NASTY + BSN_SPELLINGS))
        if draw(st.booleans()):
            row[draw(st.integers(0, len(row) - 1))] = draw(st.sampled_from(BSN_SPELLINGS))
    header = list(HEADER)
    if draw(st.booleans()):
        random.Random(draw(st.integers(0, 1000))).shuffle(header)
        rows = [[dict(zip(HEADER, r, strict=True))[h] for h in header] for r in rows]
    text = _csv(rows, draw(st.sampled_from(SEPARATORS)), header)
    data = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    if draw(st.integers(0, 4)) == 0:  # splice binary junk somewhere
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=64)) + data[at:]
    if draw(st.integers(0, 6)) == 0:
        data = data[:draw(st.integers(0, len(data)))]  # truncated
    return data


@pytest.mark.parametrize("channel", ["api", "web"])
def test_mutated_files_never_break_the_upload(senders, world, channel):
    @given(data=mutated_file(world.traject.id), name=st.sampled_from(["a.csv", "a.txt", "a.xlsx", "a", "a.CSV"]))
    @settings(max_examples=30, deadline=None, derandomize=True, database=None,
              suppress_health_check=list(HealthCheck))
    def run(data, name):
        _check(senders, channel, data, name)

    run()


@pytest.mark.parametrize("channel", ["api", "web"])
@pytest.mark.parametrize("kind", ["binary", "utf16_bom", "latin1", "huge_cell", "formulas", "only_bsn", "empty",
                                  "fake_xlsx", "header_only"])
def test_hostile_files_are_refused_or_reported_cleanly(senders, world, channel, kind):
    t = world.traject.id
    data, name, rejected = {
        "binary": (bytes(random.Random(1).randrange(256) for _ in range(4096)), "a.csv", True),
        "utf16_bom": (_csv([_row(t, 1)]).encode("utf-16"), "a.csv", None),
        "latin1": (_csv([[*_row(t, 2)[:8], "ziekte", "2"]]).replace("ziekte", "zïekte").encode("latin-1"), "a.csv",
                   True),
        "huge_cell": (_csv([[*_row(t, 3)[:8], "x" * 5_000_000, "2"]]).encode(), "a.csv", True),
        "formulas": (_csv([["=1+1", "@taal", "+2026-01-01", "-1", "=HYPERLINK(\"http://evil\")", *_row(t, 4)[5:]]])
                     .encode(), "a.csv", True),
        "only_bsn": (_csv([[t, "taal", "2026-05-01", "2026-05-28", "40", "30", "4", "2", "ziekte", b]
                           for b in BSN_SPELLINGS]).encode(), "a.csv", True),
        "empty": (b"", "a.csv", True),
        "fake_xlsx": (b"PK\x03\x04" + b"\x00" * 200, "a.xlsx", True),
        "header_only": (_csv([]).encode(), "a.csv", None),
    }[kind]
    _check(senders, channel, data, name, expect_rejected=bool(rejected))


# --- zip bombs and size limits ------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def zip_bomb() -> bytes:
    """A real workbook (openpyxl opens it) whose sheet unpacks to 1 GB: about 4.7 MB packed."""
    import openpyxl
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    plain = io.BytesIO()
    book.save(plain)
    source = zipfile.ZipFile(io.BytesIO(plain.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename != "xl/worksheets/sheet1.xml":
                archive.writestr(info, data)
                continue
            head, tail = data.split(b"</sheetData>")
            with archive.open(info.filename, "w", force_zip64=True) as sheet:
                sheet.write(head)
                chunk = b" " * (1 << 20)
                for _ in range(1024):
                    sheet.write(chunk)
                sheet.write(b"</sheetData>" + tail)
    return out.getvalue()


@pytest.mark.parametrize("channel", ["api", "web"])
def test_a_zip_bomb_posing_as_xlsx_is_refused_quickly(senders, zip_bomb, channel):
    import time
    started = time.monotonic()
    text = _check(senders, channel, zip_bomb, "bom.xlsx", expect_rejected=True)
    assert time.monotonic() - started < 2, "the bomb was unpacked"
    assert "bestand_te_groot" in text or "uitgepakt groter" in text


@pytest.fixture(scope="session")
def too_many_rows(tmp_path_factory) -> bytes:
    """MAX_ROWS + 1 data rows (the spec's maximum is 200,000)."""
    assert MAX_ROWS == 200_000
    line = "TRAJECT1;taal;2026-03-01;2026-03-28;40;30;4;2;ziekte;2\n"
    return (";".join(HEADER) + "\n" + line * (MAX_ROWS + 1)).encode()


def test_one_row_over_the_maximum_is_refused_whole(senders, too_many_rows):
    text = _check(senders, "api", too_many_rows, "groot.csv", expect_rejected=True)
    assert "bestand_te_groot" in text
