"""The Dutch names of a trajectory's own fields: the change form, the trajectory's history and the data subject's
inzage document all say them the same way (the delivery columns' names live in portal/leveringen/kolommen.py)."""

VELD_LABELS = {
    "doelgroep": "Doelgroep", "leerroute": "Leerroute", "pip_datum": "PIP-datum", "niveau": "Examenniveau",
    "intensiteit_uren": "Intensiteit (taaluren)", "datum_aanbod": "Datum inburgeringsaanbod",
    "termijn_start": "Begin inburgeringstermijn", "termijn_einde": "Einde inburgeringstermijn",
    "termijn_bron": "Bron van de termijn", "verlengingsgrond": "Verlengingsgrond", "status": "Status",
    "einde_plicht": "Einde inburgeringsplicht", "reden_einde": "Reden einde",
}
