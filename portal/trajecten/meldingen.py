"""The import service's errors as a web form says them: by the field's label, never in the file's words (column,
cell, row). The file and API messages stay as aanleverformaat v1 has them; only the form translates."""
from __future__ import annotations

import re

from portal.forms import bsn_melding, veldnaam
from portal.leveringen import kolommen
from portal.leveringen.report import Fout
from portal.leveringen.validate import EARLIEST_DATE, number_problem

_GETAL = {
    "negative": "{Label} mag niet negatief zijn: vul 0 of meer in.",
    "decimals": "{Label} heeft meer dan 2 cijfers achter de komma: rond af, bijvoorbeeld 12,25.",
    "format": "Vul {naam} in als getal, bijvoorbeeld 12 of 12,5.",
    "range": "{Label} moet tussen 0 en 100 liggen.",
    "whole": "Vul bij {naam} een heel getal in, bijvoorbeeld 2.",
}
# Codes whose file message speaks of the delivery's lines; the form says it of what was typed.
_ZINNEN = {
    "Lever deze regel later opnieuw aan.": "Vul de gegevens later opnieuw in.",
    "Lever deze regel niet aan.": "Vul deze gegevens niet in.",
    "Lever dezelfde periodegrenzen om te corrigeren.": "Vul dezelfde begin- en einddatum in om die periode te "
                                                       "corrigeren.",
}
_VAN_ANDERE_AANBIEDER = ("Deze gegevens zijn al door een andere aanbieder ingevoerd. U kunt alleen uw eigen gegevens "
                         "corrigeren. Is het gegeven onjuist, neem dan contact op met de gemeente.")
# The code columns: a form chooses them from a list.
_SELECTS = {k.naam for k in kolommen.alle() if k.codes is not None}


def formulier_melding(fout: Fout, labels: dict[str, str], soort: str) -> str:
    """The message a form shows for `fout`; `labels` maps the form's column keys to their labels."""
    column = fout.column
    label = labels.get(column) or "Dit veld"
    naam = veldnaam(label)
    woorden = {"Label": label, "naam": naam}
    code = fout.code
    if code == "bsn_niet_toegestaan":
        return bsn_melding(label)
    if code == "verplicht":
        if column == "verzuim_reden":
            return f"Kies een {naam}: die is verplicht als er uren verzuim zijn."
        if column in ("reden", "verwijtbaar"):
            return f"Kies {naam}: verplicht als de status niet ‘afgerond’ is."
        return f"Kies {naam}." if column in _SELECTS else f"Vul {naam} in."
    if code == "reden_niet_toegestaan":
        return f"Laat {naam} leeg: een afgerond onderdeel heeft geen {naam}."
    if code == "waarde_onbekend":
        return f"Kies {naam} uit de lijst."
    if code == "datum_ongeldig":  # the form reads the date's format itself: what is left is a date before 2022
        return (f"{label} ligt voor {EARLIEST_DATE:%d-%m-%Y}: gegevens van voor 2022 worden niet aangenomen. "
                "Staan dag en jaar goed?")
    if code == "datum_in_toekomst":
        return (f"{label} ligt in de toekomst. Vul alleen in wat al gebeurd is; staan dag en maand niet "
                "omgewisseld?")
    if code == "getal_ongeldig":
        problem = number_problem(column, fout.message)
        if problem:
            return _GETAL[problem].format(**woorden)
    if code == "periode_ongeldig" and not fout.message.startswith("De periode is"):
        return f"{labels.get('periode_eind', 'Einde periode')} ligt voor begin periode. Controleer beide datums."
    if code == "uren_ongeldig":
        return _uren(fout.message)
    if code == "van_andere_aanbieder":
        return _VAN_ANDERE_AANBIEDER
    if code == "niet_toegewezen" and soort == "toets":
        return "Het onderdeel taal van dit traject is niet aan u toegewezen."
    return _zonder_kolommen(fout.message, labels)


def _uren(message: str) -> str:
    getallen = re.findall(r"(\d+(?:,\d+)?) (?:uur|dag)", message)
    if "24 uur per dag" in message and len(getallen) >= 2:
        return (f"Uren gepland is {getallen[0]} uur in {getallen[1]} dag(en): meer dan 24 uur per dag. "
                "Corrigeer de uren.")
    if len(getallen) >= 2:
        return (f"Aanwezig en verzuim zijn samen {getallen[0]} uur, meer dan de {getallen[1]} uur gepland. "
                "Corrigeer de uren.")
    return "Aanwezig en verzuim zijn samen meer dan de uren gepland. Corrigeer de uren."


def _zonder_kolommen(message: str, labels: dict[str, str]) -> str:
    """Any other message, with its sentences about lines said of the entry and each column key by its name."""
    for file_words, form_words in _ZINNEN.items():
        message = message.replace(file_words, form_words)
    namen = {**{c: veldnaam(label) for c, label in labels.items()}, "traject_id": "traject-ID"}
    for column in sorted(namen, key=len, reverse=True):
        message = re.sub(rf"\b{re.escape(column)}\b", namen[column], message)
    return message
