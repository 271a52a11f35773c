"""A DPIA leaves the portal as a print-ready document (HTML, and PDF through portal.pdf) and its action plan as XLSX.
Every text cell of the spreadsheet goes through portal.spreadsheet.write_text (never a formula)."""
import io
import re
from datetime import date

from dpia.beoordelingen.codes import ActieStatus, Beoordeling, DpiaStatus
from dpia.beoordelingen.models import Dpia
from portal.spreadsheet import workbook, write_text


def bestandsnaam(dpia: Dpia, extensie: str, soort: str = "dpia") -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", dpia.titel.lower()).strip("-")[:60] or "dpia"
    return f"{soort}-{slug}-v{dpia.versie}.{extensie}"


def actieplan_xlsx(dpia: Dpia, dag: date) -> bytes:
    """The action plan: a title, then one row per action (overdue ones marked), then the reviewed items."""
    out = io.BytesIO()
    book = workbook(out)
    sheet = book.add_worksheet("Actieplan")
    titel = book.add_format({"bold": True, "font_size": 14})
    kop = book.add_format({"bold": True, "bottom": 1, "text_wrap": True, "valign": "top"})
    cel = book.add_format({"text_wrap": True, "valign": "top"})
    datum = book.add_format({"num_format": "dd-mm-yyyy", "valign": "top"})
    rood = book.add_format({"text_wrap": True, "valign": "top", "font_color": "#b00020", "bold": True})
    write_text(sheet, 0, 0, f"Actieplan DPIA {dpia.titel} (versie {dpia.versie})", titel)
    write_text(sheet, 1, 0, f"{dpia.gemeente.naam} · status {DpiaStatus(dpia.status).label} · stand {dag:%d-%m-%Y}")
    kolommen = [("Onderwerp", 40), ("Actie", 50), ("Eigenaar", 24), ("Uiterste datum", 14), ("Status", 16),
                ("Afgerond op", 14)]
    for positie, (naam, breedte) in enumerate(kolommen):
        write_text(sheet, 3, positie, naam, kop)
        sheet.set_column(positie, positie, breedte)
    rij = 4
    for actie in dpia.acties:
        write_text(sheet, rij, 0, actie.onderwerp, cel)
        write_text(sheet, rij, 1, actie.omschrijving, cel)
        write_text(sheet, rij, 2, actie.eigenaar, cel)
        sheet.write_datetime(rij, 3, actie.deadline, datum)
        if actie.te_laat(dag):
            write_text(sheet, rij, 4, "Te laat", rood)
        else:
            write_text(sheet, rij, 4, "Afgerond" if actie.status is ActieStatus.afgerond else "Open", cel)
        if actie.afgerond_op:
            sheet.write_datetime(rij, 5, actie.afgerond_op, datum)
        rij += 1
    if rij == 4:
        write_text(sheet, rij, 0, "Geen actieplan vastgelegd.")
        rij += 1

    beoordeeld = book.add_worksheet("Beoordelingen")
    for positie, (naam, breedte) in enumerate([("Onderdeel", 60), ("Beoordeling", 16), ("Toelichting", 60)]):
        write_text(beoordeeld, 0, positie, naam, kop)
        beoordeeld.set_column(positie, positie, breedte)
    from dpia.beoordelingen.services import item_label
    rij = 1
    for item in (*dpia.antwoorden, *dpia.maatregelen, *dpia.risicos):
        if item.beoordeling is None:
            continue
        write_text(beoordeeld, rij, 0, item_label(item), cel)
        write_text(beoordeeld, rij, 1, Beoordeling(item.beoordeling).label, cel)
        write_text(beoordeeld, rij, 2, item.beoordeling_toelichting, cel)
        rij += 1
    sheet.freeze_panes(4, 0)
    book.close()
    return out.getvalue()
