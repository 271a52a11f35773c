"""Render docs/aanleverformaat.md from the code (portal.leveringen.kolommen), for the aanbieders' IT people.

    .venv/bin/python scripts/aanleverformaat.py            # rewrite docs/aanleverformaat.md
    .venv/bin/python scripts/aanleverformaat.py --check    # exit 1 when the file differs from what the code says
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from portal import bsn
from portal.leveringen import foutcodes, kolommen, parse, report, validate

DOC = Path(__file__).resolve().parent.parent / "docs" / "aanleverformaat.md"


def _getal(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _cel(text: str) -> str:
    return text.replace("|", "\\|")


def render() -> str:
    mb = parse.MAX_BYTES // (1024 * 1024)
    scheiders = " ".join("TAB" if d == "\t" else f"`{d}`" for d in parse._DELIMITERS)  # noqa: SLF001
    lines = [
        "# Aanleverformaat v1",
        "",
        "Voor de IT-afdeling van een aanbieder: hoe een exportscript aanwezigheid, toetsen en afrondingen aan het "
        "Inburgeringsportaal levert. Dit bestand is gemaakt met `scripts/aanleverformaat.py` uit de code die de "
        "aanleveringen leest en controleert (`portal/leveringen/kolommen.py`); "
        "`tests/unit/test_aanleverformaat_doc.py` controleert dat het bij de code past. Pas het niet met de hand "
        "aan: draai het script opnieuw.",
        "",
        "Een aanlevering is één bestand (of één lijst JSON-regels) van één soort: "
        + ", ".join(f"`{s}`" for s in kolommen.SOORTEN) + ". Uploaden op de website, de API "
        "(`POST /api/v1/aanleveringen?soort=SOORT`) en het commando `portal import BESTAND --aanbieder CODE "
        "--soort SOORT [--json] [--gedeeltelijk]` gebruiken dezelfde controle. Op de website staan per soort "
        "sjablonen (CSV, XLSX, ODS) met een tabblad toelichting.",
        "",
        "## Bestand",
        "",
        "| regel | uitleg |",
        "| --- | --- |",
        "| bestandstypen | CSV; Excel-werkmap (`.xlsx`, `.xlsm`); OpenDocument-spreadsheet (`.ods`). Een "
        "spreadsheet wordt aan de inhoud herkend, niet aan de naam. Van een spreadsheet wordt het blad gelezen "
        "dat de naam van de soort heeft, anders het eerste blad. Oude Excel-bestanden (`.xls`) worden niet "
        "gelezen. |",
        "| API | een bestand in het multipart-veld `bestand`, of JSON: `{\"rijen\": [{...}, ...]}` (of de kale "
        "lijst), met de kolomnamen als sleutels. `?gedeeltelijk=ja` slaat alleen de goede regels op. |",
        f"| scheidingsteken (CSV) | {scheiders}; gekozen uit de kopregel (bij gelijke aantallen wint `;`, zoals "
        "Nederlandse Excel schrijft) |",
        "| tekenset (CSV) | UTF-8, met of zonder BOM; Windows-1252 als de bytes geen geldige UTF-8 zijn. "
        "UTF-16 en andere binaire inhoud: `bestand_onleesbaar`. |",
        "| regeleinden, aanhalingstekens | LF of CRLF; lege regels worden overgeslagen maar tellen mee voor de "
        "regelnummers. Aanhalingstekens volgens RFC 4180. |",
        "| kopregel | de eerste niet-lege regel; hoofd- en kleine letters en spaties rond de naam tellen niet; "
        "volgorde vrij. Een ontbrekende verplichte kolom is `kolom_ontbreekt`, een onbekende of dubbele kolom "
        f"`kolom_onbekend`. Een kolom `{parse.IGNORED_COLUMN}` (van het foutenrapport) wordt genegeerd. |",
        f"| grenzen | ten hoogste {_getal(parse.MAX_ROWS)} regels, {mb} MB, {parse.MAX_COLUMNS} kolommen en "
        f"{_getal(parse.MAX_CELLS)} cellen per bestand; een spreadsheet pakt uit tot ten hoogste "
        f"{parse.MAX_XLSX_UNPACKED // (1024 * 1024)} MB. Groter: het hele bestand wordt geweigerd "
        "(`bestand_te_groot`). |",
        f"| datums | `JJJJ-MM-DD` of `DD-MM-JJJJ` (ook `D-M-JJJJ`); niet in de toekomst, niet voor "
        f"{validate.EARLIEST_DATE:%d-%m-%Y} |",
        "| getallen | decimale komma of punt (`12,5` = `12.5`), geen duizendtalscheiding, ten hoogste 2 decimalen |",
        "| codes | hoofd- en kleine letters en spaties rond de waarde tellen niet |",
        "| traject_id | het traject-ID uit het portaal; u moet voor het onderdeel aan het traject zijn toegewezen |",
        f"| BSN | een cel met een BSN (9 cijfers, ook met punten, spaties of streepjes, die de elfproef doorstaan) is "
        f"`{bsn.CODE}`, in elke kolom. De waarde wordt nooit opgeslagen of teruggegeven: het rapport toont "
        f"`{bsn.MASK}`. Lever nooit BSN, naam, adres of geboortedatum aan. |",
        "| alles of niets | een aanlevering met een fout slaat niets op; zonder fouten wordt alles in één keer "
        "opgeslagen. Alleen op verzoek (website: knop na een afgewezen upload; API `?gedeeltelijk=ja`; "
        "`portal import --gedeeltelijk`) worden de goede regels opgeslagen (`\"status\": \"partial\"`). Een "
        "bestandsfout weigert altijd het hele bestand. |",
        "| sleutel en correcties | de sleutel van een soort (hieronder) wijst een gegeven aan. Dezelfde regel "
        "opnieuw leveren verandert niets; een gewijzigde regel met een bestaande sleutel is een correctie (een "
        "nieuwe versie, de oude blijft in de geschiedenis). Twee regels met dezelfde sleutel in één bestand: "
        "`dubbele_regel` op de tweede. |",
        "",
        "## Foutenrapport",
        "",
        "Elk probleem is één fout met `line` (de regel in het bestand, kopregel = 1; bij een spreadsheet de rij; "
        f"bij JSON de positie vanaf 1; {report.FILE_LINE} voor het hele bestand), `column` (leeg bij een "
        "bestandsfout), `code` (hieronder) en `message` (Nederlands: wat u moet veranderen). Alle fouten worden "
        f"tegelijk gemeld, de eerste {_getal(report.MAX_ERRORS)}; `meer_fouten` zegt hoeveel er nog waren. "
        "API en `portal import --json` geven (API: 200 aangenomen, 422 afgewezen):",
        "",
        "```json",
        '{"status": "rejected", "soort": "aanwezigheid", "rows": 1200, "stored": 0,',
        ' "errors": [{"line": 17, "column": "uren_aanwezig", "code": "getal_ongeldig", "message": "..."}]}',
        '{"status": "accepted", "soort": "toets", "rows": 3, "stored": 3, "created": 2, "corrected": 1, '
        '"unchanged": 0, "errors": []}',
        "```",
        "",
    ]
    for soort in kolommen.SOORTEN:
        lines += _soort(soort)
    lines += [
        "## Foutcodes",
        "",
        "In het foutenrapport (per regel of voor het hele bestand):",
        "",
        "| code | betekenis |",
        "| --- | --- |",
        *(f"| `{code}` | {_cel(text)} |" for code, text in foutcodes.FOUTCODES.items()
          if code not in foutcodes.VERZOEKCODES),
        "",
        "Een geweigerd verzoek (geen rapport; de API geeft `{\"error\": code, \"message\": ...}`):",
        "",
        "| code | betekenis |",
        "| --- | --- |",
        *(f"| `{code}` | {_cel(foutcodes.FOUTCODES[code])} |" for code in foutcodes.VERZOEKCODES),
        "",
    ]
    return "\n".join(lines)


def _soort(soort: str) -> list[str]:
    rows = kolommen.kolommen(soort)
    lines = [
        f"## Soort `{soort}` ({kolommen.soort_label(soort)})",
        "",
        f"Eén regel is {kolommen.soort_uitleg(soort)}. "
        f"Sleutel: ({', '.join(kolommen.sleutel(soort))}).",
        "",
        "| kolom | label | verplicht | in kopregel | inhoud | waarden | sleutel | toelichting |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for kolom in rows:
        waarden = ", ".join(f"`{value}` ({label})" for value, label in kolommen.code_labels(kolom)) or "—"
        lines.append(
            f"| `{kolom.naam}` | {kolom.label} | {kolom.verplicht} | {'ja' if kolom.in_kopregel else 'nee'} | "
            f"{kolom.inhoud} | {waarden} | {'ja' if kolom.sleutel else 'nee'} | {_cel(kolom.toelichting)} |")
    lines += [""]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 when the file is out of date")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        if not DOC.exists() or DOC.read_text(encoding="utf-8") != text:
            print(f"{DOC} is niet bij: draai scripts/aanleverformaat.py", file=sys.stderr)
            return 1
        return 0
    DOC.write_text(text, encoding="utf-8")
    print(f"{DOC} geschreven")
    return 0


if __name__ == "__main__":
    sys.exit(main())
