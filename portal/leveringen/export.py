"""Files an aanbieder downloads: the error report of a rejected upload and the empty templates per soort.

Every text cell that leaves the portal in a spreadsheet goes through this module: `escape_cell` for CSV and
`write_text` for XLSX, so a delivered `=HYPERLINK(...)` is never evaluated by the spreadsheet that opens the report.
The report is built only from the batch's kept copy (`bewaard_csv`: the delivered rows with every BSN masked).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import xlsxwriter

from portal import access, codes
from portal.codes import Actie
from portal.extensions import db
from portal.leveringen import validate
from portal.leveringen.parse import COLUMNS, IGNORED_COLUMN, MAX_ROWS, columns, read_file
from portal.leveringen.validate import EARLIEST_DATE
from portal.models import AanleverBatch, Traject
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


def sjabloon_csv(soort: str, dag: dt.date) -> bytes:
    """The CSV template: the header in spec order and one example row."""
    example = voorbeeld(soort, dag)
    return csv_bytes([columns(soort), [_csv_value(example.get(name)) for name in columns(soort)]])


def sjabloon_xlsx(soort: str, dag: dt.date) -> bytes:
    """The XLSX template: a sheet named after the soort with the header, one example row, drop-downs from the code
    lists, dates shown as dd-mm-jjjj and checks on numbers; and a sheet "toelichting" explaining every column."""
    out = io.BytesIO()
    book = _workbook(out)
    sheet = book.add_worksheet(soort)
    uitleg = book.add_worksheet("toelichting")
    bold = book.add_format({"bold": True, "bottom": 1})
    date_format = book.add_format({"num_format": "dd-mm-yyyy"})
    text_format = book.add_format({"num_format": "@"})
    number_format = book.add_format({"num_format": "0.##"})
    example = voorbeeld(soort, dag)
    last_row = MAX_ROWS  # 0-based: header on row 0, data rows 1 .. MAX_ROWS

    for position, name in enumerate(columns(soort)):
        column_kind, allowed = kind(soort, name), code_list(soort, name)
        cell_format = (date_format if column_kind == "date" else
                       text_format if allowed or column_kind == "id" else number_format)
        sheet.set_column(position, position, max(14, len(name) + 3), cell_format)
        write_text(sheet, 0, position, name, bold)
        value = example.get(name)
        if isinstance(value, dt.date):
            sheet.write_datetime(1, position, dt.datetime.combine(value, dt.time()), date_format)
        elif isinstance(value, int | float):
            sheet.write_number(1, position, value, number_format)
        elif value is not None:
            write_text(sheet, 1, position, value, text_format)
        check = _validation(name, column_kind, allowed)
        if check:
            sheet.data_validation(1, position, last_row, position, check)
    sheet.freeze_panes(1, 0)

    uitleg.set_column(0, 0, 28)
    uitleg.set_column(1, 1, 26)
    uitleg.set_column(2, 2, 90)
    uitleg.set_column(3, 3, 60)
    write_text(uitleg, 0, 0, f"Aanleverformaat v1 — soort {soort}", book.add_format({"bold": True, "font_size": 14}))
    row = 2
    for text in ALGEMEEN:
        write_text(uitleg, row, 0, text)
        row += 1
    row += 1
    for position, title in enumerate(("Kolom", "Verplicht", "Toelichting", "Toegestane waarden")):
        write_text(uitleg, row, position, title, bold)
    for name in columns(soort):
        row += 1
        allowed = code_list(soort, name)
        write_text(uitleg, row, 0, name)
        write_text(uitleg, row, 1, verplicht(soort, name))
        write_text(uitleg, row, 2, TOELICHTING[soort][name])
        write_text(uitleg, row, 3, ", ".join(allowed) if allowed else _waarden(kind(soort, name)))
    book.close()
    return out.getvalue()


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
