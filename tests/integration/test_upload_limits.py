"""Bounded uploads (issue 13): files made wide or long only to be expensive are refused before any frame is built,
with a report of one entry; at most report.MAX_ERRORS errors are kept per batch and the rest is counted."""
import io
import json
import zipfile

import pytest
from openpyxl.utils import get_column_letter
from sqlalchemy import select

from portal.extensions import db
from portal.leveringen import parse
from portal.leveringen.report import MAX_ERRORS
from portal.models import AanleverBatch
from tests.helpers.leveringen import HEADER, aanwezig, csv_bytes

REPORT_BYTES = 2_000  # a refused file's stored report: one entry


@pytest.fixture
def deliver(client, make):
    """deliver(user, soort, rows=None, *, data=None, filename=...) through POST /api/v1/aanleveringen: JSON rows
    when filename is None, else a file (data, or rows as CSV)."""
    def _deliver(user, soort, rows=None, *, data=None, filename="levering.csv"):
        headers = {"Authorization": f"Bearer {make.token(user)}"}
        if filename is None:
            return client.post("/api/v1/aanleveringen", query_string={"soort": soort}, json=rows, headers=headers)
        data = data if data is not None else csv_bytes(soort, rows)
        return client.post("/api/v1/aanleveringen", query_string={"soort": soort}, headers=headers,
                           data={"bestand": (io.BytesIO(data), filename)}, content_type="multipart/form-data")
    return _deliver


def _batch(response) -> AanleverBatch:
    return db.session.scalars(select(AanleverBatch).order_by(AanleverBatch.id.desc())).first()


def _refused_small(response, code="bestand_te_groot") -> AanleverBatch:
    assert response.status_code == 422, response.json
    assert [e["code"] for e in response.json["errors"]] == [code]
    assert len(response.get_data()) < REPORT_BYTES
    batch = _batch(response)
    assert batch.status == "rejected" and batch.stored == 0 and batch.bewaard_csv is None
    assert len(json.dumps(batch.errors)) < REPORT_BYTES
    return batch


def _wide_csv(columns: int, rows: int = 3, quoted: bool = False) -> bytes:
    header = HEADER["toets"] + [f"k{i}" for i in range(columns - len(HEADER["toets"]))]
    cell = '"x"' if quoted else "x"
    return ("\n".join([";".join(header)] + [";".join([cell] * columns)] * rows) + "\n").encode()


@pytest.mark.parametrize("quoted", [False, True])
def test_a_csv_of_10000_columns_is_refused_with_a_report_of_one_entry(deliver, world, quoted):
    data = _wide_csv(10_000, quoted=quoted)
    assert len(data) < 200_000
    batch = _refused_small(deliver(world.taal_user, "toets", data=data))
    assert "meer dan 50 kolommen" in batch.errors[0]["message"]


def test_a_csv_of_100000_columns_is_refused_with_a_report_of_one_entry(deliver, world):
    data = (";".join(["traject_id"] + ["9"] * 99_999) + "\n" + "x;" * 50_000 + "\n").encode()
    assert len(data) > 250_000
    _refused_small(deliver(world.taal_user, "toets", data=data))


def test_one_data_line_wider_than_the_cap_is_refused_too(deliver, world):
    data = csv_bytes("toets", []) + (";".join(["x"] * 5_000) + "\n").encode()
    batch = _refused_small(deliver(world.taal_user, "toets", data=data))
    assert batch.errors[0]["line"] == 2


def test_a_file_of_millions_of_empty_lines_is_refused_as_too_many_cells(deliver, world):
    data = csv_bytes("toets", []) + b"\n" * (parse.MAX_CELLS + 1)
    _refused_small(deliver(world.taal_user, "toets", data=data))


def test_fifty_columns_are_still_read_and_reported_per_column(deliver, world):
    data = _wide_csv(parse.MAX_COLUMNS, rows=1)
    response = deliver(world.taal_user, "toets", data=data)
    codes = {e["code"] for e in response.json["errors"]}
    assert response.status_code == 422 and "bestand_te_groot" not in codes and "kolom_onbekend" in codes


def test_json_rows_with_more_keys_than_the_cap_are_refused(deliver, world):
    rows = [{f"k{i}": "x" for i in range(parse.MAX_COLUMNS + 1)}]
    _refused_small(deliver(world.taal_user, "toets", rows, filename=None))
    rows = [{f"k{i}": "x"} for i in range(parse.MAX_COLUMNS + 1)]  # one new key per row
    _refused_small(deliver(world.taal_user, "toets", rows, filename=None))


# --- XLSX: built by hand (a real writer would take minutes for 2.5 million cells) ----------------------------------

_CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                  b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                  b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
                  b'"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
                  b'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxml'
                  b'formats-officedocument.spreadsheetml.worksheet+xml"/></Types>')
_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
         b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         b'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = (b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
             b'2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
             b'<sheet name="toets" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                  b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                  b'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')


def _xlsx(rows_xml: bytes, dimension: str | None = None) -> bytes:
    dimension_xml = f'<dimension ref="{dimension}"/>'.encode() if dimension else b""
    sheet = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             b'spreadsheetml/2006/main">' + dimension_xml + b"<sheetData>" + rows_xml + b"</sheetData></worksheet>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, part in (("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _RELS),
                           ("xl/workbook.xml", _WORKBOOK), ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS),
                           ("xl/worksheets/sheet1.xml", sheet)):
            archive.writestr(name, part)
    return out.getvalue()


def _row(number: int, columns: int, referenced: bool = True) -> bytes:
    if referenced:
        cells = "".join(f'<c r="{get_column_letter(c)}{number}"><v>1</v></c>' for c in range(1, columns + 1))
    else:
        cells = "<c><v>1</v></c>" * columns
    return f'<row r="{number}">{cells}</row>'.encode()


def test_a_small_xlsx_of_2_5_million_cells_is_refused_with_a_report_of_one_entry(deliver, world):
    wide = _xlsx(b"".join(_row(r, 10_000) for r in range(1, 251)))  # 250 rows x 10,000 columns
    assert len(wide) < parse.MAX_BYTES
    _refused_small(deliver(world.taal_user, "toets", data=wide, filename="breed.xlsx"))
    positional = _xlsx(_row(1, 6).replace(b"<row", b"<row") + b"<row>" + b"<c><v>1</v></c>" * 2_500_000 + b"</row>")
    _refused_small(deliver(world.taal_user, "toets", data=positional, filename="lang.xlsx"))


def test_an_xlsx_with_cells_beyond_column_50_or_below_the_row_cap_is_refused(deliver, world):
    header = _row(1, 6)
    far_right = _xlsx(header + b'<row r="2"><c r="XFD2"><v>1</v></c></row>')
    _refused_small(deliver(world.taal_user, "toets", data=far_right, filename="rechts.xlsx"))
    far_down = _xlsx(header + b'<row r="1048576"><c r="A1048576"><v>1</v></c></row>')
    _refused_small(deliver(world.taal_user, "toets", data=far_down, filename="onder.xlsx"))
    unreferenced = _xlsx(header + _row(2, parse.MAX_COLUMNS + 1, referenced=False))
    _refused_small(deliver(world.taal_user, "toets", data=unreferenced, filename="positie.xlsx"))


def test_an_xlsx_part_that_unpacks_beyond_its_limit_is_refused_before_it_is_read(deliver, world):
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_xlsx(_row(1, 6)))) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            z.writestr(info.filename, source.read(info.filename))
        z.writestr("xl/styles.xml", b" " * (parse.MAX_XLSX_PART + 1))
    _refused_small(deliver(world.taal_user, "toets", data=out.getvalue(), filename="stijl.xlsx"))


def test_a_hand_made_xlsx_within_the_limits_is_read(deliver, world):
    header = "".join(f'<c r="{get_column_letter(i + 1)}1" t="inlineStr"><is><t>{name}</t></is></c>'
                     for i, name in enumerate(HEADER["toets"]))
    response = deliver(world.taal_user, "toets", data=_xlsx(f'<row r="1">{header}</row>'.encode()),
                       filename="leeg.xlsx")
    assert response.json["errors"] == [] and response.json["rows"] == 0  # header read, nothing to store


def _toets_header() -> bytes:
    cells = "".join(f'<c r="{get_column_letter(i + 1)}1" t="inlineStr"><is><t>{name}</t></is></c>'
                    for i, name in enumerate(HEADER["toets"]))
    return f'<row r="1">{cells}</row>'.encode()


def test_an_xlsx_whose_few_cells_span_a_dense_range_beyond_the_cell_cap_is_refused(deliver, world):
    # Two cells, A1 and AX200000: within the column and row caps, but the reader would build 50 x 200,000 cells.
    corners = _xlsx(b'<row r="1"><c r="A1"><v>1</v></c></row><row r="200000"><c r="AX200000"><v>1</v></c></row>')
    _refused_small(deliver(world.taal_user, "toets", data=corners, filename="hoeken.xlsx"))
    # Sparse far cells: a header, then one value far right and one far down, in separate rows.
    sparse = _xlsx(_toets_header() + b'<row r="2"><c r="AX2"><v>1</v></c></row>'
                   b'<row r="150000"><c r="B150000" t="inlineStr"><is><t>x</t></is></c></row>')
    _refused_small(deliver(world.taal_user, "toets", data=sparse, filename="verspreid.xlsx"))
    # Cells without a reference take their place from the row: 50 of them in row 200000.
    positional = _xlsx(_toets_header() + b'<row r="200000">' + b"<c><v>1</v></c>" * parse.MAX_COLUMNS + b"</row>")
    _refused_small(deliver(world.taal_user, "toets", data=positional, filename="positie.xlsx"))
    # An attribute value holding ">" or a reference in single quotes does not hide a far cell from the count.
    hidden = _xlsx(_toets_header() + b'<row r="2"><c r="AX2" x="a>b"><v>1</v></c></row>'
                   b"<row r='200000'><c r='B200000'><v>1</v></c></row>")
    _refused_small(deliver(world.taal_user, "toets", data=hidden, filename="verborgen.xlsx"))


def test_an_xlsx_whose_dimension_claims_a_range_beyond_the_column_or_row_cap_is_refused(deliver, world):
    for claim in ("A1:XFD1048576", "A1:AY10", "A1:F1048576"):
        claimed = _xlsx(_toets_header(), dimension=claim)
        _refused_small(deliver(world.taal_user, "toets", data=claimed, filename="dimensie.xlsx"))


def test_an_xlsx_with_trailing_empty_formatted_rows_and_a_larger_dimension_is_read(deliver, world):
    # As Excel, LibreOffice and openpyxl write a sheet formatted beyond its data: styled rows and cells without a
    # value, and a dimension that covers them. Only filled cells count towards the range the reader builds (it does
    # not allocate after the dimension), so a dimension of 50 x 200,000 cells is accepted too.
    def styled(last_column: int, rows) -> bytes:
        return b"".join(f'<row r="{r}" s="1" customFormat="1">'.encode()
                        + b"".join(f'<c r="{get_column_letter(c)}{r}" s="1"/>'.encode()
                                   for c in range(1, last_column + 1))
                        + b"</row>" for r in rows)

    formatted = _xlsx(_toets_header() + styled(12, range(2, 3_002)) + styled(12, [200_000]), dimension="A1:L200000")
    wide_styled = _xlsx(_toets_header() + styled(parse.MAX_COLUMNS, [2, 200_000]), dimension="A1:AX200000")
    for data in (formatted, wide_styled):
        response = deliver(world.taal_user, "toets", data=data, filename="opgemaakt.xlsx")
        assert response.json["errors"] == [] and response.json["rows"] == 0  # header read, nothing to store


def test_an_ods_with_a_far_cell_after_repeated_empty_rows_is_refused(deliver, world):
    from tests.integration.test_ods import ods_file, text

    header = "<table:table-row>" + "".join(text(c) for c in HEADER["toets"]) + "</table:table-row>"
    far = ('<table:table-row table:number-rows-repeated="199990"><table:table-cell/></table:table-row>'
           '<table:table-row><table:table-cell table:number-columns-repeated="49"/>' + text("x")
           + "</table:table-row>")
    data = ods_file(f'<table:table table:name="toets">{header}{far}</table:table>')
    _refused_small(deliver(world.taal_user, "toets", data=data, filename="ver.ods"))


# --- at most MAX_ERRORS errors per batch ----------------------------------------------------------------------------

def test_a_batch_keeps_at_most_1000_errors_and_counts_the_rest(deliver, world, login):
    rows = [aanwezig(world.traject.id, gepland="veel") for _ in range(MAX_ERRORS + 700)]
    response = deliver(world.taal_user, "aanwezigheid", rows)
    assert response.status_code == 422
    assert len(response.json["errors"]) == MAX_ERRORS and response.json["meer_fouten"] > 700
    batch = _batch(response)
    assert len(batch.errors) == MAX_ERRORS and batch.meer_fouten == response.json["meer_fouten"]
    assert batch.bewaard_csv is None
    web = login(world.taal_user)
    page = web.get(f"/aanleveren/{batch.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and 'id="meer-fouten"' in html and str(batch.meer_fouten) in html


def test_a_report_under_the_cap_has_no_meer_fouten(deliver, world):
    response = deliver(world.taal_user, "aanwezigheid", [aanwezig(world.traject.id, gepland="veel")])
    assert response.status_code == 422 and "meer_fouten" not in response.json
