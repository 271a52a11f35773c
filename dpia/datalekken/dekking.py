"""This feature's columns for the schema-coverage check (merged into dpia.register.dekking): each column maps to the
register activities that process it (DEKKING) or is listed as technical with a reason (TECHNISCH)."""
from portal.codes import Activiteit

# The datalekken register is the privacy officer's work on trajectory data (the affected trajectories are read and
# logged under her activity, as portal.access does for every privacy officer's read).
G = [Activiteit.gegevensbeschermingsverzoeken]

DEKKING: dict[str, list[Activiteit]] = {
    **{f"datalek.{kolom}": G for kolom in (
        "gemeente_id", "titel", "omschrijving", "soort", "ontdekt_op", "gemeld_intern_op", "gemeld_ap", "gemeld_ap_op",
        "ap_kenmerk", "niet_melden_reden", "betrokkenen_informeren", "betrokkenen_reden",
        "betrokkenen_geinformeerd_op", "maatregelen", "selectie_aanbieder_id", "selectie_batch_id",
        "selectie_activiteit", "selectie_van", "selectie_tot", "verwerkingsstop_id", "aangemaakt_op", "gewijzigd_op",
        "gewijzigd_door")},
    **{f"datalek_traject.{kolom}": G for kolom in ("datalek_id", "traject_id", "organisaties", "verwerkingen")},
}
_RIJNUMMER = "rijnummer zonder betekenis buiten de database; de gegevens zelf staan in de andere kolommen"
TECHNISCH: dict[str, str] = {f"{tabel}.id": _RIJNUMMER for tabel in ("datalek", "datalek_traject")}
