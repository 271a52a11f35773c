"""Files an aanbieder downloads: the error report of a rejected upload and the empty templates per soort.

Every text cell that leaves the portal in a spreadsheet goes through this module: `escape_cell` for CSV and
`write_text` for XLSX, so a delivered `=HYPERLINK(...)` is never evaluated by the spreadsheet that opens the report.
The report is built only from the batch's kept copy (`bewaard_csv`: the delivered rows with every BSN masked).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape as xml_escape

import numpy as np
import pandas as pd
import sqlalchemy as sa
import xlsxwriter

from portal import access, codes
from portal.codes import Actie
from portal.extensions import db
from portal.leveringen import validate
from portal.leveringen.parse import COLUMNS, IGNORED_COLUMN, MAX_ROWS, columns, read_file
from portal.leveringen.validate import EARLIEST_DATE
from portal.models import AanleverBatch, Aanwezigheid, Toewijzing, Traject
from portal.trajecten.ids import normalise

# Cells that a spreadsheet reads as the start of a formula (also the full-width forms some of them accept).
FORMULA_STARTS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
CSV_DELIMITER = ";"  # what Dutch Excel reads without an import wizard
XLSX_OPTIONS = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
# A traject_id in the example rows: the right shape, a wrong check character, so it never matches a trajectory.
VOORBEELD_TRAJECT_ID = "ABCD-1234-X"
_KEPT_NAME = "bewaard.csv"  # the kept copy is always CSV, whatever the upload was
_CHUNK = 2_000


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


def _workbook(out: io.BytesIO, **options) -> xlsxwriter.Workbook:
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
        stijl, cell = cell.stijl, cell.value
    attributes = f' table:content-validation-name="{validation}"' if validation else ""
    if isinstance(cell, dt.datetime):
        cell = cell.date()
    if isinstance(cell, dt.date):
        stijl = stijl or "datum"
        attributes += f' office:value-type="date" office:date-value="{cell.isoformat()}"'
        text = cell.strftime("%d-%m-%Y")
    elif isinstance(cell, (int, float)) and not isinstance(cell, bool):
        attributes += f' office:value-type="float" office:value="{float(cell)!r}"'
        text = _csv_value(float(cell))
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


# --- the kept rows of a rejected upload, with their errors -------------------------------------------------------


@dataclass
class Cel:
    value: str
    errors: list[str] = field(default_factory=list)


@dataclass
class Regel:
    """One delivered row as shown: its physical line, its cells (masked) and the messages of that line."""

    line: int
    cells: list[Cel]
    messages: list[str]


@dataclass
class Bewaard:
    """The kept copy of a rejected upload, read back: masked strings with their original line numbers, and the
    batch's errors per line."""

    columns: list[str]
    frame: pd.DataFrame
    lines: np.ndarray
    errors_by_line: dict[int, list[dict]]

    def error_lines(self) -> np.ndarray:
        return np.array(sorted(line for line in self.errors_by_line if line > 0), dtype=np.int64)

    def traject_ids(self, regels: list[Regel] | None = None) -> list[str]:
        """The delivered traject_id of the given rows (all kept rows when None), for the processing log."""
        if "traject_id" not in self.columns:
            return []
        if regels is None:
            return self.frame["traject_id"].tolist()
        position = self.columns.index("traject_id")
        return [regel.cells[position].value for regel in regels]

    def goede_regels(self) -> int:
        """How many kept rows have no error: what "alleen de goede regels aanleveren" would store at most."""
        return int((~np.isin(self.lines, self.error_lines())).sum())

    def regel(self, position: int) -> Regel:
        line = int(self.lines[position])
        errors = self.errors_by_line.get(line, [])
        values = self.frame.iloc[position].tolist()
        cells = [Cel(value, [e["message"] for e in errors if e["column"] == name])
                 for name, value in zip(self.columns, values, strict=True)]
        return Regel(line, cells, [e["message"] for e in errors])

    def voor_pagina(self, limit: int = 500) -> tuple[list[Regel], int]:
        """At most `limit` rows for the result page, rows with errors first, shown in line order; and how many
        rows are left out."""
        has_error = np.isin(self.lines, self.error_lines())
        with_errors = np.flatnonzero(has_error)[:limit]
        without = np.flatnonzero(~has_error)[:max(0, limit - len(with_errors))]
        chosen = np.sort(np.concatenate([with_errors, without]))
        return [self.regel(int(p)) for p in chosen], len(self.lines) - len(chosen)

    def rapport(self) -> Iterator[tuple[int, list[str], set[str], str]]:
        """Every line of the report in order: (line, values, columns with an error, fouten). A line that has errors
        but no kept row (it held values only outside the columns) comes with empty values."""
        values = self.frame.to_numpy(dtype=object)
        kept = {int(line): position for position, line in enumerate(self.lines)}
        empty = [""] * len(self.columns)
        for line in sorted(set(kept) | {int(x) for x in self.error_lines()}):
            errors = self.errors_by_line.get(line, ())
            row = values[kept[line]].tolist() if line in kept else empty
            yield line, row, {e["column"] for e in errors}, " | ".join(e["message"] for e in errors)


def bewaard(batch: AanleverBatch) -> Bewaard | None:
    """The kept rows of a rejected upload, or None when there are none (accepted, partial, file-level errors, or
    the good rows were delivered since)."""
    if batch.bewaard_csv is None:
        return None
    parsed = read_file(batch.bewaard_csv, _KEPT_NAME, batch.soort)
    if parsed.file_errors:
        return None
    by_line: dict[int, list[dict]] = defaultdict(list)
    for error in batch.errors or []:
        by_line[int(error["line"])].append(error)
    frame = parsed.frame.reset_index(drop=True)
    return Bewaard(list(frame.columns), frame, np.asarray(parsed.lines, dtype=np.int64), dict(by_line))


def rapport_csv(kept: Bewaard) -> bytes:
    """The report as CSV: header, then each delivered row on its original line with the column `fouten`."""
    def rows():
        yield [*kept.columns, IGNORED_COLUMN]
        previous = 1
        for line, values, _, fouten in kept.rapport():
            for _ in range(line - previous - 1):
                yield []
            previous = line
            yield [*values, fouten]
    return csv_bytes(rows())


def rapport_xlsx(kept: Bewaard, soort: str) -> bytes:
    """The report as XLSX: one sheet named after the soort (so the corrected report can be uploaded again), each
    row on its original line, cells with an error filled, and the column `fouten`."""
    out = io.BytesIO()
    book = _workbook(out, constant_memory=True)
    sheet = book.add_worksheet(soort)
    bold = book.add_format({"bold": True, "bottom": 1})
    wrong = book.add_format({"bg_color": "#F9D0D0", "font_color": "#8B0000", "bold": True})
    header = [*kept.columns, IGNORED_COLUMN]
    for position, name in enumerate(header):
        sheet.set_column(position, position, 80 if name == IGNORED_COLUMN else max(12, len(name) + 2))
    sheet.freeze_panes(1, 0)
    for position, name in enumerate(header):
        write_text(sheet, 0, position, name, bold)
    for line, values, wrong_columns, fouten in kept.rapport():
        for position, value in enumerate(values):
            write_text(sheet, line - 1, position, value, wrong if kept.columns[position] in wrong_columns else None)
        write_text(sheet, line - 1, len(values), fouten)
    book.close()
    return out.getvalue()


def rapport_ods(kept: Bewaard, soort: str) -> bytes:
    """The report as ODS, like `rapport_xlsx`: one sheet named after the soort, each row on its original line, cells
    with an error marked, and the column `fouten`."""
    header = [*kept.columns, IGNORED_COLUMN]

    def rows():
        yield [OdsCel(name, "kop") for name in header]
        previous = 1
        for line, values, wrong_columns, fouten in kept.rapport():
            yield line - previous - 1
            previous = line
            yield [*(OdsCel(value, "fout") if kept.columns[p] in wrong_columns else value
                     for p, value in enumerate(values)), fouten]

    widths = [16.0 if name == IGNORED_COLUMN else max(3.0, round(0.25 * (len(name) + 2), 1)) for name in header]
    return ods_bytes([OdsBlad(soort, rows(), widths)])


def log_processing(user, traject_ids: Iterable[str], actie: Actie) -> None:
    """Log the showing or export of delivered rows for the trajectories among them that the user may see (its own
    assignments); an ID that is not the aanbieder's is not trajectory data of the portal and is not logged."""
    ids = sorted({normalise(t) for t in traject_ids if t})
    for start in range(0, len(ids), _CHUNK):
        trajecten = db.session.scalars(
            access.visible_trajecten(user).where(Traject.id.in_(ids[start:start + _CHUNK]))).all()
        access.log_read(user, trajecten, actie)


# --- templates ---------------------------------------------------------------------------------------------------

ALGEMEEN = [
    "Eén bestand per soort: aanwezigheid, toets of afronding. Kies bij het aanleveren dezelfde soort.",
    "De eerste regel is de kopregel met de kolomnamen; de volgorde van de kolommen maakt niet uit.",
    "Datums als DD-MM-JJJJ (31-03-2026) of JJJJ-MM-DD (2026-03-31); niet in de toekomst en niet voor 01-01-2022.",
    "Getallen met een decimale komma of punt (12,5), zonder duizendtalscheiding, ten hoogste 2 decimalen.",
    "Codes (zoals onderdeel en verzuim_reden) kiest u uit de lijst; hoofd- en kleine letters maken niet uit.",
    "Vul nooit een BSN, naam, adres of geboortedatum in: alleen het traject-ID uit het portaal.",
    "Een bestand met één fout wordt helemaal afgewezen; het portaal toont per regel wat er mis is. "
    "De kolom fouten in het foutenrapport wordt bij opnieuw aanleveren genegeerd.",
    f"Ten hoogste {MAX_ROWS:,} regels en 50 MB per bestand.".replace(",", "."),
    "De voorbeeldregel heeft een traject-ID dat niet bestaat: vervang of verwijder hem.",
]

TOELICHTING: dict[str, dict[str, str]] = {
    "aanwezigheid": {
        "traject_id": "Het traject-ID uit het portaal, bijvoorbeeld ABCD-1234-X. U moet voor dit onderdeel aan "
                      "het traject zijn toegewezen.",
        "onderdeel": "Het onderdeel waarover u aanwezigheid levert.",
        "periode_start": "Eerste dag van de periode.",
        "periode_eind": "Laatste dag van de periode: niet voor periode_start, de periode is ten hoogste 31 dagen "
                        "(bijvoorbeeld een kalendermaand). Periodes van hetzelfde traject en onderdeel mogen "
                        "elkaar niet overlappen; lever dezelfde grenzen om een periode te corrigeren.",
        "uren_gepland": "Geplande uren in de periode (0 of meer).",
        "uren_aanwezig": "Uren aanwezig. Aanwezig + geoorloofd + ongeoorloofd verzuim is niet meer dan gepland.",
        "uren_verzuim_geoorloofd": "Uren afwezig met een geldige reden (0 of meer).",
        "uren_verzuim_ongeoorloofd": "Uren afwezig zonder geldige reden (0 of meer).",
        "verzuim_reden": "Verplicht als er uren verzuim (geoorloofd of ongeoorloofd) zijn.",
        "aantal_keer_verzuim": "Niet verplicht: hoe vaak de deelnemer afwezig was, een heel getal van 0 of meer.",
    },
    "toets": {
        "traject_id": "Het traject-ID uit het portaal. U moet voor taal aan het traject zijn toegewezen.",
        "datum": "Datum van de toets.",
        "vaardigheid": "De getoetste vaardigheid.",
        "niveau": "Het getoetste niveau.",
        "resultaat": "Het resultaat van de toets.",
        "score": "Niet verplicht: de score, een getal van 0 tot en met 100.",
    },
    "afronding": {
        "traject_id": "Het traject-ID uit het portaal. U moet voor het onderdeel aan het traject zijn toegewezen "
                      "(taalschakeltraject telt als taal).",
        "onderdeel": "Het onderdeel dat is afgerond of beëindigd.",
        "datum": "Datum van afronding (MAP: datum eindgesprek; PVT: datum ondertekening).",
        "status": "Afgerond, niet afgerond of voortijdig beëindigd. Een afgeronde MAP of PVT start de termijn "
                  "van de gemeente voor de registratie bij DUO.",
        "reden": "Verplicht als de status niet afgerond is.",
        "verwijtbaar": "Verplicht als de status niet afgerond is: is het niet afronden de deelnemer te verwijten?",
    },
}
_VOORWAARDELIJK = {"verzuim_reden": "als er verzuim is", "reden": "als status niet afgerond is",
                   "verwijtbaar": "als status niet afgerond is"}


def kind(soort: str, column: str) -> object:
    """What a column holds ("id", "date", "hours", "score", "count" or a code list), as validation checks it."""
    return validate._KINDS[soort][column]  # noqa: SLF001 - one definition of the column kinds, shared


def code_list(soort: str, column: str) -> list[str] | None:
    """The allowed values of a code column (from portal.codes), or None for other columns."""
    column_kind = kind(soort, column)
    return codes.values(column_kind) if isinstance(column_kind, type) else None


def verplicht(soort: str, column: str) -> str:
    required = dict(COLUMNS[soort])[column]
    return "ja" if required else f"ja, {_VOORWAARDELIJK[column]}" if column in _VOORWAARDELIJK else "nee"


def voorbeeld(soort: str, dag: dt.date) -> dict[str, object]:
    """One example row that passes every check that needs no database, dated in the month before `dag`."""
    einde = dag.replace(day=1) - dt.timedelta(days=1)
    begin = max(einde.replace(day=1), EARLIEST_DATE)
    if soort == "aanwezigheid":
        return {"traject_id": VOORBEELD_TRAJECT_ID, "onderdeel": "taal", "periode_start": begin,
                "periode_eind": einde, "uren_gepland": 48.0, "uren_aanwezig": 42.5,
                "uren_verzuim_geoorloofd": 3.5, "uren_verzuim_ongeoorloofd": 2.0, "verzuim_reden": "ziekte",
                "aantal_keer_verzuim": 2}
    if soort == "toets":
        return {"traject_id": VOORBEELD_TRAJECT_ID, "datum": einde, "vaardigheid": "lezen", "niveau": "A2",
                "resultaat": "behaald", "score": 78.0}
    return {"traject_id": VOORBEELD_TRAJECT_ID, "onderdeel": "taal", "datum": einde, "status": "niet_afgerond",
            "reden": "werk", "verwijtbaar": "nee"}


def _csv_value(value: object) -> str:
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
    return "" if value is None else str(value)


def _rijen(soort: str, dag: dt.date, rijen: list[dict] | None) -> list[dict]:
    return [voorbeeld(soort, dag)] if rijen is None else rijen


def _algemeen(rijen: list[dict] | None) -> list[str]:
    if rijen is None:
        return ALGEMEEN
    return [*ALGEMEEN[:-1], "Ingevuld: uw trajecten met een lopende toewijzing, met per onderdeel de periode die u als "
                            "volgende aanlevert. Vul de uren in; verwijder regels die u niet aanlevert."]


def sjabloon_csv(soort: str, dag: dt.date, rijen: list[dict] | None = None) -> bytes:
    """The CSV template: the header in spec order and one example row (or the given rows)."""
    return csv_bytes([columns(soort), *([_csv_value(row.get(name)) for name in columns(soort)]
                                        for row in _rijen(soort, dag, rijen))])


def sjabloon_xlsx(soort: str, dag: dt.date, rijen: list[dict] | None = None) -> bytes:
    """The XLSX template: a sheet named after the soort with the header, one example row (or the given rows),
    drop-downs from the code lists, dates shown as dd-mm-jjjj and checks on numbers; and a sheet "toelichting"
    explaining every column."""
    out = io.BytesIO()
    book = _workbook(out)
    sheet = book.add_worksheet(soort)
    uitleg = book.add_worksheet("toelichting")
    bold = book.add_format({"bold": True, "bottom": 1})
    date_format = book.add_format({"num_format": "dd-mm-yyyy"})
    text_format = book.add_format({"num_format": "@"})
    number_format = book.add_format({"num_format": "0.##"})
    last_row = MAX_ROWS  # 0-based: header on row 0, data rows 1 .. MAX_ROWS

    for position, name in enumerate(columns(soort)):
        column_kind, allowed = kind(soort, name), code_list(soort, name)
        cell_format = (date_format if column_kind == "date" else
                       text_format if allowed or column_kind == "id" else number_format)
        sheet.set_column(position, position, max(14, len(name) + 3), cell_format)
        write_text(sheet, 0, position, name, bold)
        for row, example in enumerate(_rijen(soort, dag, rijen), start=1):
            value = example.get(name)
            if isinstance(value, dt.date):
                sheet.write_datetime(row, position, dt.datetime.combine(value, dt.time()), date_format)
            elif isinstance(value, int | float):
                sheet.write_number(row, position, value, number_format)
            elif value is not None:
                write_text(sheet, row, position, value, text_format)
        check = _validation(name, column_kind, allowed)
        if check:
            sheet.data_validation(1, position, last_row, position, check)
    sheet.freeze_panes(1, 0)

    uitleg.set_column(0, 0, 28)
    uitleg.set_column(1, 1, 26)
    uitleg.set_column(2, 2, 90)
    uitleg.set_column(3, 3, 60)
    for row, values in enumerate(_toelichting(soort, rijen)):
        for position, value in enumerate(values):
            if isinstance(value, OdsCel):
                style = book.add_format({"bold": True, "font_size": 14} if value.stijl == "titel" else
                                        {"bold": True, "bottom": 1})
                write_text(uitleg, row, position, value.value, style)
            else:
                write_text(uitleg, row, position, value)
    book.close()
    return out.getvalue()


def sjabloon_ods(soort: str, dag: dt.date, rijen: list[dict] | None = None) -> bytes:
    """The ODS template, like the XLSX one: a sheet named after the soort with the header, one example row (or the
    given rows), drop-downs from the code lists and dates shown as dd-mm-jjjj; and a sheet "toelichting"."""
    names = columns(soort)
    data: list[Sequence[object] | None] = [[OdsCel(name, "kop") for name in names],
            *([row.get(name) for name in names] for row in _rijen(soort, dag, rijen))]
    lijsten = {position: (allowed, 2, MAX_ROWS + 1, f"Kies voor {name} een waarde uit de lijst.")
               for position, name in enumerate(names) if (allowed := code_list(soort, name))}
    widths = [max(3.5, round(0.25 * (len(name) + 3), 1)) for name in names]
    return ods_bytes([OdsBlad(soort, data, widths, lijsten),
                      OdsBlad("toelichting", _toelichting(soort, rijen), [6.0, 5.5, 19.0, 13.0])])


def _toelichting(soort: str, rijen: list[dict] | None) -> list[list[object]]:
    """The rows of the sheet "toelichting": the general rules, then per column whether it is required, what it
    holds and its allowed values."""
    rows: list[list[object]] = [[OdsCel(f"Aanleverformaat v1 — soort {soort}", "titel")], []]
    rows += [[text] for text in _algemeen(rijen)]
    rows += [[], [OdsCel(title, "kop") for title in ("Kolom", "Verplicht", "Toelichting", "Toegestane waarden")]]
    for name in columns(soort):
        allowed = code_list(soort, name)
        rows.append([name, verplicht(soort, name), TOELICHTING[soort][name],
                     ", ".join(allowed) if allowed else _waarden(kind(soort, name))])
    return rows


def ingevulde_regels(user, dag: dt.date) -> list[dict]:
    """Aanwezigheid rows for the aanbieder's prefilled template: one per trajectory and onderdeel of a current
    assignment (`access.lopende_toewijzing`) on the trajectories "Mijn trajecten" lists (`access.list_trajecten`,
    active ones: the same scope, without gemeenten whose processing is halted, logged as read like that page), with the
    coming period filled in: from the day after the last period this aanbieder delivered for it (else the
    assignment's startdatum) to the end of that calendar month, or to the assignment's einddatum. An assignment whose
    einddatum lies before that day has nothing left to deliver and gets no row."""
    trajecten = access.list_trajecten(user, filters={"status": "actief"}, per_page=MAX_ROWS).items
    ids = [traject.id for traject in trajecten]
    toewijzingen: list[Toewijzing] = []
    geleverd: dict[tuple[str, object], dt.date] = {}
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start:start + _CHUNK]
        toewijzingen += db.session.scalars(select_toewijzingen(user, chunk, dag)).all()
        geleverd.update({(traject_id, onderdeel): eind for traject_id, onderdeel, eind in db.session.execute(
            sa.select(Aanwezigheid.traject_id, Aanwezigheid.onderdeel, sa.func.max(Aanwezigheid.periode_eind))
            .where(Aanwezigheid.aanbieder_id == user.organisatie_id, Aanwezigheid.traject_id.in_(chunk))
            .group_by(Aanwezigheid.traject_id, Aanwezigheid.onderdeel))})
    rijen: dict[tuple[str, str], dict] = {}
    for toewijzing in toewijzingen:
        key = (toewijzing.traject_id, toewijzing.onderdeel.value)
        laatste = geleverd.get((toewijzing.traject_id, toewijzing.onderdeel))
        begin = max(toewijzing.startdatum, laatste + dt.timedelta(days=1)) if laatste else toewijzing.startdatum
        einde = (begin.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        if toewijzing.einddatum is not None:
            einde = min(einde, toewijzing.einddatum)
        if einde < begin or (key in rijen and rijen[key]["periode_start"] <= begin):
            continue  # nothing left to deliver, or an earlier assignment of the same onderdeel comes first
        rijen[key] = {"traject_id": key[0], "onderdeel": key[1], "periode_start": begin, "periode_eind": einde}
    return [rijen[key] for key in sorted(rijen)]


def select_toewijzingen(user, traject_ids: list[str], dag: dt.date):
    """The aanbieder's current assignments on the given trajectories."""
    return (sa.select(Toewijzing).where(Toewijzing.traject_id.in_(traject_ids),
                                         access.lopende_toewijzing(user.organisatie_id, dag))
            .order_by(Toewijzing.traject_id, Toewijzing.startdatum, Toewijzing.id))


SJABLONEN = {"csv": sjabloon_csv, "xlsx": sjabloon_xlsx, "ods": sjabloon_ods}
RAPPORTEN = {"csv": lambda kept, _soort: rapport_csv(kept), "xlsx": rapport_xlsx, "ods": rapport_ods}


def _waarden(column_kind: object) -> str:
    return {"id": "traject-ID (XXXX-XXXX-X)", "date": "datum (DD-MM-JJJJ of JJJJ-MM-DD)",
            "hours": "getal, 0 of meer, ten hoogste 2 decimalen", "score": "getal van 0 tot en met 100",
            "count": "heel getal, 0 of meer"}.get(str(column_kind), "")


def _validation(name: str, column_kind: object, allowed: list[str] | None) -> dict | None:
    """The Excel data validation of a column: a drop-down for codes, a check for dates and numbers."""
    if allowed:
        return {"validate": "list", "source": allowed, "error_title": "Onbekende waarde",
                "error_message": f"Kies voor {name} een waarde uit de lijst."}
    if column_kind == "date":
        return {"validate": "date", "criteria": ">=", "value": dt.datetime.combine(EARLIEST_DATE, dt.time()),
                "error_title": "Ongeldige datum",
                "error_message": f"Vul bij {name} een datum in, niet voor 01-01-2022 (DD-MM-JJJJ)."}
    if column_kind == "hours":
        return {"validate": "decimal", "criteria": ">=", "value": 0, "error_title": "Ongeldig getal",
                "error_message": f"Vul bij {name} een getal van 0 of meer in."}
    if column_kind == "score":
        return {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 100,
                "error_title": "Ongeldige score", "error_message": "Vul een score van 0 tot en met 100 in."}
    if column_kind == "count":
        return {"validate": "integer", "criteria": ">=", "value": 0, "error_title": "Ongeldig aantal",
                "error_message": f"Vul bij {name} een heel getal van 0 of meer in."}
    return None
