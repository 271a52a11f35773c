"""This feature's columns for the schema-coverage check (merged into dpia.register.dekking): a user's digest choices
and records are account data, processed under beheer_accounts; they hold no trajectory data (counts only)."""
from portal.codes import Activiteit

B = [Activiteit.beheer_accounts]

DEKKING: dict[str, list[Activiteit]] = {
    **{f"melding_afmelding.{kolom}": B for kolom in ("user_id", "categorie", "gewijzigd_op")},
    **{f"melding_digest.{kolom}": B for kolom in (
        "user_id", "dag", "status", "aantallen", "pogingen", "aangemaakt_op", "laatste_poging", "verzonden_op",
        "fout")},
}
TECHNISCH: dict[str, str] = {
    "melding_digest.id": "Technische sleutel zonder betekenis; zegt niets over een traject of een persoon.",
}
