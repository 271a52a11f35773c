"""This feature's columns for the schema-coverage check (merged into dpia.register.dekking): each column maps to the
register activities that process it (DEKKING) or is listed as technical with a reason (TECHNISCH)."""
from portal.codes import Activiteit

# The DPIA is the privacy officer's work, kept under her activity like the verwerkingsstop: it names people (author,
# evaluator, validator, FG, action owners) but no trajectory.
G = [Activiteit.gegevensbeschermingsverzoeken]

DEKKING: dict[str, list[Activiteit]] = {
    **{f"dpia.{kolom}": G for kolom in (
        "gemeente_id", "reeks_id", "versie", "vorige_id", "titel", "status", "auteur", "beoordelaar", "validator",
        "fg_naam", "fg_advies", "fg_oordeel", "betrokkenen_gevraagd", "betrokkenen_mening", "besluit_op",
        "besluit_door", "besluit_reden", "aangemaakt_op", "gewijzigd_op", "gewijzigd_door")},
    **{f"dpia_antwoord.{kolom}": G for kolom in ("dpia_id", "sleutel", "tekst", "beoordeling",
                                                 "beoordeling_toelichting")},
    **{f"dpia_maatregel.{kolom}": G for kolom in ("dpia_id", "volgorde", "code", "naam", "beschrijving",
                                                  "beoordeling", "beoordeling_toelichting")},
    **{f"dpia_risico.{kolom}": G for kolom in (
        "dpia_id", "volgorde", "sleutel", "letter", "naam", "gevolgen", "dreigingen", "bronnen", "ernst",
        "ernst_toelichting", "waarschijnlijkheid", "waarschijnlijkheid_toelichting", "ernst_na",
        "waarschijnlijkheid_na", "beoordeling", "beoordeling_toelichting")},
    **{f"dpia_actie.{kolom}": G for kolom in ("dpia_id", "onderwerp", "omschrijving", "eigenaar", "deadline", "status",
                                              "afgerond_op")},
    "dpia_activiteit.dpia_id": G,
    "dpia_activiteit.activiteit_id": G,
    "dpia_risico_maatregel.risico_id": G,
    "dpia_risico_maatregel.maatregel_id": G,
}
_RIJNUMMER = "rijnummer zonder betekenis buiten de database; de gegevens zelf staan in de andere kolommen"
TECHNISCH: dict[str, str] = {f"{tabel}.id": _RIJNUMMER for tabel in (
    "dpia", "dpia_antwoord", "dpia_maatregel", "dpia_risico", "dpia_actie")}
