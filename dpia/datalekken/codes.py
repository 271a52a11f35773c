"""Code lists of the datalekken register, with their Dutch labels."""
from portal.codes import Code


class Soort(Code):
    """Which security property the breach touched (the AP's meldformulier asks the same)."""

    vertrouwelijkheid = "vertrouwelijkheid", "Vertrouwelijkheid (onbevoegde inzage of verstrekking)"
    integriteit = "integriteit", "Integriteit (onbedoelde wijziging)"
    beschikbaarheid = "beschikbaarheid", "Beschikbaarheid (verlies of vernietiging)"


class Informeren(Code):
    """The decision to inform the data subjects (art. 34)."""

    nog_besluiten = "nog_besluiten", "Nog niet besloten"
    ja = "ja", "Ja, betrokkenen informeren"
    nee = "nee", "Nee, niet informeren"
