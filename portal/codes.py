"""Code lists of the portal: defined once here, with their Dutch labels, they feed models, forms, validation,
templates and XLSX drop-downs."""
from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Self


class Code(str, enum.Enum):
    """A code-list value that carries its Dutch label: written `b1 = "b1", "B1-route"`, read `Leerroute.b1.label`.
    A member written without a label is shown as its value (A2, B1)."""

    _value_: str
    label: str

    def __new__(cls, value: str, *_texts: str) -> Code:
        member = str.__new__(cls, value)
        member._value_ = value
        return member

    def __init__(self, value: str, label: str | None = None) -> None:
        self.label = value if label is None else label

    @classmethod
    def van(cls, value: str) -> Self:
        """The member whose value is `value` (ValueError for another): `cls(value)`, which mypy reads as a call of
        the members' constructor (value, label[, omschrijving]) rather than the enum's lookup by value."""
        return cls(value)


class Rol(str, enum.Enum):
    aanbieder = "aanbieder"
    regisseur = "regisseur"
    privacy = "privacy"
    beheerder = "beheerder"


class OrganisatieType(str, enum.Enum):
    gemeente = "gemeente"
    aanbieder = "aanbieder"
    beheer = "beheer"  # the portal's operator: holds only beheerders, no trajectory content


class Onderdeel(Code):
    taal = "taal", "Taal"
    map = "map", "MAP"
    pvt = "pvt", "PVT"


class DuoOnderdeel(Code):
    """What a gemeente registers at DUO as a result (DUO's MAP, PVT en Z-route API)."""

    map = "map", "MAP"
    pvt = "pvt", "PVT"
    zroute = "zroute", "Z-route"


class Doelgroep(Code):
    asielstatushouder = "asielstatushouder", "Asielstatushouder"
    gezinsmigrant = "gezinsmigrant", "Gezinsmigrant"
    overige_migrant = "overige_migrant", "Overige migrant"


class Leerroute(Code):
    b1 = "b1", "B1-route"
    onderwijsroute = "onderwijsroute", "Onderwijsroute"
    z_route = "z_route", "Z-route"


class TrajectStatus(Code):
    actief = "actief", "Actief"
    afgerond = "afgerond", "Afgerond"
    beeindigd = "beeindigd", "Beëindigd"


class ExamenNiveau(Code):
    """The exam niveau of a trajectory's PIP (interface.md v1.1): B1 by default on the B1-route; A2 after afschalen."""

    A2 = "A2"
    B1 = "B1"


class TermijnBron(Code):
    """Where the inburgeringstermijn's dates come from: estimated from the PIP-datum, or typed in from DUO."""

    geschat = "geschat", "geschat uit de PIP-datum"
    duo = "duo", "van DUO"


class RedenEinde(Code):
    """Why the inburgeringsplicht ended (interface.md v1.1)."""

    voldaan = "voldaan", "Voldaan aan de inburgeringsplicht"
    ontheffing = "ontheffing", "Ontheffing"
    vrijstelling = "vrijstelling", "Vrijstelling"
    verhuisd = "verhuisd", "Verhuisd naar een andere gemeente"
    vertrokken = "vertrokken", "Vertrokken uit Nederland"
    overleden = "overleden", "Overleden"
    overig = "overig", "Overig"


class VerzuimReden(Code):
    ziekte = "ziekte", "Ziekte"
    medische_afspraak = "medische_afspraak", "Medische afspraak"
    familieomstandigheden = "familieomstandigheden", "Familieomstandigheden"
    werk_of_stage = "werk_of_stage", "Werk of stage"
    andere_verplichting = "andere_verplichting", "Andere verplichting"
    vervoer = "vervoer", "Vervoer"
    geen_geldige_reden = "geen_geldige_reden", "Geen geldige reden"
    onbekend = "onbekend", "Onbekend"


class Vaardigheid(Code):
    lezen = "lezen", "Lezen"
    luisteren = "luisteren", "Luisteren"
    schrijven = "schrijven", "Schrijven"
    spreken = "spreken", "Spreken"
    knm = "knm", "KNM (kennis van de Nederlandse maatschappij)"


class Niveau(Code):
    A0 = "A0"
    A1 = "A1"
    A2 = "A2"
    B1 = "B1"
    B2 = "B2"


class ToetsResultaat(Code):
    behaald = "behaald", "Behaald"
    niet_behaald = "niet_behaald", "Niet behaald"


class AfrondingOnderdeel(Code):
    taal = "taal", "Taal"
    map = "map", "MAP"
    pvt = "pvt", "PVT"
    taalschakeltraject = "taalschakeltraject", "Taalschakeltraject"


class AfrondingStatus(Code):
    afgerond = "afgerond", "Afgerond"
    niet_afgerond = "niet_afgerond", "Niet afgerond"
    voortijdig_beeindigd = "voortijdig_beeindigd", "Voortijdig beëindigd"


class AfrondingReden(Code):
    verhuisd = "verhuisd", "Verhuisd"
    ziekte = "ziekte", "Ziekte"
    werk = "werk", "Werk"
    onvoldoende_inzet = "onvoldoende_inzet", "Onvoldoende inzet"
    ontheffing_of_vrijstelling = "ontheffing_of_vrijstelling", "Ontheffing of vrijstelling"
    overleden = "overleden", "Overleden"
    overig = "overig", "Overig"


class Verwijtbaar(Code):
    ja = "ja", "Ja"
    nee = "nee", "Nee"
    onbekend = "onbekend", "Onbekend"


class VoStatus(str, enum.Enum):
    """Status of a verwerkersovereenkomst (AVG art. 28)."""

    concept = "concept"
    getekend = "getekend"
    verlopen = "verlopen"
    beeindigd = "beeindigd"


class Actie(Code):
    """Actions of the processing log (VNG Logging Verwerkingen), as named in interface.md."""

    lezen = "lezen", "Lezen"
    aanmaken = "aanmaken", "Aanmaken"
    aanleveren = "aanleveren", "Aanleveren"
    wijzigen = "wijzigen", "Wijzigen"
    exporteren = "exporteren", "Exporteren"
    beperken = "beperken", "Beperken"
    wissen = "wissen", "Wissen"


class Activiteit(Code):
    """The portal's own processing activities; each gemeente's register holds one entry per code."""

    voortgangsrapportage = "voortgangsrapportage", "Voortgangsrapportage"
    signalering_regie = "signalering_regie", "Signalering en regie"
    duo_keten = "duo_keten", "Registratie bij DUO"
    beheer_accounts = "beheer_accounts", "Beheer van accounts"
    gegevensbeschermingsverzoeken = "gegevensbeschermingsverzoeken", "Verzoeken van betrokkenen"


class Soort(Code):
    """The three kinds of delivery (aanleverformaat v1), with two names: `label` names what was delivered, as a
    trajectory's history and its entry form show it ("Toets"); `omschrijving` names the upload an aanbieder chooses
    ("Tussentijdse toets")."""

    omschrijving: str

    aanwezigheid = "aanwezigheid", "Aanwezigheid", "Aanwezigheid en verzuim"
    toets = "toets", "Toets", "Tussentijdse toets"
    afronding = "afronding", "Afronding", "Afronding van een onderdeel"

    def __init__(self, value: str, label: str, omschrijving: str) -> None:
        super().__init__(value, label)
        self.omschrijving = omschrijving


# The code lists of delivered values: a value that two of them share (taal, ziekte, onbekend) has one label, so a
# stored string finds its label whichever list it came from (tests/unit/test_codes.py holds them to that).
LEVERING_CODES: tuple[type[Code], ...] = (Onderdeel, DuoOnderdeel, AfrondingOnderdeel, VerzuimReden, Vaardigheid,
                                          Niveau, ToetsResultaat, AfrondingStatus, AfrondingReden, Verwijtbaar)


# The code lists of a trajectory's own fields (and its assignments' onderdeel).
TRAJECT_CODES: tuple[type[Code], ...] = (Doelgroep, Leerroute, Onderdeel, TrajectStatus, ExamenNiveau, TermijnBron,
                                         RedenEinde)


def values(enum_cls: type[enum.Enum]) -> list[str]:
    return [member.value for member in enum_cls]


def choices(enum_cls: Iterable[Code], empty: str | None = None) -> list[tuple[str, str]]:
    """(value, label) pairs for a form field, in code-list order: the members of `enum_cls` (a code list, or some of
    its members); `empty` first, as the option that chooses nothing."""
    options = [(member.value, member.label) for member in enum_cls]
    return [("", empty), *options] if empty is not None else options


def labels(*enum_classes: type[Code]) -> dict[str, str]:
    """Value -> label of the given code lists, for templates and stored strings (a str enum member finds its entry
    too). Where two lists share a value, the first list's label wins."""
    found: dict[str, str] = {}
    for enum_cls in enum_classes:
        for member in enum_cls:
            found.setdefault(member.value, member.label)
    return found


# Value -> label for templates and stored strings: the delivered codes, and a trajectory's own fields.
LEVERING_LABELS = labels(*LEVERING_CODES)
TRAJECT_LABELS = labels(*TRAJECT_CODES)


def code_label(value):
    """The Dutch label of a delivered code, given as enum member or stored string; an unknown value as it is."""
    value = getattr(value, "value", value)
    return LEVERING_LABELS.get(value, value)
