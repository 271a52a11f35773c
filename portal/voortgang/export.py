"""The caseload as a file: XLSX (a summary sheet with a chart, the trajectories, the open signals) and CSV (the
trajectories). Dates and numbers are typed cells; every text cell goes through portal.spreadsheet (`write_text`,
`escape_cell`), so a value can never become a formula in the spreadsheet that opens it."""
from __future__ import annotations

import io
from datetime import date

import pandas as pd

from portal.codes import TRAJECT_LABELS
from portal.models import Organisatie
from portal.spreadsheet import csv_bytes, workbook, write_text
from portal.timeutil import nl_date
from portal.voortgang.caseload import Caseload
from portal.voortgang.signalen import LABELS as SIGNAAL_LABELS
from portal.voortgang.signalen import SignaalType

_SIGNAAL = {k.value: v for k, v in SIGNAAL_LABELS.items()}

# (header, column of Caseload.rijen, kind) of the trajectories sheet and the CSV, in order.
TRAJECT_KOLOMMEN = [
    ("Traject-ID", "traject_id", "text"),
    ("Leerroute", "leerroute", "label"),
    ("Doelgroep", "doelgroep", "label"),
    ("Status", "status", "label"),
    ("Aanbieders", "aanbieders", "text"),
    ("PIP-datum", "pip_datum", "date"),
    ("Datum inburgeringsaanbod", "datum_aanbod", "date"),
    ("Intensiteit (uur)", "intensiteit", "number"),
    ("Perioden", "perioden", "integer"),
    ("Uren gepland", "gepland", "number"),
    ("Uren aanwezig", "aanwezig", "number"),
    ("Verzuim geoorloofd (uur)", "geoorloofd", "number"),
    ("Verzuim ongeoorloofd (uur)", "ongeoorloofd", "number"),
    ("Taaluren aanwezig", "taal_aanwezig", "number"),
    ("Taaluren van intensiteit", "taal_fractie", "percent"),
    ("Laatste aanlevering", "laatste_aanlevering", "date"),
    ("Open signalen", "signalen_tekst", "text"),
    ("Eerste deadline", "eerste_deadline", "date"),
]
SIGNAAL_KOLOMMEN = ["Traject-ID", "Signaal", "Code", "Onderdeel", "Datum", "Deadline", "Te laat", "Toelichting"]


def filter_tekst(form) -> str:
    """The filters of an export in words, for its summary sheet."""
    parts = []
    for name in ("zoek", "leerroute", "doelgroep", "aanbieder", "signaal", "status"):
        field = form[name]
        if field.data and not field.errors:
            value = dict(field.choices).get(field.data, field.data) if hasattr(field, "choices") else field.data
            parts.append(f"{field.label.text}: {value}")
    return "; ".join(parts) or "geen (alle trajecten van de gemeente)"


def _rijen(view: Caseload) -> pd.DataFrame:
    """The trajectory rows with the derived export columns."""
    rows = view.rijen.copy()
    rows["taal_fractie"] = (rows["taal_aanwezig"] / rows["intensiteit"]).where(rows["intensiteit"] > 0)
    rows["signalen_tekst"] = [", ".join(dict.fromkeys(_SIGNAAL[s.type] for s in view.signalen_van(t)))
                              for t in rows["traject_id"]]
    return rows


def _value(row, column: str, kind: str):
    value = row[column]
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if kind == "label":
        return TRAJECT_LABELS.get(value, value)
    if kind == "date":
        return value.date() if isinstance(value, pd.Timestamp) else value
    if kind == "integer":
        return int(value)
    if kind in ("number", "percent"):
        return float(value)
    return str(value)


def caseload_xlsx(view: Caseload, gemeente: Organisatie, dag: date, filters: str) -> bytes:
    out = io.BytesIO()
    book = workbook(out, default_date_format="dd-mm-yyyy")
    bold = book.add_format({"bold": True})
    kop = book.add_format({"bold": True, "bottom": 1, "text_wrap": True, "valign": "top"})
    titel = book.add_format({"bold": True, "font_size": 14})
    datum = book.add_format({"num_format": "dd-mm-yyyy"})
    uren = book.add_format({"num_format": "0.00"})
    geheel = book.add_format({"num_format": "0"})
    procent = book.add_format({"num_format": "0%"})
    formats = {"date": datum, "number": uren, "integer": geheel, "percent": procent}

    samenvatting = book.add_worksheet("Samenvatting")
    trajecten = book.add_worksheet("Trajecten")
    open_signalen = book.add_worksheet("Signalen")

    # --- summary: key figures, signals per type, and a chart of them
    samenvatting.set_column(0, 0, 34)
    samenvatting.set_column(1, 1, 16)
    write_text(samenvatting, 0, 0, "Voortgang caseload", titel)
    facts = [("Gemeente", f"{gemeente.naam} ({gemeente.code})"), ("Peildatum", dag), ("Filters", filters),
             ("Trajecten", view.totaal), ("Met een open signaal", view.met_signaal), ("Met een verlopen signaal",
                                                                                      view.te_laat),
             ("Uren gepland", view.uren.get("gepland", 0.0)), ("Uren aanwezig", view.uren.get("aanwezig", 0.0)),
             ("Verzuim geoorloofd (uur)", view.uren.get("geoorloofd", 0.0)),
             ("Verzuim ongeoorloofd (uur)", view.uren.get("ongeoorloofd", 0.0)),
             ("Taaluren aanwezig", view.uren.get("taal_aanwezig", 0.0))]
    for i, (label, value) in enumerate(facts, start=2):
        write_text(samenvatting, i, 0, label, bold)
        if isinstance(value, date):
            samenvatting.write_datetime(i, 1, value, datum)
        elif isinstance(value, int):
            samenvatting.write_number(i, 1, value, geheel)
        elif isinstance(value, float):
            samenvatting.write_number(i, 1, value, uren)
        else:
            write_text(samenvatting, i, 1, value)
    top = len(facts) + 3
    write_text(samenvatting, top, 0, "Open signalen per soort", kop)
    write_text(samenvatting, top, 1, "Trajecten", kop)
    for i, soort in enumerate(SignaalType, start=top + 1):  # the same counts as the page's summary
        write_text(samenvatting, i, 0, SIGNAAL_LABELS[soort])
        samenvatting.write_number(i, 1, view.telling.get(soort.value, 0), geheel)
    last = top + len(SignaalType)
    chart = book.add_chart({"type": "bar"})
    chart.add_series({"name": "Trajecten met dit signaal",
                      "categories": ["Samenvatting", top + 1, 0, last, 0],
                      "values": ["Samenvatting", top + 1, 1, last, 1], "data_labels": {"value": True}})
    chart.set_title({"name": "Open signalen per soort"})
    chart.set_legend({"none": True})
    chart.set_y_axis({"reverse": True})
    chart.set_x_axis({"min": 0, "major_gridlines": {"visible": True}})
    samenvatting.insert_chart(1, 3, chart, {"x_scale": 1.4, "y_scale": 1.3})

    # --- trajectories
    rows = _rijen(view)
    for c, (header, _, kind) in enumerate(TRAJECT_KOLOMMEN):
        write_text(trajecten, 0, c, header, kop)
        trajecten.set_column(c, c, 40 if header in ("Aanbieders", "Open signalen") else 14 if kind != "text" else 16)
    for r, row in enumerate(rows.to_dict("records"), start=1):
        for c, (_, column, kind) in enumerate(TRAJECT_KOLOMMEN):
            _write(trajecten, r, c, _value(row, column, kind), kind, formats)
    trajecten.freeze_panes(1, 1)
    trajecten.autofilter(0, 0, max(1, len(rows)), len(TRAJECT_KOLOMMEN) - 1)

    # --- open signals
    for c, header in enumerate(SIGNAAL_KOLOMMEN):
        write_text(open_signalen, 0, c, header, kop)
        open_signalen.set_column(c, c, 90 if header == "Toelichting" else 16)
    assert view.lijst is not None  # Caseload.__post_init__ explains the signals when not given
    for r, s in enumerate(view.lijst, start=1):
        write_text(open_signalen, r, 0, s.traject_id)
        write_text(open_signalen, r, 1, s.label)
        write_text(open_signalen, r, 2, s.type)
        write_text(open_signalen, r, 3, s.onderdeel_label)
        _write(open_signalen, r, 4, s.datum, "date", formats)
        _write(open_signalen, r, 5, s.deadline, "date", formats)
        write_text(open_signalen, r, 6, "ja" if s.te_laat else "nee")
        write_text(open_signalen, r, 7, s.toelichting)
    open_signalen.freeze_panes(1, 1)
    open_signalen.autofilter(0, 0, max(1, len(view.lijst)), len(SIGNAAL_KOLOMMEN) - 1)
    book.close()
    return out.getvalue()


def _write(sheet, r: int, c: int, value, kind: str, formats: dict) -> None:
    if value is None:
        sheet.write_blank(r, c, None)
    elif kind == "date":
        sheet.write_datetime(r, c, value, formats["date"])
    elif kind in formats:
        sheet.write_number(r, c, value, formats[kind])
    else:
        write_text(sheet, r, c, value)


def caseload_csv(view: Caseload) -> bytes:
    """The trajectories as CSV for Dutch Excel (`;`, UTF-8 with BOM, dd-mm-jjjj, decimal comma), every cell
    through escape_cell."""
    rows = _rijen(view)

    def cell(row, column, kind):
        value = _value(row, column, kind)
        if value is None:
            return ""
        if kind == "date":
            return nl_date(value)
        if kind == "number":
            return f"{value:.2f}".rstrip("0").rstrip(".").replace(".", ",")
        if kind == "percent":
            return f"{100 * value:.0f} %"
        return value

    def lines():
        yield [header for header, _, _ in TRAJECT_KOLOMMEN]
        for row in rows.to_dict("records"):
            yield [cell(row, column, kind) for _, column, kind in TRAJECT_KOLOMMEN]
    return csv_bytes(lines())
