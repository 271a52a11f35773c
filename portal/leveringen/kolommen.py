"""Each soort's delivery columns gathered in one place from where they are defined, for docs/aanleverformaat.md.

Nothing here is used by parsing or validation: it only reads their definitions (parse.COLUMNS, validate's kinds and
natural keys, service.VALUE_COLUMNS, the template texts of export.py, the form labels of trajecten.forms), so the
document is rendered from the code and `tests/unit/test_aanleverformaat_doc.py` can hold the two together. The error
codes' meanings are written here by hand; that test finds every code the import raises and fails on one without a
meaning."""
from __future__ import annotations

from dataclasses import dataclass

from portal import bsn
from portal.codes import Soort, code_label
from portal.leveringen import export, parse, service, validate
from portal.trajecten.forms import KOLOM_LABELS

SOORTEN = parse.SOORTEN
# The one column the form labels leave out: the form takes the trajectory from its page, not from a field.
_EXTRA_LABELS = {"traject_id": "Traject-ID"}
_SOORT_UITLEG = {
    "aanwezigheid": "aanwezigheid en verzuim per periode",
    "toets": "een tussentijdse toets",
    "afronding": "de afronding (of beëindiging) van een onderdeel",
}


@dataclass(frozen=True)
class Kolom:
    naam: str
    soort: str  # the delivery soort the column belongs to
    in_kopregel: bool  # the header must hold it (parse.COLUMNS)
    verplicht: str  # "ja", "nee" or "ja, als …" (a conditionally required column may be left out of the header)
    inhoud: str  # what the column holds: the kind validation checks, in Dutch
    codes: tuple[tuple[str, str], ...]  # (value, Dutch label) of a code column, in code-list order; empty otherwise
    label: str  # the Dutch name forms and the trajectory page use
    toelichting: str  # the template's explanation
    sleutel: bool  # part of the natural key
    correctie: bool  # a changed value for an existing key is a correction (service.VALUE_COLUMNS)


def kolommen(soort: str) -> list[Kolom]:
    """The columns of a soort in spec order."""
    keys = validate.natural_key_columns(soort)
    result = []
    for naam, in_kopregel in parse.COLUMNS[soort]:
        allowed = export.code_list(soort, naam) or []
        result.append(Kolom(
            naam=naam, soort=soort, in_kopregel=in_kopregel, verplicht=export.verplicht(soort, naam),
            inhoud="code uit de lijst" if allowed else export._waarden(export.kind(soort, naam)),  # noqa: SLF001
            codes=tuple((value, code_label(value)) for value in allowed),
            label=KOLOM_LABELS.get(naam) or _EXTRA_LABELS[naam], toelichting=export.TOELICHTING[soort][naam],
            sleutel=naam in keys, correctie=naam in service.VALUE_COLUMNS[soort]))
    return result


def sleutel(soort: str) -> list[str]:
    return validate.natural_key_columns(soort)


def soort_label(soort: str) -> str:
    return Soort(soort).label


def soort_uitleg(soort: str) -> str:
    return _SOORT_UITLEG[soort]


# Every code the import answers, with its meaning, by hand. Row and file codes first (in the report's `errors`), then
# the codes of a refused request (`{"error": code}`).
FOUTCODES: dict[str, str] = {
    "kolom_ontbreekt": "Een verplichte kolom staat niet in de kopregel. Het hele bestand wordt geweigerd.",
    "kolom_onbekend": "De kopregel (of een JSON-regel) heeft een kolom die deze soort niet kent, een kolomnaam die "
                      "twee keer voorkomt, of een regel heeft waarden voorbij de laatste kolom. Bestandsfout.",
    "bestand_te_groot": f"Meer dan {parse.MAX_ROWS:_} regels, meer dan {parse.MAX_BYTES // (1024 * 1024)} MB, "
                        f"meer dan {parse.MAX_COLUMNS} kolommen of {parse.MAX_CELLS:_} cellen, of een spreadsheet "
                        "die uitgepakt te groot is. Het hele bestand wordt geweigerd; splits het.".replace("_", "."),
    "bestand_onleesbaar": "Het bestand is niet te lezen: leeg, binair, een oud .xls-bestand, een kapotte "
                          "spreadsheet, aanhalingstekens die niet sluiten, of JSON die geen lijst van regels is.",
    "verplicht": "Een verplichte waarde is leeg (ook verzuim_reden bij verzuim, reden en verwijtbaar als de status "
                 "niet afgerond is).",
    "datum_ongeldig": f"Geen geldige datum (JJJJ-MM-DD of DD-MM-JJJJ), of een datum voor "
                      f"{validate.EARLIEST_DATE:%d-%m-%Y}.",
    "datum_in_toekomst": "De datum ligt na vandaag.",
    "getal_ongeldig": "Geen getal, negatief, meer dan 2 decimalen, een score buiten 0–100 of geen heel getal bij "
                      "aantal_keer_verzuim.",
    "waarde_onbekend": "De waarde staat niet in de codelijst van de kolom (bij een correctie op de pagina: een "
                       "kolom die niet gecorrigeerd kan worden).",
    "periode_ongeldig": f"periode_eind ligt voor periode_start, of de periode is langer dan "
                        f"{validate.MAX_PERIOD_DAYS} dagen.",
    "uren_ongeldig": "Aanwezig + geoorloofd + ongeoorloofd verzuim is meer dan gepland, of meer dan 24 geplande uren "
                     "per kalenderdag van de periode.",
    "dubbele_regel": "Een tweede regel met dezelfde sleutel in hetzelfde bestand (de fout staat op de tweede).",
    "overlap": "De periode overlapt een andere opgeslagen of aangeleverde periode van hetzelfde traject en onderdeel "
               "met andere grenzen (ook een periode van een andere aanbieder).",
    "van_andere_aanbieder": "Een andere aanbieder heeft al een regel met deze sleutel aangeleverd; alleen eigen "
                            "aanleveringen kunnen worden gecorrigeerd.",
    "traject_onbekend": "U heeft geen toewijzing op dit traject-ID (of het bestaat niet: dat wordt niet verteld).",
    "niet_toegewezen": "U bent aan het traject toegewezen, maar niet voor dit onderdeel (bij toets: taal; "
                       "taalschakeltraject telt als taal).",
    "buiten_toewijzing": "De periode of datum valt buiten de start- en einddatum van uw toewijzing voor dit "
                         "onderdeel.",
    "onderdeel_niet_toegestaan": "Taalgegevens (aanwezigheid taal, elke toets, afronding taal of "
                                 "taalschakeltraject) voor een traject waarvan de doelgroep geen asielstatushouder is.",
    "reden_niet_toegestaan": "Een afronding met status afgerond heeft een reden of verwijtbaar: laat die leeg.",
    "datum_buiten_termijn": "De datum van de afronding ligt voor het begin van de inburgeringstermijn.",
    "traject_beeindigd": "De periode of datum ligt na het einde van de inburgeringsplicht van het traject.",
    "traject_beperkt": "De verwerking van het traject is beperkt of stopgezet (verwerkingsstop van de gemeente of "
                       "beperking op verzoek van de betrokkene): er kan nu niets worden toegevoegd.",
    "geen_verwerkersovereenkomst": "Er is geen geldige verwerkersovereenkomst met de gemeente van het traject. "
                                   "Heeft de aanbieder er met geen enkele gemeente een, dan wordt de hele aanlevering "
                                   "geweigerd (API: 403).",
    bsn.CODE: "Een cel (in welke kolom ook, ook de kopregel) bevat een BSN: 9 cijfers die de elfproef doorstaan. "
              f"De waarde wordt nooit opgeslagen of teruggegeven; het rapport toont `{bsn.MASK}`.",
    # a refused request: no report, the API answers {"error": code, "message": …}
    "soort_onbekend": "De soort is niet aanwezigheid, toets of afronding.",
    "ongeldig_verzoek": "API: geen bestand (multipart-veld bestand) en geen JSON-regels; web: het formulier is "
                        "verlopen.",
    "verboden": "Alleen een gebruiker met de rol aanbieder levert aan (403).",
    "niet_beschikbaar": "De afgewezen aanlevering kan niet meer gedeeltelijk worden aangeleverd.",
    "ongewijzigd": "Een correctie op de pagina met dezelfde waarde als de huidige.",
}
VERZOEKCODES = ("soort_onbekend", "ongeldig_verzoek", "verboden", "niet_beschikbaar", "ongewijzigd")
