"""Reading a delivery (CSV, XLSX, ODS or API JSON rows) into a frame of stripped strings with its physical line numbers.

Spreadsheets (XLSX and OpenDocument ODS) are read by python-calamine after streaming size checks of their own."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from portal import bsn
from portal.leveringen import kolommen
from portal.leveringen.report import FILE_LINE, Fout

SOORTEN = kolommen.SOORTEN

# Per soort, the column names in spec order, with whether the header must hold them (from the one definition,
# portal.leveringen.kolommen). Columns that are only conditionally required ("ja, als …") may be left out of the
# header: the rows that need them are then reported as `verplicht` by validation.
COLUMNS: dict[str, tuple[tuple[str, bool], ...]] = {
    soort: tuple((kolom.naam, kolom.in_kopregel) for kolom in kolommen.kolommen(soort)) for soort in SOORTEN}

# The column the web upload adds to its error report; ignored on upload so the report can be corrected and re-delivered.
IGNORED_COLUMN = "fouten"
MAX_ROWS = 200_000
MAX_BYTES = 50 * 1024 * 1024
# The widest soort has 10 columns (11 with `fouten`); 50 leaves room for a few spare columns a spreadsheet adds, and
# refuses before any frame is built a file that is wide only to make the reader and the report expensive.
MAX_COLUMNS = 50
# Cells (fields) a file may hold in all: MAX_ROWS rows of 12 cells. A file with more is refused before a frame is
# built, whatever its shape (10,000 columns, or millions of empty lines).
MAX_CELLS = MAX_ROWS * 12
# What a spreadsheet (XLSX or ODS) may unpack to: the largest legitimate workbook (MAX_ROWS rows of aanwezigheid
# written with inline strings, as xlsxwriter's constant-memory mode does) unpacks to about 91 MB; a zip bomb is refused
# before the XML reader sees it. Parts other than sheets and shared strings (XLSX) or content.xml (ODS) — styles,
# workbook, theme, settings — are read whole by the reader, so they get a far smaller limit of their own.
MAX_XLSX_UNPACKED = 128 * 1024 * 1024
MAX_XLSX_PART = 4 * 1024 * 1024
MAX_XLSX_SHARED_STRINGS = 32 * 1024 * 1024  # MAX_ROWS distinct traject-IDs take about 5 MB
# Sheet rows read at most (header and some empty lines on top of MAX_ROWS); rows further down are refused.
MAX_SHEET_ROWS = MAX_ROWS + 1_000
ODS_MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"  # also the start of the template's (…-template)

_ZIP_MAGIC = b"PK\x03\x04"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls and other MS Office binary files
_DELIMITERS = (";", "\t", ",")  # tie-break order: Dutch Excel writes ';'
_QUOTED = re.compile(r'"[^"]*"')
_SHOWN_NAME_LENGTH = 60


@dataclass
class Parsed:
    """A delivery as strings: `frame` holds the soort's columns that were delivered (names normalised, values
    stripped; JSON rows parsed without a soort keep all their keys), one row per data row; `lines[i]` is the physical
    line of row i.

    `file_errors` reject the whole file (header problems carry the header's line, whole-file problems line 0).
    `row_errors` are problems parsing found in cells that are not in `frame` (a BSN in an ignored or unknown column,
    values beyond the last header column); validation merges them.
    """

    frame: pd.DataFrame
    lines: np.ndarray
    file_errors: list[Fout] = field(default_factory=list)
    row_errors: list[Fout] = field(default_factory=list)
    soort: str | None = None  # the soort whose columns were checked; None for JSON rows parsed without one

    @property
    def rows(self) -> int:
        return len(self.frame)


def columns(soort: str) -> list[str]:
    """All column names of a soort, in spec order."""
    return [name for name, _ in _spec(soort)]


def required_columns(soort: str) -> list[str]:
    return [name for name, required in _spec(soort) if required]


def read_file(data: bytes, filename: str, soort: str) -> Parsed:
    """Parse an uploaded CSV, XLSX or ODS file; a spreadsheet is recognised by its zip signature (ODS by its
    `mimetype` part), anything else is read as CSV.

    Problems of the file come back as `Fout`s; only an unknown `soort` raises ValueError (the caller checks it).
    """
    _spec(soort)
    if len(data) > MAX_BYTES:
        return _file_error("bestand_te_groot",
                           f"Het bestand is groter dan {MAX_BYTES // (1024 * 1024)} MB. "
                           "Splits het in kleinere bestanden en lever die apart aan.", soort)
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if data.startswith(_ZIP_MAGIC):  # recognised by content: an ODS declares itself in its `mimetype` part
        return _read_ods(data, soort) if _is_ods(data) else _read_xlsx(data, soort)
    if extension in ("xlsx", "xlsm", "ods", "ots"):
        return _unreadable(f"Het bestand heet .{extension} maar is geen geldige spreadsheet. "
                           "Sla het opnieuw op als OpenDocument-spreadsheet (.ods), Excel-werkmap (.xlsx) of als CSV.",
                           soort)
    if data.startswith(_OLE2_MAGIC) or extension == "xls":
        return _unreadable("Oude Excel-bestanden (.xls) worden niet gelezen. Sla het bestand op als "
                           "OpenDocument-spreadsheet (.ods), Excel-werkmap (.xlsx) of als CSV (puntkomma-gescheiden).",
                           soort)
    return _read_csv(data, soort)


def rows_from_json(rows: list, soort: str | None = None) -> Parsed:
    """Parse API rows: a list of objects keyed by column name; line = 1-based index, rows are never skipped.

    With `soort` the keys are checked like a header; without it the check is left to `with_soort` (which `validate`
    calls), so the API can parse the body before it knows or has checked the soort.
    """
    if soort is not None:
        _spec(soort)
    return _json_table(rows, soort)


def with_soort(parsed: Parsed, soort: str) -> Parsed:
    """Check the columns of a soort-less `Parsed` (JSON rows) against `soort`; a checked one is returned as it is."""
    _spec(soort)
    if parsed.soort == soort:
        return parsed
    if parsed.soort is not None:
        raise ValueError(f"delivery was parsed as {parsed.soort!r}, not {soort!r}")
    frame = parsed.frame
    if parsed.rows == 0 and frame.shape[1] == 0:  # an empty list of rows names no columns, so none are missing
        return Parsed(_empty_frame(soort), parsed.lines, list(parsed.file_errors), list(parsed.row_errors), soort)
    grid = pd.DataFrame({i: frame.iloc[:, i] for i in range(frame.shape[1])}, index=frame.index)
    checked = _from_grid(list(frame.columns), FILE_LINE, grid, parsed.lines, soort, parsed.row_errors,
                         skip_blank=False)
    checked.file_errors[:0] = parsed.file_errors
    return checked


# --- CSV ---------------------------------------------------------------------------------------------------------


def _read_csv(data: bytes, soort: str) -> Parsed:
    if b"\x00" in data:
        return _unreadable("Het bestand bevat binaire gegevens (bijvoorbeeld UTF-16 of een ander bestandstype). "
                           "Sla het op als CSV in UTF-8.", soort)
    text = _decode(data)
    if text is None:
        return _unreadable("De tekens in het bestand zijn niet te lezen. Sla het op als CSV in UTF-8.", soort)
    delimiter = _detect_delimiter(text)
    if delimiter is None:
        return _unreadable("Het bestand is leeg: er is geen kopregel gevonden.", soort)
    too_big = _csv_too_big(text, delimiter, soort)
    if too_big is not None:
        return too_big

    if '"' not in text:
        fast = _read_plain_csv(text, delimiter, soort)
        if fast is not None:
            return fast
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', doublequote=True,
                        strict=True)
    records: list[list[str]] = []
    ends: list[int] = []
    try:
        if '"' in text:  # a quoted value may span lines: ask the reader where each record ends
            cells = 0
            for record in reader:
                cells += len(record)
                if len(record) > MAX_COLUMNS:
                    return _too_many_columns(soort, reader.line_num)
                if cells > MAX_CELLS:
                    return _too_many_cells(soort)
                records.append(record)
                ends.append(reader.line_num)
        else:  # one record per physical line (an empty line is an empty record)
            records = list(reader)
            ends = list(range(1, len(records) + 1))
    except csv.Error:
        line = (ends[-1] if ends else 0) + 1
        return _unreadable(f"Regel {line} is niet te lezen: de aanhalingstekens (\") kloppen niet of een waarde is "
                           "te lang. Zet een waarde met scheidingstekens of regeleinden tussen dubbele "
                           "aanhalingstekens en schrijf een aanhalingsteken in een waarde dubbel (\"\").", soort,
                           line=line)
    starts = np.empty(len(ends), dtype=np.int64)
    if ends:
        starts[0] = 1
        starts[1:] = np.asarray(ends[:-1], dtype=np.int64) + 1

    header_index = next((i for i, record in enumerate(records) if any(cell.strip() for cell in record)), None)
    if header_index is None:
        return _unreadable("Het bestand is leeg: er is geen kopregel gevonden.", soort)
    header = records[header_index]
    body = records[header_index + 1:]
    lines = starts[header_index + 1:]
    width = len(header)

    row_errors: list[Fout] = []
    lengths = np.fromiter(map(len, body), dtype=np.int64, count=len(body))
    has_extra = np.zeros(len(body), dtype=bool)
    for i in np.flatnonzero((lengths != width) & (lengths > 0)):
        record = body[i]
        if len(record) < width:
            body[i] = record + [""] * (width - len(record))
            continue
        extra = [cell for cell in record[width:] if cell.strip()]
        body[i] = record[:width]
        if extra:
            has_extra[i] = True
            row_errors.append(_extra_cells_error(int(lines[i]), extra))
    not_empty_line = lengths > 0
    body = [record for record, keep in zip(body, not_empty_line, strict=True) if keep]
    lines = lines[not_empty_line]
    has_extra = has_extra[not_empty_line]

    by_column = list(zip(*body, strict=True)) if body else [()] * width
    grid = pd.DataFrame({i: pd.Series(by_column[i], dtype=str) for i in range(width)},
                        index=pd.RangeIndex(len(body)))
    return _from_grid(header, int(starts[header_index]), grid, lines, soort, row_errors,
                      keep_blank=pd.Series(has_extra, index=grid.index))


def _csv_too_big(text: str, delimiter: str, soort: str) -> Parsed | None:
    """Refuse, before any reader runs, a file with more than MAX_CELLS cells, or (without quotes, where every
    delimiter separates two cells) a line with more than MAX_COLUMNS cells. Counted on the bytes with numpy, so a
    wide or long file costs one pass; a quoted file's lines are checked by the reader as they come."""
    raw = np.frombuffer(text.encode("utf-8", errors="replace"), dtype=np.uint8)
    newlines = np.flatnonzero(raw == ord("\n"))
    delimiters = np.flatnonzero(raw == ord(delimiter))
    if delimiters.size + newlines.size + 1 > MAX_CELLS:
        return _too_many_cells(soort)
    if '"' not in text and delimiters.size:
        per_line = np.bincount(np.searchsorted(newlines, delimiters), minlength=newlines.size + 1)
        widest = int(np.argmax(per_line))
        if per_line[widest] + 1 > MAX_COLUMNS:
            return _too_many_columns(soort, widest + 1)
    return None


def _read_plain_csv(text: str, delimiter: str, soort: str) -> Parsed | None:
    """The fast path for a file without quotes (what most export scripts write): pandas' C parser, one row per
    physical line, so line numbers are row positions. None when a row has more cells than the widest row before
    it: the csv-module path then reports it precisely."""
    try:
        grid = pd.read_csv(io.StringIO(text), sep=delimiter, header=None, dtype=str, na_filter=False,
                           skip_blank_lines=False, quoting=csv.QUOTE_NONE, engine="c")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError):
        return None
    header_index = _first_filled_row(grid)
    if header_index is None:
        return None
    header = [str(name) for name in grid.iloc[header_index].tolist()]
    body = grid.iloc[header_index + 1:, :len(header)].reset_index(drop=True)
    body.columns = pd.RangeIndex(len(header))
    lines = np.arange(header_index + 2, header_index + 2 + len(body), dtype=np.int64)
    return _from_grid(header, header_index + 1, body, lines, soort, [])


def _first_filled_row(grid: pd.DataFrame) -> int | None:
    """The position of the first row with a value (the header), looked for in growing blocks from the top: the
    header is almost always the first line, and comparing every cell of a large file would cost more than reading
    it."""
    start, size = 0, 8
    while start < len(grid):
        filled = (grid.iloc[start:start + size] != "").any(axis=1).to_numpy()
        if filled.any():
            return start + int(np.argmax(filled))
        start, size = start + size, size * 4
    return None


def _decode(data: bytes) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return None


def _detect_delimiter(text: str) -> str | None:
    """The delimiter that occurs most often, outside quotes, in the first line that holds more than delimiters."""
    for line in text.split("\n"):
        if not line.strip(" \t\r;,\""):
            continue
        unquoted = _QUOTED.sub("", line)
        counts = {d: unquoted.count(d) for d in _DELIMITERS}
        best = max(_DELIMITERS, key=lambda d: counts[d])  # max keeps the first of equal counts: ';' wins ties
        return best if counts[best] else ";"
    return None


def _extra_cells_error(line: int, extra: list[str]) -> Fout:
    if any(bsn.contains_bsn(cell) for cell in extra):
        return Fout(line, "", bsn.CODE, bsn.MESSAGE)
    return Fout(line, "", "kolom_onbekend",
                "Deze regel heeft meer waarden dan de kopregel kolommen heeft. Verwijder de waarden achter de "
                "laatste kolom, of controleer of er een scheidingsteken (; , of tab) in een waarde staat zonder "
                "aanhalingstekens eromheen.")


# --- spreadsheets: XLSX and ODS ----------------------------------------------------------------------------------


def _is_ods(data: bytes) -> bool:
    """Whether a zip is an OpenDocument spreadsheet (or its template): its `mimetype` part says so."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("mimetype")
            if info.file_size > 200:
                return False
            return archive.read(info).strip().decode("ascii", errors="replace").startswith(ODS_MIMETYPE)
    except (KeyError, zipfile.BadZipFile, ValueError, OSError, RuntimeError, NotImplementedError):
        return False


def _zip_problem(data: bytes, soort: str, sheet_parts) -> Parsed | None:
    """Refuse a workbook whose parts declare more than the limits (Python's zip reader never unpacks more than a
    part declares); `sheet_parts(name)` says which parts are the big ones the streaming pass checks. A file that is
    no zip at all is left to the reader, which reports it unreadable."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    total = sum(info.file_size for info in parts)
    big_part = any(info.file_size > (MAX_XLSX_SHARED_STRINGS if info.filename == "xl/sharedStrings.xml" else
                                     MAX_XLSX_PART)
                   for info in parts if not sheet_parts(info.filename))
    if total > MAX_XLSX_UNPACKED or big_part:
        return _file_error("bestand_te_groot",
                           f"De spreadsheet is uitgepakt groter dan {MAX_XLSX_UNPACKED // (1024 * 1024)} MB of "
                           "heeft een te groot onderdeel. Splits het in kleinere bestanden of lever het aan als CSV.",
                           soort)
    return None


_XML_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s/>]")
_XML_ROW_NUMBER = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row\s[^>]*?\br\s*=\s*[\"']([0-9]+)")
# A cell reference beyond column MAX_COLUMNS (AX = 50): AY, AZ, BA..ZZ, or three letters.
_XML_WIDE_REFERENCE = re.compile(rb"\sr\s*=\s*[\"'](?:[A-Z]{3}|[B-Z][A-Z]|A[YZ])[0-9]")
assert MAX_COLUMNS == 50, "_XML_WIDE_REFERENCE spells column 50 as AX"
# A filled cell: an opening <c> (attributes matched whole, so a ">" inside a value hides nothing) whose first child is
# an element (<v>, <is>, <f>), with its reference if it has one. A styled cell without a value (`<c r="A9" s="1"/>`)
# holds nothing, and the reader leaves it out of the range it builds.
_REFERENCE = rb"r\s*=\s*[\"']([A-Z]{1,3})([0-9]+)[\"']"
_XML_FILLED_CELL = re.compile(  # the two attribute branches exclude each other, so a failed match never backtracks
    rb"<(?:[A-Za-z_][\w.-]*:)?c(?:\s+(?:" + _REFERENCE + rb"|(?!" + _REFERENCE.replace(b"(", b"(?:") + rb")"
    rb"[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*')))*\s*>\s*<(?!/)")
_XML_DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\s[^>]*?\bref\s*=\s*[\"']([A-Z]*)([0-9]*)"
                            rb"(?::([A-Z]*)([0-9]*))?")


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _sheet_problem(stream, soort: str) -> Parsed | None:
    """One streaming pass over an XLSX sheet's XML (bytes, never a tree): refuse it when it holds more than MAX_CELLS
    cells, a cell beyond column MAX_COLUMNS, or a row beyond MAX_SHEET_ROWS, before the reader parses a single cell.

    The reader builds a dense range up to the last filled row and column, so that span (counted from A1) is bounded
    by MAX_CELLS as well: two cells at A1 and AX200000 would make it allocate ten million cells. A filled cell
    without a reference takes its place from its row and the cells before it, so for those the span is counted as
    the furthest row so far could be times MAX_COLUMNS. The reader allocates nothing after the `<dimension>` (it
    reserves room for it only below 100,000 cells), so a dimension larger than the data (formatted empty rows) is
    accepted; one reaching beyond column MAX_COLUMNS or row MAX_SHEET_ROWS is refused, as a cell there would be."""
    cells, tail = 0, b""
    last_row = last_column = rows_seen = highest_number = 0
    in_data = False
    while chunk := stream.read(1 << 20):
        block = tail + chunk
        cut = block.rfind(b">") + 1  # tags never straddle the cut: the rest waits for the next chunk
        block, tail = block[:cut], block[cut:]
        cells += len(_XML_CELL.findall(block))
        if cells > MAX_CELLS:
            return _too_many_cells(soort)
        if _XML_WIDE_REFERENCE.search(block):
            return _too_many_columns(soort)
        numbers = _XML_ROW_NUMBER.findall(block)
        numbered = max(map(int, numbers), default=0)
        if numbered > MAX_SHEET_ROWS:
            return _too_many_rows(soort)
        rows_seen += block.count(b"<row") + block.count(b":row")  # at least the rows in the block
        highest_number = max(highest_number, numbered)
        if not in_data:  # the dimension stands before the data
            dimension = _XML_DIMENSION.search(block)
            if dimension:
                letters, digits = dimension.group(3, 4) if dimension.group(3) is not None else dimension.group(1, 2)
                if _column_number(letters or b"A") > MAX_COLUMNS:
                    return _too_many_columns(soort)
                if int(digits or b"1") > MAX_SHEET_ROWS:
                    return _too_many_rows(soort)
            in_data = b"sheetData" in block
        filled = _XML_FILLED_CELL.findall(block)
        if filled:
            letters = {letters for letters, _ in filled}
            if letters - {b""}:
                last_column = max(last_column, max(map(_column_number, letters - {b""})))
                last_row = max(last_row, max(map(int, {digits for _, digits in filled if digits})))
            if b"" in letters:
                # a filled cell without a reference stands in the current row, which no row so far can be beyond (a
                # row without a number follows the one before it)
                last_row, last_column = max(last_row, highest_number + rows_seen), MAX_COLUMNS
        if last_row > MAX_SHEET_ROWS:
            return _too_many_rows(soort)
        if last_column > MAX_COLUMNS:
            return _too_many_columns(soort)
        if last_row * last_column > MAX_CELLS:
            return _too_many_cells(soort)
    return None


def _xlsx_sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> its part in the zip, from xl/workbook.xml and its relationships (both under MAX_XLSX_PART)."""
    from xml.etree import ElementTree  # noqa: S405 - parts of at most MAX_XLSX_PART, entities are not expanded

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    targets = {}
    for rel in ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels")):  # noqa: S314
        target = rel.get("Target", "")
        targets[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    paths = {}
    for element in ElementTree.fromstring(archive.read("xl/workbook.xml")).iter():  # noqa: S314
        if local(element.tag) == "sheet":
            rid = next((value for key, value in element.attrib.items() if local(key) == "id"), None)
            if rid in targets:
                paths[element.get("name", "")] = targets[rid]
    return paths


def _read_xlsx(data: bytes, soort: str) -> Parsed:
    problem = _zip_problem(data, soort, lambda name: name.startswith("xl/worksheets/"))
    if problem is not None:
        return problem
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            paths = _xlsx_sheet_paths(archive)
            name = _chosen_sheet(list(paths), soort)
            with archive.open(paths[name]) as stream:  # the part the reader parses below
                problem = _sheet_problem(stream, soort)
        if problem is not None:
            return problem
        records, problem = _calamine_records(data, name, soort)
    except Exception:  # noqa: BLE001 - any failure of the zip/XML reader means the upload is not a usable workbook
        return _unreadable("De spreadsheet is niet te lezen. Sla het opnieuw op als Excel-werkmap (.xlsx), "
                           "OpenDocument-spreadsheet (.ods) of als CSV.", soort)
    return problem or _from_records(records, soort)


# ODS (OpenDocument, ODF 1.2+): every sheet is a <table:table> in content.xml, which the reader parses whole. A cell or
# row may stand for many (`table:number-columns-repeated`, `table:number-rows-repeated`): LibreOffice writes the empty
# rest of a sheet as one row repeated a million times, and a hostile file can claim millions of filled cells in a few
# bytes. The pass below counts them as the reader will expand them: per sheet, the rectangle from A1 to the last
# filled row and column. The `table:` prefix is matched literally, as the reader does.
_ODS_TAG = re.compile(
    rb"<(/?)table:(table|table-row|table-cell|covered-table-cell)((?:\s+[^\s=/>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*)"
    rb"\s*(/?)>")
_ODS_ROWS_REPEATED = re.compile(rb"\stable:number-rows-repeated\s*=\s*[\"']\s*([0-9]+)")
_ODS_COLUMNS_REPEATED = re.compile(rb"\stable:number-columns-repeated\s*=\s*[\"']\s*([0-9]+)")
_ODS_VALUE = re.compile(rb"\s(?:office|calcext|table):(?:value-type|formula)\s*=")


@dataclass
class _OdsSheet:
    rows: int = 0  # sheet rows passed (repeats expanded)
    last_row: int = 0  # the last row with a filled cell (1-based)
    width: int = 0  # the widest filled extent of a row
    filled: int = 0  # filled cells, repeats expanded


def _ods_problem(stream, soort: str) -> Parsed | None:
    """One streaming pass over content.xml (bytes, never a tree), before the reader parses a cell: refuse it when a
    sheet has a filled cell beyond column MAX_COLUMNS or row MAX_SHEET_ROWS, or when the sheets, as the reader
    expands them (A1 to the last filled cell), hold more than MAX_CELLS cells in all. XML that could hide tags from
    this pass (CDATA sections, a doctype) is refused as unreadable."""
    sheets: list[_OdsSheet] = []
    sheet = _OdsSheet()
    row_repeat, column, extent, filled, cell_repeat, cell_filled = 1, 0, 0, 0, 1, False
    tail = b""
    while True:
        chunk = stream.read(1 << 20)
        block = tail + chunk
        # "<" never stands unescaped in text or attribute values, so everything before the last "<" is whole tags
        cut = len(block) if not chunk else block.rfind(b"<")
        block, tail = block[:max(cut, 0)], block[max(cut, 0):]
        if b"<![CDATA[" in block or b"<!DOCTYPE" in block or b"<!ENTITY" in block:
            return _unreadable("De spreadsheet is niet te lezen: content.xml bevat CDATA of een DOCTYPE. Sla het "
                               "bestand opnieuw op als OpenDocument-spreadsheet (.ods) of als CSV.", soort)
        for closing, name, attributes, empty in _ODS_TAG.findall(block):
            if name == b"table":
                if not closing:
                    sheet = _OdsSheet()
                    sheets.append(sheet)
            elif name == b"table-row":
                if not closing:
                    match = _ODS_ROWS_REPEATED.search(attributes)
                    row_repeat = max(1, int(match.group(1))) if match else 1
                    column = extent = filled = 0
                if closing or empty:
                    if extent:
                        sheet.last_row = sheet.rows + row_repeat
                        sheet.width = max(sheet.width, extent)
                        sheet.filled += row_repeat * filled
                        if sheet.last_row > MAX_SHEET_ROWS:
                            return _too_many_rows(soort)
                        if sheet.width > MAX_COLUMNS:
                            return _too_many_columns(soort, sheet.rows + 1)
                        if sum(s.last_row * s.width for s in sheets) > MAX_CELLS:
                            return _too_many_cells(soort)
                    sheet.rows += row_repeat
            else:  # a cell (covered cells of merged ranges count alike)
                if not closing:
                    match = _ODS_COLUMNS_REPEATED.search(attributes)
                    cell_repeat = max(1, int(match.group(1))) if match else 1
                    cell_filled = bool(_ODS_VALUE.search(attributes)) or not empty
                    column += cell_repeat
                    if cell_filled:
                        extent, filled = column, filled + cell_repeat
        if not chunk:
            break
    if not sheets:
        return _unreadable("De spreadsheet is niet te lezen: er staat geen blad in.", soort)
    return None


def _read_ods(data: bytes, soort: str) -> Parsed:
    problem = _zip_problem(data, soort, lambda name: name == "content.xml")
    if problem is not None:
        return problem
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("content.xml") as stream:
            problem = _ods_problem(stream, soort)
        if problem is not None:
            return problem
        records, problem = _calamine_records(data, None, soort)
    except Exception:  # noqa: BLE001 - any failure of the zip/XML reader means the upload is not a usable sheet
        return _unreadable("De spreadsheet is niet te lezen. Sla het opnieuw op als OpenDocument-spreadsheet (.ods), "
                           "Excel-werkmap (.xlsx) of als CSV.", soort)
    return problem or _from_records(records, soort)


def _chosen_sheet(names: list[str], soort: str) -> str:
    """The sheet named after the soort (case and spaces do not count), else the first."""
    by_name = {name.strip().lower(): name for name in names}
    return by_name.get(soort, names[0])


def _calamine_records(data: bytes, name: str | None, soort: str) -> tuple[list[list], Parsed | None]:
    """The chosen sheet's rows through python-calamine (after the size checks above)."""
    import python_calamine  # only when a spreadsheet arrives

    book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    try:
        sheet = book.get_sheet_by_name(name if name is not None else _chosen_sheet(book.sheet_names, soort))
        return _sheet_records(sheet.iter_rows(), soort)
    finally:
        book.close()


def _from_records(records: list[list], soort: str) -> Parsed:
    if not records:
        return _unreadable("Het blad van de spreadsheet is leeg: er is geen kopregel gevonden.", soort)
    width = max(map(len, records))
    padded = [r if len(r) == width else [*r, *([""] * (width - len(r)))] for r in records]
    texts = [_column_texts(column) for column in zip(*padded, strict=True)]
    filled = np.zeros(len(records), dtype=bool)
    for column in texts:  # a row is filled when any cell holds more than spaces: checked per distinct value
        codes, distinct = pd.factorize(np.asarray(column, dtype=object))
        filled |= np.fromiter((value.strip() != "" for value in distinct), dtype=bool, count=len(distinct))[codes]
    if not filled.any():
        return _unreadable("Het blad van de spreadsheet is leeg: er is geen kopregel gevonden.", soort)
    cells = pd.DataFrame({i: pd.Series(column, dtype=object) for i, column in enumerate(texts)},
                         index=pd.RangeIndex(len(records)))
    sheet_rows = np.arange(1, len(cells) + 1, dtype=np.int64)  # every sheet row is kept: index i = row i+1
    header_index = int(np.argmax(filled))
    header = cells.iloc[header_index].tolist()
    body = cells.iloc[header_index + 1:].reset_index(drop=True)
    return _from_grid(header, int(sheet_rows[header_index]), body, sheet_rows[header_index + 1:], soort, [])


def _column_texts(values) -> list[str]:
    """`_cell_text` of every cell of a column, once per distinct value (a column repeats its dates and hours).
    Keyed by type too: True, 1 and 1.0 are equal keys but read "true", "1" and "1"."""
    seen: dict[tuple[type, object], str] = {}
    out = []
    for value in values:
        if value.__class__ is str:
            out.append(value)
            continue
        key = (value.__class__, value)
        text = seen.get(key)
        if text is None:
            text = seen[key] = _cell_text(value)
        out.append(text)
    return out


def _sheet_records(rows, soort: str) -> tuple[list[list], Parsed | None]:
    """The sheet's rows (from row 1: the reader pads the rows above the first filled one) as lists of cell values,
    with a cut-off at MAX_COLUMNS columns and MAX_SHEET_ROWS rows (the XML passes checked them already; this holds
    when a sheet has no cell references). Trailing empty cells and trailing empty rows are dropped."""
    records: list[list] = []
    last_filled = 0
    for row in rows:
        if len(records) == MAX_SHEET_ROWS:
            return [], _too_many_rows(soort)
        values = list(row)
        while values and (values[-1] is None or values[-1] == ""):
            values.pop()
        if len(values) > MAX_COLUMNS:
            return [], _too_many_columns(soort, len(records) + 1)
        records.append(values)
        if values:
            last_filled = len(records)
    return records[:last_filled], None


def _cell_text(value: object) -> str:
    """A spreadsheet cell as the text a CSV export would hold: dates as YYYY-MM-DD, whole numbers without '.0'."""
    if value is None:
        return ""
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return format(value, ".15g")  # the 15 significant digits Excel shows: 0.1 + 0.2 reads as 0.3
    return str(value)


# --- JSON --------------------------------------------------------------------------------------------------------


def _json_table(rows: object, soort: str | None) -> Parsed:
    if not isinstance(rows, list):
        return _unreadable("De gegevens moeten een lijst van regels zijn: [{\"traject_id\": ...}, ...].", soort)
    if len(rows) > MAX_ROWS:
        return _too_many_rows(soort)
    if not rows:
        return Parsed(_empty_frame(soort), np.zeros(0, dtype=np.int64), soort=soort)
    names: dict[str, int] = {}
    records: list[dict[int, str]] = []
    errors: list[Fout] = []
    cells = 0
    for index, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            errors.append(Fout(index, "", "bestand_onleesbaar",
                               f"Regel {index} is geen object met kolomnamen en waarden. "
                               "Lever elke regel aan als {\"kolom\": waarde, ...}."))
            continue
        record: dict[int, str] = {}
        cells += len(row)
        if cells > MAX_CELLS:
            return _too_many_cells(soort)
        for key, value in row.items():
            position = names.setdefault(str(key).strip().lower(), len(names))
            if len(names) > MAX_COLUMNS:
                return _too_many_columns(soort, index)
            text = _json_value(value)
            if text is None:
                name = bsn.MASK if bsn.contains_bsn(key) else _shown(str(key).strip())
                errors.append(Fout(index, "", "bestand_onleesbaar",
                                   f"Regel {index}: de waarde van '{name}' is geen tekst, getal of null. "
                                   "Lever elke waarde aan als tekst, getal of null."))
            elif position in record:
                errors.append(Fout(index, "", "bestand_onleesbaar",
                                   f"Regel {index} noemt dezelfde kolom twee keer (hoofd- en kleine letters en "
                                   "spaties tellen niet). Lever elke kolom één keer per regel aan."))
            else:
                record[position] = text
        records.append(record)
    if errors:
        return Parsed(_empty_frame(soort), np.zeros(0, dtype=np.int64), errors, soort=soort)
    grid = pd.DataFrame({i: pd.Series([record.get(i, "") for record in records], dtype=str)
                         for i in range(len(names))}, index=pd.RangeIndex(len(records)))
    lines = np.arange(1, len(records) + 1, dtype=np.int64)
    return _from_grid(list(names), FILE_LINE, grid, lines, soort, [], skip_blank=False)


def _json_value(value: object) -> str | None:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return _cell_text(value)
    if isinstance(value, (int, str)):
        return str(value)
    return None


# --- shared ------------------------------------------------------------------------------------------------------


def _from_grid(header: list[str], header_line: int, grid: pd.DataFrame, lines: np.ndarray, soort: str | None,
               row_errors: list[Fout], *, skip_blank: bool = True, keep_blank: pd.Series | None = None) -> Parsed:
    """Check the header against the soort, drop blank rows, strip values and keep the soort's columns.

    Cells of columns that are dropped (ignored, unknown, nameless or repeated) still pass the BSN guard here, because
    validation only sees the columns that are kept.
    """
    grid, filled = _strip(grid)
    if skip_blank and len(grid):
        if keep_blank is not None:
            filled |= keep_blank.to_numpy(dtype=bool)
        grid = grid[filled].reset_index(drop=True)
        lines = lines[filled]
    lines = np.asarray(lines, dtype=np.int64)
    if len(grid) > MAX_ROWS:
        return _too_many_rows(soort)

    known = columns(soort) if soort else None
    required = required_columns(soort) if soort else []
    file_errors: list[Fout] = []
    kept: dict[str, int] = {}
    dropped: list[tuple[int, str]] = []  # (position, column label for the report)
    names = [str(name).strip().lower() for name in header]
    for position, name in enumerate(names):
        if bsn.contains_bsn(name):
            file_errors.append(Fout(header_line, bsn.MASK, bsn.CODE, bsn.MESSAGE))
            dropped.append((position, bsn.MASK))
        elif name == IGNORED_COLUMN:
            dropped.append((position, name))
        elif name == "":
            if (grid[position] != "").any():
                file_errors.append(Fout(header_line, "", "kolom_onbekend",
                                        f"Kolom {position + 1} heeft geen naam in de kopregel maar bevat wel "
                                        "waarden. Geef de kolom de juiste naam of verwijder hem."))
                dropped.append((position, ""))
        elif name in kept:
            file_errors.append(Fout(header_line, _shown(name), "kolom_onbekend",
                                    f"De kolom '{_shown(name)}' staat meer dan één keer in de kopregel. "
                                    "Houd één kolom met deze naam over."))
            dropped.append((position, _shown(name)))
        elif known is not None and name not in known:
            file_errors.append(Fout(header_line, _shown(name), "kolom_onbekend",
                                    f"De kolom '{_shown(name)}' hoort niet bij een aanlevering van soort {soort}. "
                                    f"Verwijder of hernoem de kolom; toegestane kolommen: {', '.join(known)}."))
            dropped.append((position, _shown(name)))
        else:
            kept[name] = position
    for name in required:
        if name not in kept:
            file_errors.append(Fout(header_line, name, "kolom_ontbreekt",
                                    f"De verplichte kolom '{name}' ontbreekt. Voeg de kolom toe "
                                    "(hoofd- en kleine letters en spaties rond de naam tellen niet)."))

    row_errors = list(row_errors)
    for position, label in dropped:
        hits = bsn.contains_bsn_series(grid[position]).to_numpy()
        row_errors.extend(Fout(int(line), label, bsn.CODE, bsn.MESSAGE) for line in lines[hits])

    order = known if known is not None else list(kept)
    frame = pd.DataFrame({name: grid[kept[name]] for name in order if name in kept}, index=grid.index)
    frame = frame.reset_index(drop=True)
    return Parsed(frame, lines, file_errors, row_errors, soort)


def distinct_values(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """The column as a code per row and its distinct values as strings (missing as ""): read off the categories of
    a parsed column, found by factorizing any other."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes, values = column.cat.codes.to_numpy(), column.cat.categories.astype(str)
        if (codes < 0).any():
            codes, values = np.where(codes < 0, len(values), codes), values.append(pd.Index([""]))
        return codes, values
    codes, values = pd.factorize(column.fillna("").astype(str))
    return codes, pd.Index(values, dtype=object)


def _strip(grid: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """Strip surrounding spaces once per distinct value; also say which rows hold any value. The columns come back
    categorical (a code per row and the distinct stripped values), so validation does not look for them again."""
    filled = np.zeros(len(grid), dtype=bool)
    stripped = {}
    for position in grid.columns:
        codes, values = distinct_values(grid[position])
        clean_codes, clean = pd.factorize(pd.Series(values, dtype=str).str.strip())  # " a" and "a" become one
        codes = clean_codes[codes]
        stripped[position] = pd.Categorical.from_codes(codes, categories=pd.Index(clean, dtype=object))
        filled |= (np.asarray(clean, dtype=object) != "")[codes]
    return pd.DataFrame(stripped, index=pd.RangeIndex(len(grid)), columns=grid.columns), filled


def _spec(soort: str) -> tuple[tuple[str, bool], ...]:
    kolommen.kolommen(soort)  # ValueError for an unknown soort
    return COLUMNS[soort]


def _shown(name: str) -> str:
    return name if len(name) <= _SHOWN_NAME_LENGTH else name[:_SHOWN_NAME_LENGTH] + "…"


def _empty_frame(soort: str | None) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series([], dtype=str) for name in (columns(soort) if soort else [])})


def _file_error(code: str, message: str, soort: str | None = None, line: int = FILE_LINE) -> Parsed:
    return Parsed(_empty_frame(soort), np.zeros(0, dtype=np.int64), [Fout(line, "", code, message)], soort=soort)


def _unreadable(message: str, soort: str | None = None, line: int = FILE_LINE) -> Parsed:
    return _file_error("bestand_onleesbaar", message, soort, line)


def _too_many_columns(soort: str | None, line: int = FILE_LINE) -> Parsed:
    return _file_error("bestand_te_groot",
                       f"Het bestand heeft een regel met meer dan {MAX_COLUMNS} kolommen; een aanlevering heeft er "
                       "hoogstens 10. Verwijder de overbodige kolommen en lever het bestand opnieuw aan.", soort, line)


def _too_many_cells(soort: str | None) -> Parsed:
    return _file_error("bestand_te_groot",
                       f"Het bestand heeft meer dan {MAX_CELLS:,} cellen.".replace(",", ".")
                       + " Splits het in kleinere bestanden en lever die apart aan.", soort)


def _too_many_rows(soort: str | None) -> Parsed:
    return _file_error("bestand_te_groot",
                       f"Het bestand heeft meer dan {MAX_ROWS:,} regels.".replace(",", ".")
                       + " Splits het in kleinere bestanden en lever die apart aan.", soort)
