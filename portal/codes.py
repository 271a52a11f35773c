"""Code lists of the portal: defined once here, they feed models, forms, validation, templates and XLSX drop-downs."""
import enum


class Rol(str, enum.Enum):
    aanbieder = "aanbieder"
    regisseur = "regisseur"
    privacy = "privacy"
    beheerder = "beheerder"


class OrganisatieType(str, enum.Enum):
    gemeente = "gemeente"
    aanbieder = "aanbieder"
    beheer = "beheer"  # the portal's operator: holds only beheerders, no trajectory content


class Onderdeel(str, enum.Enum):
    taal = "taal"
    map = "map"
    pvt = "pvt"


class DuoOnderdeel(str, enum.Enum):
    """What a gemeente registers at DUO as a result (DUO's MAP, PVT en Z-route API)."""

    map = "map"
    pvt = "pvt"
    zroute = "zroute"


class Doelgroep(str, enum.Enum):
    asielstatushouder = "asielstatushouder"
    gezinsmigrant = "gezinsmigrant"
    overige_migrant = "overige_migrant"


class Leerroute(str, enum.Enum):
    b1 = "b1"
    onderwijsroute = "onderwijsroute"
    z_route = "z_route"


class TrajectStatus(str, enum.Enum):
    actief = "actief"
    afgerond = "afgerond"
    beeindigd = "beeindigd"


class ExamenNiveau(str, enum.Enum):
    """The exam niveau of a trajectory's PIP (interface.md v1.1): B1 by default on the B1-route; A2 after afschalen."""

    A2 = "A2"
    B1 = "B1"


class TermijnBron(str, enum.Enum):
    """Where the inburgeringstermijn's dates come from: estimated from the PIP-datum, or typed in from DUO."""

    geschat = "geschat"
    duo = "duo"


class RedenEinde(str, enum.Enum):
    """Why the inburgeringsplicht ended (interface.md v1.1)."""

    voldaan = "voldaan"
    ontheffing = "ontheffing"
    vrijstelling = "vrijstelling"
    verhuisd = "verhuisd"
    vertrokken = "vertrokken"
    overleden = "overleden"
    overig = "overig"


class VerzuimReden(str, enum.Enum):
    ziekte = "ziekte"
    medische_afspraak = "medische_afspraak"
    familieomstandigheden = "familieomstandigheden"
    werk_of_stage = "werk_of_stage"
    andere_verplichting = "andere_verplichting"
    vervoer = "vervoer"
    geen_geldige_reden = "geen_geldige_reden"
    onbekend = "onbekend"


class Vaardigheid(str, enum.Enum):
    lezen = "lezen"
    luisteren = "luisteren"
    schrijven = "schrijven"
    spreken = "spreken"
    knm = "knm"


class Niveau(str, enum.Enum):
    A0 = "A0"
    A1 = "A1"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"


class ToetsResultaat(str, enum.Enum):
    behaald = "behaald"
    niet_behaald = "niet_behaald"


class AfrondingOnderdeel(str, enum.Enum):
    taal = "taal"
    map = "map"
    pvt = "pvt"
    taalschakeltraject = "taalschakeltraject"


class AfrondingStatus(str, enum.Enum):
    afgerond = "afgerond"
    niet_afgerond = "niet_afgerond"
    voortijdig_beeindigd = "voortijdig_beeindigd"


class AfrondingReden(str, enum.Enum):
    verhuisd = "verhuisd"
    ziekte = "ziekte"
    werk = "werk"
    onvoldoende_inzet = "onvoldoende_inzet"
    ontheffing_of_vrijstelling = "ontheffing_of_vrijstelling"
    overleden = "overleden"
    overig = "overig"


class Verwijtbaar(str, enum.Enum):
    ja = "ja"
    nee = "nee"
    onbekend = "onbekend"


class VoStatus(str, enum.Enum):
    """Status of a verwerkersovereenkomst (AVG art. 28)."""

    concept = "concept"
    getekend = "getekend"
    verlopen = "verlopen"
    beeindigd = "beeindigd"


class Actie(str, enum.Enum):
    """Actions of the processing log (VNG Logging Verwerkingen), as named in interface.md."""

    lezen = "lezen"
    aanmaken = "aanmaken"
    aanleveren = "aanleveren"
    wijzigen = "wijzigen"
    exporteren = "exporteren"
    beperken = "beperken"
    wissen = "wissen"


class Activiteit(str, enum.Enum):
    """The portal's own processing activities; each gemeente's register holds one entry per code."""

    voortgangsrapportage = "voortgangsrapportage"
    signalering_regie = "signalering_regie"
    duo_keten = "duo_keten"
    beheer_accounts = "beheer_accounts"
    gegevensbeschermingsverzoeken = "gegevensbeschermingsverzoeken"


def values(enum_cls: type[enum.Enum]) -> list[str]:
    return [member.value for member in enum_cls]
