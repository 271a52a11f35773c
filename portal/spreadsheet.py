"""Spreadsheets that leave the portal (CSV, XLSX, ODS), whichever feature writes them: made inert and Dutch.

Every text cell that leaves the portal in a spreadsheet goes through this module: `escape_cell` (in `csv_bytes`) for
CSV, `write_text` (in a `workbook`) for XLSX, string cells for ODS; so a delivered or typed `=HYPERLINK(...)` is never
evaluated by the spreadsheet that opens the file. Used by the delivery reports and templates, the caseload and DUO
exports and the privacy module's exports.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape as xml_escape

import xlsxwriter

# Cells that a spreadsheet reads as the start of a formula (also the full-width forms some of them accept).
FORMULA_STARTS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
CSV_DELIMITER = ";"  # what Dutch Excel reads without an import wizard
XLSX_OPTIONS = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}


# --- formula injection -------------------------------------------------------------------------------------------


def escape_cell(value: object) -> str:
    """The text of one exported CSV cell, made inert: a value that a spreadsheet would read as a formula (starting
    with = + - @, also after leading spaces, or starting with TAB or CR) gets a leading apostrophe."""
    text = "" if value is None else str(value)
    if text[:1] in ("\t", "\r") or text.lstrip()[:1] in FORMULA_STARTS:
        return "'" + text
    return text


def write_text(sheet, row: int, column: int, value: object, cell_format=None) -> None:
    """Write one text cell to an XLSX sheet as a string, never as a formula, number or link."""
    sheet.write_string(row, column, "" if value is None else str(value), cell_format)


def csv_bytes(rows: Iterable[Sequence[object]]) -> bytes:
    """Rows as CSV for Dutch Excel: `;`, CRLF, UTF-8 with BOM; every cell through `escape_cell`. An empty row is
    written as an empty line (the report keeps line numbers that way)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    for row in rows:
        writer.writerow([escape_cell(cell) for cell in row])
    return out.getvalue().encode("utf-8")


def workbook(out: io.BytesIO, **options) -> xlsxwriter.Workbook:
    """An XLSX workbook that writes strings as strings (`XLSX_OPTIONS`), with the given extra options."""
    return xlsxwriter.Workbook(out, {**XLSX_OPTIONS, **options})


# --- OpenDocument spreadsheets -----------------------------------------------------------------------------------
# Written with the standard library: an ODS is a zip of XML parts, and no ODS writer on PyPI is well kept (odfpy, which
# pandas' "odf" engine needs, last released in 2020; ezodf in 2015). Every text cell is written as
# office:value-type="string": ODF keeps formulas in their own attribute (table:formula), which this writer never
# writes, so a delivered "=HYPERLINK(...)" stays text, without the apostrophe CSV needs.

ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"
_ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
    'xmlns:of="urn:oasis:names:tc:opendocument:xmlns:of:1.2" office:version="1.3"')
_ODS_STYLES = (
    '<number:date-style style:name="N_datum"><number:day number:style="long"/><number:text>-</number:text>'
    '<number:month number:style="long"/><number:text>-</number:text><number:year number:style="long"/>'
    '</number:date-style>'
    '<style:style style:name="kop" style:family="table-cell"><style:table-cell-properties '
    'fo:border-bottom="0.5pt solid #000000"/><style:text-properties fo:font-weight="bold"/></style:style>'
    '<style:style style:name="titel" style:family="table-cell"><style:text-properties fo:font-weight="bold" '
    'fo:font-size="14pt"/></style:style>'
    '<style:style style:name="fout" style:family="table-cell"><style:table-cell-properties '
    'fo:background-color="#F9D0D0"/><style:text-properties fo:color="#8B0000" fo:font-weight="bold"/></style:style>'
    '<style:style style:name="datum" style:family="table-cell" style:data-style-name="N_datum"/>')
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_SPACES = re.compile(r"(?<= ) +|^ +")


@dataclass(frozen=True)
class OdsCel:
    """A cell with a style of the writer: "kop", "titel", "fout" or "datum"."""

    value: object
    stijl: str | None = None


@dataclass
class OdsBlad:
    """One sheet: its name, column widths in cm, rows (None or [] is an empty row, an int that many empty rows) and
    list validations: column position -> (allowed values, first and last row
    (1-based) they hold for, error message)."""

    naam: str
    rijen: Iterable[Sequence[object] | int | None]
    breedtes: Sequence[float] = ()
    keuzelijsten: dict[int, tuple[list[str], int, int, str]] = field(default_factory=dict)


def _ods_attr(value: str) -> str:
    return xml_escape(_XML_INVALID.sub("\ufffd", value), {'"': "&quot;"})


def _ods_paragraphs(text: str) -> str:
    """Text as <text:p> elements: a line each, runs of spaces kept (<text:s>), tabs as <text:tab/>."""
    paragraphs = []
    for line in _XML_INVALID.sub("\ufffd", text).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        escaped = xml_escape(line).replace("\t", "<text:tab/>")
        escaped = _SPACES.sub(lambda m: f'<text:s text:c="{len(m.group())}"/>', escaped)
        paragraphs.append(f"<text:p>{escaped}</text:p>")
    return "".join(paragraphs)


def _ods_cell(cell: object, validation: str | None = None) -> str:
    stijl = None
    if isinstance(cell, OdsCel):
        stijl = cell.stijl
        cell = cell.value
    attributes = f' table:content-validation-name="{validation}"' if validation else ""
    if isinstance(cell, dt.datetime):
        cell = cell.date()
    if isinstance(cell, dt.date):
        stijl = stijl or "datum"
        attributes += f' office:value-type="date" office:date-value="{cell.isoformat()}"'
        text = cell.strftime("%d-%m-%Y")
    elif isinstance(cell, (int, float)) and not isinstance(cell, bool):
        attributes += f' office:value-type="float" office:value="{float(cell)!r}"'
        text = dutch_text(float(cell))
    elif cell is None or cell == "":
        text = None
    else:
        text = str(cell)
        attributes += ' office:value-type="string"'
    if stijl:
        attributes += f' table:style-name="{stijl}"'
    if text is None:
        return f"<table:table-cell{attributes}/>"
    return f"<table:table-cell{attributes}>{_ods_paragraphs(text)}</table:table-cell>"


def ods_bytes(bladen: Sequence[OdsBlad]) -> bytes:
    """A spreadsheet of the given sheets as ODS (ODF 1.3). Dates are date cells shown as dd-mm-jjjj, numbers float
    cells, everything else text; a row given as an int stands for that many empty rows."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), ODS_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", (
            '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
            f'<manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="{ODS_MIMETYPE}"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
            '</manifest:manifest>'))
        archive.writestr("styles.xml", f'<?xml version="1.0" encoding="UTF-8"?>\n'
                                       f'<office:document-styles {_ODS_NAMESPACES}/>')
        with archive.open("content.xml", "w") as raw, io.TextIOWrapper(raw, encoding="utf-8") as content:
            _ods_content(content, bladen)
    return out.getvalue()


def _ods_content(content, bladen: Sequence[OdsBlad]) -> None:
    widths = sorted({width for blad in bladen for width in blad.breedtes})
    column_style = {width: f"co{i}" for i, width in enumerate(widths)}
    content.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {_ODS_NAMESPACES}>'
                  f"<office:automatic-styles>{_ODS_STYLES}")
    for width, name in column_style.items():
        content.write(f'<style:style style:name="{name}" style:family="table-column">'
                      f'<style:table-column-properties style:column-width="{width}cm"/></style:style>')
    content.write("</office:automatic-styles><office:body><office:spreadsheet>")
    validations: dict[tuple[str, int], str] = {}
    if any(blad.keuzelijsten for blad in bladen):  # the validations precede the tables
        content.write("<table:content-validations>")
    for blad in bladen:
        for position, (allowed, _first, _last, message) in blad.keuzelijsten.items():
            validations[(blad.naam, position)] = name = f"val{len(validations) + 1}"
            values = ";".join('"' + value.replace('"', '""') + '"' for value in allowed)
            content.write(f'<table:content-validation table:name="{name}" table:allow-empty-cell="true" '
                          f'table:condition="{_ods_attr(f"of:cell-content-is-in-list({values})")}" '
                          'table:display-list="unsorted"><table:error-message table:message-type="stop" '
                          f'table:display="true">{_ods_paragraphs(message)}</table:error-message>'
                          "</table:content-validation>")
    if validations:
        content.write("</table:content-validations>")
    for blad in bladen:
        content.write(f'<table:table table:name="{_ods_attr(blad.naam)}">')
        for width in blad.breedtes:
            content.write(f'<table:table-column table:style-name="{column_style[width]}"/>')
        row_number = 0
        for row in blad.rijen:
            if isinstance(row, int):
                if row > 0:
                    content.write(f'<table:table-row table:number-rows-repeated="{row}"><table:table-cell/>'
                                  "</table:table-row>")
                    row_number += row
                continue
            row_number += 1
            cells = list(row or [])
            content.write("<table:table-row>" + ("".join(
                _ods_cell(cell, _validation_of(blad, validations, position, row_number))
                for position, cell in enumerate(cells)) or "<table:table-cell/>") + "</table:table-row>")
        _ods_validated_rows(content, blad, validations, row_number)
        content.write("</table:table>")
    content.write("</office:spreadsheet></office:body></office:document-content>")


def _validation_of(blad: OdsBlad, validations: dict, position: int, row_number: int) -> str | None:
    lijst = blad.keuzelijsten.get(position)
    if lijst is None or not lijst[1] <= row_number <= lijst[2]:
        return None
    return validations[(blad.naam, position)]


def _ods_validated_rows(content, blad: OdsBlad, validations: dict, written: int) -> None:
    """The empty rows below the written ones that still carry the sheet's drop-downs, as one repeated row."""
    last = max((lijst[2] for lijst in blad.keuzelijsten.values()), default=0)
    if last <= written:
        return
    width = max(blad.keuzelijsten) + 1
    cells = "".join(f'<table:table-cell table:content-validation-name="{validations[(blad.naam, p)]}"/>'
                    if p in blad.keuzelijsten else "<table:table-cell/>" for p in range(width))
    content.write(f'<table:table-row table:number-rows-repeated="{last - written}">{cells}</table:table-row>')


def dutch_text(value: object) -> str:
    """A value as Dutch text in a cell: a date as dd-mm-jjjj, a float with a decimal comma and no trailing zeros."""
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return "" if value is None else str(value)
