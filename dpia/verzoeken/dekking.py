"""This feature's columns for the schema-coverage check (merged into dpia.register.dekking): each column maps to the
register activities that process it (DEKKING) or is listed as technical with a reason (TECHNISCH)."""
from portal.codes import Activiteit

G = [Activiteit.gegevensbeschermingsverzoeken]
# A restriction is enforced for everyone who processes the trajectory: the aanbieders (deliveries refused) and the
# regisseurs (the trajectory hidden) process the fact that it is restricted under their own activities.
BEPERKING = [Activiteit.voortgangsrapportage, Activiteit.signalering_regie, Activiteit.gegevensbeschermingsverzoeken]

_KOLOMMEN = {
    "verzoek": ("gemeente_id", "type", "status", "ontvangen", "kanaal", "identiteit_methode", "identiteit_door",
                "identiteit_op", "verlengd_op", "verlenging_reden", "notities", "afgesloten_op", "brief_tekst",
                "brief_definitief_op", "brief_definitief_door", "aangemaakt_op", "aangemaakt_door"),
    "verzoek_traject": ("verzoek_id", "traject_id"),
    "verzoek_actie": ("verzoek_id", "actie", "grond", "aantal_trajecten", "samenvatting", "uitgevoerd_op",
                      "uitgevoerd_door"),
    "verzoek_document": ("verzoek_id", "bestandsnaam", "mimetype", "grootte", "inhoud", "toegevoegd_op",
                         "toegevoegd_door"),
    "rectificatie": ("verzoek_id", "traject_id", "soort", "record_id", "veld", "oude_waarde", "nieuwe_waarde",
                     "historie_id", "gewijzigd_op", "gewijzigd_door"),
}

DEKKING: dict[str, list[Activiteit]] = {
    **{f"{tabel}.{kolom}": G for tabel, kolommen in _KOLOMMEN.items() for kolom in kolommen},
    **{f"traject_beperking.{kolom}": BEPERKING for kolom in (
        "traject_id", "verzoek_id", "gestart_op", "gestart_door", "opgeheven_op", "opgeheven_door")},
}
TECHNISCH: dict[str, str] = {
    f"{tabel}.id": "Technische sleutel zonder betekenis; zegt niets over een traject of een persoon."
    for tabel in (*_KOLOMMEN, "traject_beperking")
}
