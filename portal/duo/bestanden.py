"""The DUO export as files: XLSX with one sheet per DUO message (columns named as DUO names its fields, real dates)
and a sheet that explains each column; CSV with one row per trajectory. Every text cell through portal.spreadsheet,
so no value can become a formula."""
from __future__ import annotations

import io
from datetime import date

from portal.duo.berichten import BERICHTEN, waarde
from portal.spreadsheet import csv_bytes, workbook, write_text

_DATUM_VELDEN = {"dagtekeningPip", "datumInburgeringsaanbod", "bekendTot", "datumEindgesprekMap",
                 "datumOndertekeningPvt", "datumAfrondingZroute"}
_SLEUTELS = [("trajectId", "Traject-ID van het portaal; de gemeente koppelt het in het eigen systeem aan het BSN."),
             ("gemeentecode", "De numerieke aanduiding van de gemeente (DUO: gemeentecode).")]


def xlsx(trajecten: list[dict], peildatum: date) -> bytes:
    out = io.BytesIO()
    book = workbook(out, in_memory=True)
    datum = book.add_format({"num_format": "dd-mm-yyyy"})
    kop = book.add_format({"bold": True})
    for blad, _schema, velden in BERICHTEN:
        sheet = book.add_worksheet(blad)
        koppen = [k for k, _ in _SLEUTELS] + [v for v, _, _ in velden] + ["controles"]
        for c, naam in enumerate(koppen):
            write_text(sheet, 0, c, naam, kop)
        for r, element in enumerate(trajecten, start=1):
            write_text(sheet, r, 0, element["traject_id"])
            write_text(sheet, r, 1, element["gemeentecode"])
            for c, (veld, pad, _) in enumerate(velden, start=2):
                value = waarde(element, pad)
                if value is None:
                    continue
                if veld in _DATUM_VELDEN:
                    sheet.write_datetime(r, c, date.fromisoformat(value), datum)
                elif isinstance(value, int):
                    sheet.write_number(r, c, value)
                else:
                    write_text(sheet, r, c, value)
            write_text(sheet, r, len(koppen) - 1, ", ".join(element["controles"]))
        sheet.set_column(0, len(koppen) - 1, 22)
    uitleg = book.add_worksheet("Toelichting")
    for c, naam in enumerate(["Blad", "Kolom", "Toelichting"]):
        write_text(uitleg, 0, c, naam, kop)
    r = 1
    write_text(uitleg, r, 0, "(alle)")
    write_text(uitleg, r, 1, "peildatum")
    write_text(uitleg, r, 2, f"Export van {peildatum.strftime('%d-%m-%Y')}.")
    for blad, schema, velden in BERICHTEN:
        for veld, uitleg_tekst in [*_SLEUTELS, *[(v, t) for v, _, t in velden],
                                   ("controles", "Wat DUO zou weigeren, vóór verzending gecontroleerd.")]:
            r += 1
            write_text(uitleg, r, 0, f"{blad} (DUO: {schema})")
            write_text(uitleg, r, 1, veld)
            write_text(uitleg, r, 2, uitleg_tekst)
    uitleg.set_column(0, 1, 30)
    uitleg.set_column(2, 2, 100)
    book.close()
    return out.getvalue()


CSV_KOLOMMEN = ["traject_id", "gemeentecode", "doelgroep_duo", "pip.dagtekening", "pip.leerroute", "pip.niveau",
                "pip.geschatte_intensiteit_b1", "aanbod.datum", "uren.participatietaalles",
                "uren.bredeintake_taallesknm", "uren.participatieactiviteiten", "uren.bekend_tot",
                "map.datum_eindgesprek", "map.verwijtbaar", "map.actie", "pvt.datum_ondertekening",
                "pvt.verwijtbaar", "pvt.actie", "zroute.datum_afronding", "zroute.actie", "controles"]


def csv(trajecten: list[dict]) -> bytes:
    def cel(element, kolom):
        if kolom == "controles":
            return ",".join(element["controles"])
        value = waarde(element, kolom) if "." in kolom else element[kolom]
        return "" if value is None else value

    return csv_bytes([CSV_KOLOMMEN, *([cel(e, k) for k in CSV_KOLOMMEN] for e in trajecten)])
