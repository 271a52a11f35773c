"""Files an aanbieder downloads: the error report of a rejected upload and the empty templates per soort.

Every cell is written by portal.spreadsheet, so a delivered `=HYPERLINK(...)` is never evaluated by the spreadsheet
that opens the report. The report is built only from the batch's kept copy (`bewaard_csv`: the delivered rows with
every BSN masked).
"""
from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import sqlalchemy as sa

from portal import access
from portal.codes import Actie
from portal.extensions import db
from portal.leveringen import kolommen
from portal.leveringen.parse import IGNORED_COLUMN, MAX_ROWS, columns, read_file
from portal.leveringen.validate import EARLIEST_DATE
from portal.models import AanleverBatch, Aanwezigheid, Toewijzing, Traject
from portal.spreadsheet import OdsBlad, OdsCel, csv_bytes, dutch_text, ods_bytes, workbook, write_text
from portal.trajecten.ids import normalise

# A traject_id in the example rows: the right shape, a wrong check character, so it never matches a trajectory.
VOORBEELD_TRAJECT_ID = "ABCD-1234-X"
_KEPT_NAME = "bewaard.csv"  # the kept copy is always CSV, whatever the upload was
_CHUNK = 2_000


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
    book = workbook(out, constant_memory=True)
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

def kind(soort: str, column: str) -> object:
    """What a column holds ("id", "date", "hours", "score", "count" or a code list), as validation checks it."""
    return kolommen.kolom(soort, column).kind


def code_list(soort: str, column: str) -> list[str] | None:
    """The allowed values of a code column (from portal.codes), or None for other columns."""
    return kolommen.kolom(soort, column).codes


def verplicht(soort: str, column: str) -> str:
    return kolommen.kolom(soort, column).verplicht


def voorbeeld(soort: str, dag: dt.date) -> dict[str, object]:
    """One example row that passes every check that needs no database, dated in the month before `dag`."""
    einde = dag.replace(day=1) - dt.timedelta(days=1)
    datums: dict[object, dt.date] = {"begin": max(einde.replace(day=1), EARLIEST_DATE), "einde": einde}
    return {k.naam: VOORBEELD_TRAJECT_ID if k.kind == "id" else datums[k.voorbeeld] if k.kind == "date"
            else k.voorbeeld for k in kolommen.kolommen(soort)}


def _rijen(soort: str, dag: dt.date, rijen: list[dict] | None) -> list[dict]:
    return [voorbeeld(soort, dag)] if rijen is None else rijen


def _algemeen(rijen: list[dict] | None) -> list[str]:
    if rijen is None:
        return ALGEMEEN
    return [*ALGEMEEN[:-1], "Ingevuld: uw trajecten met een lopende toewijzing, met per onderdeel de periode die u als "
                            "volgende aanlevert. Vul de uren in; verwijder regels die u niet aanlevert."]


def sjabloon_csv(soort: str, dag: dt.date, rijen: list[dict] | None = None) -> bytes:
    """The CSV template: the header in spec order and one example row (or the given rows)."""
    return csv_bytes([columns(soort), *([dutch_text(row.get(name)) for name in columns(soort)]
                                        for row in _rijen(soort, dag, rijen))])


def sjabloon_xlsx(soort: str, dag: dt.date, rijen: list[dict] | None = None) -> bytes:
    """The XLSX template: a sheet named after the soort with the header, one example row (or the given rows),
    drop-downs from the code lists, dates shown as dd-mm-jjjj and checks on numbers; and a sheet "toelichting"
    explaining every column."""
    out = io.BytesIO()
    book = workbook(out)
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
        rows.append([name, verplicht(soort, name), kolommen.kolom(soort, name).toelichting,
                     ", ".join(allowed) if allowed else kolommen.kolom(soort, name).inhoud])
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
