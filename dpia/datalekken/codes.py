"""Code lists of the datalekken register, with their Dutch labels."""
import enum


class Soort(str, enum.Enum):
    """Which security property the breach touched (the AP's meldformulier asks the same)."""

    vertrouwelijkheid = "vertrouwelijkheid"
    integriteit = "integriteit"
    beschikbaarheid = "beschikbaarheid"


SOORT_LABELS = {Soort.vertrouwelijkheid: "Vertrouwelijkheid (onbevoegde inzage of verstrekking)",
                Soort.integriteit: "Integriteit (onbedoelde wijziging)",
                Soort.beschikbaarheid: "Beschikbaarheid (verlies of vernietiging)"}


class Informeren(str, enum.Enum):
    """The decision to inform the data subjects (art. 34)."""

    nog_besluiten = "nog_besluiten"
    ja = "ja"
    nee = "nee"


INFORMEREN_LABELS = {Informeren.nog_besluiten: "Nog niet besloten", Informeren.ja: "Ja, betrokkenen informeren",
                     Informeren.nee: "Nee, niet informeren"}


def choices(labels: dict) -> list[tuple[str, str]]:
    return [(code.value, label) for code, label in labels.items()]
